import { companyPhrases } from './company-phrases.js';
import { formatTime, formatCount, formatDate, type Language } from './format.js';
import type { Block, MailAttachment, RenderedMail } from './document.js';
import { renderHtml } from './html.js';
import { slug } from './outcome.js';
import { buildIcs, icsTime, type IcsEvent } from './ics.js';
import { renderText } from './text.js';

// The schedule of a match event, sent once the response deadline has passed
// and the candidates are placed in the confirmed slots (domain/match-schedule.ts).
// A company gets its own meetings, a calendar file
// with one entry per meeting, and the link where it later reports internship
// offers and starts. The consultant gets every meeting, grouped by company,
// and one calendar entry for the whole event. Candidates appear only by
// their candidate code and display name.

export interface ScheduledMeeting {
  start: string;
  end: string /* ISO instants */;
  companyName: string;
  candidate: { code: string; name: string };
}

export interface MatchScheduleMailView {
  audience: 'company' | 'consultant';
  recipientName: string;
  pilot: { id: string; name: string };
  event: { date: string; location?: string };
  /** company: its own meetings; consultant: every meeting. Sorted by start. */
  meetings: ScheduledMeeting[];
  /** company only: the signed link where they report internship offers and starts (http(s) only). */
  internshipsUrl?: string;
  /** company only: the last day of the internship window (calendar date). */
  reportBy?: string;
  /** DTSTAMP of the calendar file, an ISO instant; by default the first meeting's start, so the same view always renders the same bytes. */
  stamp?: string;
  language?: Language;
}

export const ICS_FILENAME = 'match-event.ics';
const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';

/** A company name as a UID part: ASCII letters and digits ("Søren & Co. ApS" → "soeren-co-aps"). */
const uidPart = (name: string): string => slug(name).slice(0, 40).replace(/-+$/, '');

const byStart = (a: ScheduledMeeting, b: ScheduledMeeting) => Date.parse(a.start) - Date.parse(b.start) || a.companyName.localeCompare(b.companyName);

/**
 * Each company's UID part: its slug, or its position among the companies
 * when the name gives no slug or two names give the same one, so UIDs are
 * distinct and the same view always gives the same UIDs.
 */
const companyKeys = (meetings: ScheduledMeeting[]): Map<string, string> => {
  const names = [...new Set(meetings.map((m) => m.companyName))].sort();
  const keys = new Map<string, string>();
  const used = new Set<string>();
  names.forEach((name, index) => {
    const s = uidPart(name);
    const key = s && !used.has(s) ? s : `company-${index + 1}`;
    used.add(key);
    keys.set(name, key);
  });
  return keys;
};

const meetingRow = (m: ScheduledMeeting, language: Language): string[] => [
  `${formatTime(m.start, language)}–${formatTime(m.end, language)}`,
  m.candidate.code,
  m.candidate.name,
];

const attachment = (events: IcsEvent[]): MailAttachment[] =>
  events.length ? [{ filename: ICS_FILENAME, content: buildIcs(events), contentType: ICS_CONTENT_TYPE }] : [];

export const renderMatchScheduleMail = (view: MatchScheduleMailView): RenderedMail => {
  if (view.internshipsUrl !== undefined && !/^https?:\/\//i.test(view.internshipsUrl)) throw new Error('internshipsUrl must be an http(s) URL');
  const language = view.language ?? 'da';
  const c = companyPhrases(language);
  const s = c.schedule;
  const meetings = [...view.meetings].sort(byStart);
  const eventDate = formatDate(view.event.date, language);
  const first = meetings[0];
  const last = meetings.reduce<ScheduledMeeting | undefined>((a, m) => (!a || Date.parse(m.end) > Date.parse(a.end) ? m : a), undefined);
  const stamp = view.stamp ?? first?.start ?? `${view.event.date}T00:00:00Z`;
  const span =
    first && last
      ? [s.span(formatTime(first.start, language), formatTime(last.end, language)), ...(view.event.location ? [s.where(view.event.location)] : [])]
      : [];
  const columns = s.columns.map((title, i) => ({ title, nowrap: i < 2, ...(i === 0 ? { width: 22 } : i === 1 ? { width: 22 } : {}) }));

  if (view.audience === 'company') {
    const keys = companyKeys(meetings);
    const events: IcsEvent[] = meetings.map((m) => ({
      uid: `${view.pilot.id}-${keys.get(m.companyName)}-${icsTime(m.start)}@pilot-orchestrator`,
      start: m.start,
      end: m.end,
      summary: s.icsCompanySummary(m.candidate.code, m.candidate.name),
      description: s.icsCompanyDescription(view.pilot.name, m.candidate.code),
      ...(view.event.location ? { location: view.event.location } : {}),
      stamp,
    }));
    const reportBy = view.reportBy ? formatDate(view.reportBy, language) : undefined;
    const blocks: Block[] = [
      ...(view.recipientName ? ([{ kind: 'paragraph', text: s.companyGreeting(view.recipientName) }] satisfies Block[]) : []),
      { kind: 'callout', tone: meetings.length ? 'good' : 'info', label: s.label, title: s.calloutTitle(c.meetings(meetings.length), eventDate), lines: span },
      ...(meetings.length
        ? ([
            { kind: 'paragraph', text: s.companyIntro(view.pilot.name) },
            { kind: 'table', columns, rows: meetings.map((m) => meetingRow(m, language)) },
            { kind: 'paragraph', text: s.calendarCompany, muted: true },
            { kind: 'paragraph', text: s.personalCompany, muted: true },
          ] satisfies Block[])
        : ([{ kind: 'paragraph', text: s.noMeetings }] satisfies Block[])),
      ...(meetings.length && view.internshipsUrl
        ? ([
            { kind: 'heading', text: s.reportHeading },
            { kind: 'paragraph', text: s.reportIntro(reportBy ?? eventDate) },
            { kind: 'list', items: s.reportItems },
            { kind: 'paragraph', text: s.reportNote },
            { kind: 'button', text: s.reportButton, url: view.internshipsUrl },
          ] satisfies Block[])
        : []),
    ];
    const doc = {
      language,
      title: s.companyTitle,
      preheader: [s.calloutTitle(c.meetings(meetings.length), eventDate), ...span].join(' '),
      blocks,
      footer: s.footer(view.pilot.name),
    };
    const attachments = attachment(events);
    return {
      subject: s.companySubject(eventDate, view.pilot.name),
      html: renderHtml(doc),
      text: renderText(doc),
      ...(attachments.length ? { attachments } : {}),
    };
  }

  // The consultant: every company's meetings, and the event as one calendar entry.
  const companies = [...new Set(meetings.map((m) => m.companyName))].sort((a, b) => a.localeCompare(b, language));
  const candidatesMet = new Set(meetings.map((m) => m.candidate.code)).size;
  const events: IcsEvent[] =
    first && last
      ? [
          {
            uid: `${view.pilot.id}-match-event@pilot-orchestrator`,
            start: first.start,
            end: last.end,
            summary: s.icsConsultantSummary(view.pilot.name),
            description: s.icsConsultantDescription(c.meetings(meetings.length), c.companies(companies.length)),
            ...(view.event.location ? { location: view.event.location } : {}),
            stamp,
          },
        ]
      : [];
  const blocks: Block[] = [
    ...(view.recipientName ? ([{ kind: 'paragraph', text: s.consultantGreeting(view.recipientName) }] satisfies Block[]) : []),
    { kind: 'callout', tone: 'info', label: s.label, title: s.calloutTitle(c.meetings(meetings.length), eventDate), lines: span },
    { kind: 'paragraph', text: s.consultantIntro },
    { kind: 'heading', text: s.figures },
    {
      kind: 'facts',
      rows: [
        { label: s.meetingsCount, value: formatCount(meetings.length, language), strong: true },
        { label: s.candidatesMet, value: formatCount(candidatesMet, language) },
        { label: s.companiesCount, value: formatCount(companies.length, language) },
        ...(first && last ? [{ label: s.time, value: c.timeSpan(formatTime(first.start, language), formatTime(last.end, language)) }] : []),
        ...(view.event.location ? [{ label: s.location, value: view.event.location }] : []),
      ],
    },
    ...companies.flatMap((name): Block[] => {
      const own = meetings.filter((m) => m.companyName === name);
      return [
        { kind: 'heading', text: s.companyHeading(name, c.meetings(own.length)) },
        { kind: 'table', columns, rows: own.map((m) => meetingRow(m, language)) },
      ];
    }),
    ...(events.length ? ([{ kind: 'paragraph', text: s.calendarConsultant, muted: true }] satisfies Block[]) : []),
    { kind: 'paragraph', text: s.personalConsultant, muted: true },
  ];
  const doc = {
    language,
    title: s.consultantTitle(view.pilot.name),
    preheader: [s.calloutTitle(c.meetings(meetings.length), eventDate), ...span].join(' '),
    blocks,
    footer: s.footer(view.pilot.name),
  };
  const attachments = attachment(events);
  return {
    subject: s.consultantSubject(eventDate, view.pilot.name),
    html: renderHtml(doc),
    text: renderText(doc),
    ...(attachments.length ? { attachments } : {}),
  };
};
