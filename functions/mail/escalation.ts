import type { EscalationRisk } from '../domain/risks.js';
import type { Block, RenderedMail } from './document.js';
import { renderHtml } from './html.js';
import { phrases } from './i18n.js';
import { formatCount, formatDate, type Language } from './format.js';
import { renderText } from './text.js';

// The escalation e-mail: a pilot is at risk for one of the operational
// reasons in domain/risks.ts (recruitment short, no company answers, too few
// vouchers, follow-up not recorded). It says what is at risk, the numbers,
// what the consultant can do, and what happens if nobody acts by the date.

export interface EscalationMailView {
  pilot: { id: string; name: string };
  risk: EscalationRisk;
  /** The figures behind the risk, e.g. { enrolled: 12, minimum: 30 }; a YYYY-MM-DD string is shown as a date. */
  details: Record<string, number | string>;
  /** The last day to act (a calendar date in Copenhagen). */
  decideBy?: string;
  language?: Language;
}

/** Keys that repeat what the mail already says elsewhere. */
const SHOWN_ELSEWHERE = new Set(['risk', 'decideBy']);

/** Numbers as counts, calendar dates as dates, anything else (a step's name) as it is. */
const detailValue = (value: number | string, language: Language): string =>
  typeof value === 'number' ? formatCount(value, language) : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, language) : value;

export const renderEscalationMail = (view: EscalationMailView): RenderedMail => {
  const language = view.language ?? 'da';
  const p = phrases(language);
  const x = p.escalation;
  const decideBy = view.decideBy ? formatDate(view.decideBy, language) : undefined;
  const figures = Object.entries(view.details).filter(([key]) => !SHOWN_ELSEWHERE.has(key));

  const blocks: Block[] = [
    {
      kind: 'callout',
      tone: 'bad',
      label: x.label,
      title: p.risk[view.risk],
      lines: [x.situation[view.risk](view.details)],
    },
    ...(figures.length
      ? ([
          { kind: 'heading', text: x.figures },
          { kind: 'facts', rows: figures.map(([key, value]) => ({ label: x.detail[key] ?? key, value: detailValue(value, language) })) },
        ] satisfies Block[])
      : []),
    { kind: 'heading', text: x.whatToDo },
    { kind: 'list', items: x.actions[view.risk] },
    decideBy
      ? { kind: 'callout', tone: 'warn', label: x.deadlineLabel, title: decideBy, lines: [x.deadline[view.risk](decideBy)] }
      : { kind: 'paragraph', text: x.noDeadline },
  ];

  const doc = {
    language,
    title: x.title(view.pilot.name),
    preheader: x.situation[view.risk](view.details),
    blocks,
    footer: [p.footerAutomatic, p.footerCountsOnly],
  };
  return {
    subject: x.subject(view.pilot.name, p.risk[view.risk], decideBy),
    html: renderHtml(doc),
    text: renderText(doc),
  };
};
