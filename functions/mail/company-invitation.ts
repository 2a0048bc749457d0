import { companyPhrases, targetGroupName } from './company-phrases.js';
import { formatClock, formatDeadlineNear, formatDate, type Language } from './format.js';
import type { Block, RenderedMail } from './document.js';
import { renderHtml } from './html.js';
import { renderText } from './text.js';

// The invitation to a pilot's match event, and its two reminders to a
// company that has not answered (domain/company.ts). Many partner
// companies are small and have no IT department: the mail says in plain words
// what the event is, what a slot is, that 0 is a welcome answer, and gives
// one button to a signed page where they answer. It names no candidate:
// counts and the course profile only.

export interface CompanyInvitationMailView {
  company: { name: string; contactName: string };
  pilot: { name: string; partner: string };
  /** Calendar dates (YYYY-MM-DD, Copenhagen). */
  event: { date: string; responseDeadline: string; location?: string; startTime: string /* "09:00" */; slotMinutes: number };
  /** Certified candidates expected at the event (a count, never names). */
  candidates: number;
  /** The profile, no personal data: the course, its certification (e.g. "AZ-900") if any, and target groups (slugs). */
  profile: { course: string; certification?: string; targetGroups: string[] };
  /** The most slots this company may take. */
  maxSlots: number;
  /** The signed link to answer (http(s) only). */
  answerUrl: string;
  /** The company's answer so far, if any (an invitation re-sent after a deadline extension may carry it). */
  currentSlots?: number;
  /** 0: the invitation; 1: reminder 7 days before the deadline; 2: reminder 2 days before. */
  reminder: 0 | 1 | 2;
  /** Companies with a webhook integration may answer from their own system instead. */
  hasWebhook: boolean;
  language?: Language;
}

export const renderCompanyInvitationMail = (view: CompanyInvitationMailView): RenderedMail => {
  // Escaping keeps the link inside its attribute; the scheme check keeps a javascript: or data: link out of the mail.
  if (!/^https?:\/\//i.test(view.answerUrl)) throw new Error('answerUrl must be an http(s) URL');
  const language = view.language ?? 'da';
  const c = companyPhrases(language);
  const i = c.invitation;
  const eventDate = formatDate(view.event.date, language);
  const deadline = formatDate(view.event.responseDeadline, language);
  const minutes = c.minutes(view.event.slotMinutes);
  const groups = view.profile.targetGroups.map((g) => targetGroupName(g, language));
  const answered = view.currentSlots !== undefined;

  const blocks: Block[] = [
    { kind: 'paragraph', text: i.greeting(view.company.contactName) },
    {
      kind: 'callout',
      tone: view.reminder === 0 ? 'info' : 'warn',
      label: i.label[view.reminder],
      title: i.calloutTitle(view.reminder, eventDate),
      lines: [i.calloutLine(view.reminder, deadline)],
    },
    { kind: 'paragraph', text: i.intro(view.company.name, view.pilot.name, view.pilot.partner) },
    { kind: 'heading', text: i.eventHeading },
    {
      kind: 'facts',
      rows: [
        { label: i.date, value: eventDate, strong: true },
        { label: i.firstMeeting, value: c.at(formatClock(view.event.startTime, language)) },
        { label: i.meetingLength, value: minutes },
        { label: i.deadline, value: deadline, strong: true },
      ],
    },
    // Free text (a street address, a course title) goes in wrapping blocks: facts keep their values on one line, too wide for a phone.
    ...(view.event.location ? ([{ kind: 'paragraph', text: `${i.location}: ${view.event.location}` }] satisfies Block[]) : []),
    { kind: 'heading', text: i.candidatesHeading },
    { kind: 'paragraph', text: i.expected(view.candidates) },
    {
      kind: 'list',
      items: [
        `${i.course}: ${view.profile.course}`,
        ...(view.profile.certification ? [`${i.certification}: ${view.profile.certification}`] : []),
        ...(groups.length ? [`${i.targetGroupsLabel}: ${groups.join(', ')}`] : []),
      ],
    },
    { kind: 'paragraph', text: i.noNames, muted: true },
    { kind: 'heading', text: i.slotsHeading },
    { kind: 'paragraph', text: `${i.slotExplained(minutes)} ${i.maxSlots(c.slots(view.maxSlots))}` },
    { kind: 'paragraph', text: i.declineIsFine },
    ...(answered
      ? ([
          {
            kind: 'paragraph',
            text: view.currentSlots! > 0 ? i.current(c.slots(view.currentSlots!), deadline) : i.currentDeclined(deadline),
          },
        ] satisfies Block[])
      : []),
    { kind: 'button', text: i.button, url: view.answerUrl },
    { kind: 'paragraph', text: i.afterDeadline(deadline) },
    ...(view.hasWebhook ? ([{ kind: 'paragraph', text: i.webhook, muted: true }] satisfies Block[]) : []),
    { kind: 'paragraph', text: i.linkNote, muted: true },
  ];

  const doc = {
    language,
    title: i.title(view.pilot.name),
    preheader: i.preheader(c.candidates(view.candidates), deadline),
    blocks,
    footer: i.footer(view.pilot.name),
  };
  return {
    subject: i.subject(view.reminder, view.pilot.name, eventDate, formatDeadlineNear(view.event.responseDeadline, view.event.date, language)),
    html: renderHtml(doc),
    text: renderText(doc),
  };
};
