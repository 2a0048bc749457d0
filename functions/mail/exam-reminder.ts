import { EXAM_RESULTS } from '../domain/vouchers.js';
import type { Block, RenderedMail } from './document.js';
import { renderHtml } from './html.js';
import { phrases } from './i18n.js';
import { formatCount, formatDate, type Language } from './format.js';
import { renderText } from './text.js';

// Reminds the consultant, 7 days before the exam deadline, of the candidates
// with a voucher code who have no exam result recorded yet. At the deadline the certification phase ends with what is
// recorded, and a candidate without a result is not counted as certified. The
// candidates stay behind the link: the e-mail names nobody, it gives counts.

export interface ExamReminderMailView {
  pilot: { id: string; name: string };
  /** Where the consultant records the results; http(s) only. */
  listUrl: string;
  /** The exam the codes are for ("AZ-900"); may be empty. */
  exam: string;
  /** Candidates whose current code has no result yet. */
  withoutResult: number;
  /** Candidates with a voucher code. */
  withCode: number;
  /** The last day to record (a calendar date in Copenhagen). */
  examDeadline: string;
  language?: Language;
}

export const renderExamReminderMail = (view: ExamReminderMailView): RenderedMail => {
  // Escaping keeps the link inside its attribute; the scheme check keeps a javascript: or data: link out of the mail.
  if (!/^https?:\/\//i.test(view.listUrl)) throw new Error('listUrl must be an http(s) URL');
  const language = view.language ?? 'da';
  const p = phrases(language);
  const e = p.examReminder;
  const deadline = formatDate(view.examDeadline, language);
  const missing = view.withoutResult > 0 ? e.missing(view.withoutResult, view.withCode) : e.allRecorded;

  const blocks: Block[] = [
    { kind: 'callout', tone: view.withoutResult > 0 ? 'warn' : 'good', label: e.label, title: e.missingTitle(view.withoutResult), lines: [missing] },
    { kind: 'paragraph', text: e.intro(view.exam, deadline) },
    {
      kind: 'facts',
      rows: [
        ...(view.exam ? [{ label: e.facts.exam, value: view.exam }] : []),
        { label: e.facts.withCode, value: formatCount(view.withCode, language) },
        { label: e.facts.withoutResult, value: formatCount(view.withoutResult, language), strong: true },
        { label: e.facts.deadline, value: deadline, strong: true },
      ],
    },
    { kind: 'paragraph', text: e.choose },
    { kind: 'list', items: EXAM_RESULTS.map((r) => e.results[r]) },
    { kind: 'button', text: e.button, url: view.listUrl },
    { kind: 'paragraph', text: e.deadline(deadline) },
    { kind: 'paragraph', text: e.bulk(view.pilot.id), muted: true },
    { kind: 'paragraph', text: e.listNote, muted: true },
  ];

  const doc = {
    language,
    title: e.title(view.pilot.name),
    preheader: missing,
    blocks,
    footer: [p.footerAutomatic, p.footerCountsOnly],
  };
  return { subject: e.subject(view.pilot.name, deadline), html: renderHtml(doc), text: renderText(doc) };
};
