import { FOLLOW_UP_OUTCOMES } from '../domain/evaluation.js';
import type { Block, RenderedMail } from './document.js';
import { renderHtml } from './html.js';
import { phrases } from './i18n.js';
import { formatDate, type Language } from './format.js';
import { renderText } from './text.js';

// Asks the consultant to record each participant's situation after the
// course (their follow-up outcome), with up to two reminders before the
// evaluation runs on whatever is recorded. The participants themselves stay
// behind the link: the e-mail names nobody.

export interface FollowUpRequestMailView {
  pilot: { id: string; name: string };
  /** Where the consultant records the outcomes; http(s) only. */
  listUrl: string;
  participantsWithoutOutcome: number;
  /** Of those, how many have only a provisional situation, recorded before the follow-up day. */
  provisional?: number;
  /** The last day to record (a calendar date in Copenhagen). */
  deadline: string;
  /** 0: the first request; 1: a reminder; 2: the last reminder. */
  reminder: 0 | 1 | 2;
  language?: Language;
}

export const renderFollowUpRequestMail = (view: FollowUpRequestMailView): RenderedMail => {
  // Escaping keeps the link inside its attribute; the scheme check keeps a javascript: or data: link out of the mail.
  if (!/^https?:\/\//i.test(view.listUrl)) throw new Error('listUrl must be an http(s) URL');
  const language = view.language ?? 'da';
  const p = phrases(language);
  const f = p.followUp;
  const deadline = formatDate(view.deadline, language);
  const people = p.people(view.participantsWithoutOutcome);

  const blocks: Block[] = [
    ...(view.reminder > 0
      ? ([
          {
            kind: 'callout',
            tone: view.reminder === 2 ? 'bad' : 'warn',
            label: f.reminderLabel(view.reminder as 1 | 2),
            title: f.reminderTitle(people),
            lines: [f.reminderLine(view.reminder as 1 | 2, deadline)],
          },
        ] satisfies Block[])
      : []),
    { kind: 'paragraph', text: f.intro },
    // A reminder's box already says how many are missing.
    ...(view.reminder === 0 ? ([{ kind: 'paragraph', text: view.participantsWithoutOutcome > 0 ? f.missing(people) : f.allRecorded }] satisfies Block[]) : []),
    ...(view.provisional ? ([{ kind: 'paragraph', text: f.provisional(p.people(view.provisional)) }] satisfies Block[]) : []),
    { kind: 'paragraph', text: f.choose },
    { kind: 'list', items: FOLLOW_UP_OUTCOMES.map((o) => p.outcomes[o]) },
    { kind: 'button', text: f.button, url: view.listUrl },
    { kind: 'paragraph', text: f.deadline(deadline) },
    { kind: 'paragraph', text: f.listNote, muted: true },
  ];

  const doc = {
    language,
    title: f.title(view.pilot.name),
    preheader: view.participantsWithoutOutcome > 0 ? f.missing(people) : f.allRecorded,
    blocks,
    footer: [p.footerAutomatic],
  };
  return { subject: f.subject(view.pilot.name, deadline, view.reminder), html: renderHtml(doc), text: renderText(doc) };
};
