// A minimal iCalendar (RFC 5545) writer for the match-event schedules: one
// VCALENDAR with METHOD:PUBLISH (a calendar to add, not an invitation to
// accept, so no attendee replies come back to an unattended mailbox) and one
// VEVENT per meeting. Times are written in UTC, which every client converts
// to the reader's zone, so no VTIMEZONE block is needed.

export interface IcsEvent {
  /** Globally unique and stable: the same event sent again replaces, not duplicates, the calendar entry. */
  uid: string;
  /** ISO 8601 instants. */
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  organizerEmail?: string;
  /** When the event description was made (DTSTAMP), an ISO instant. */
  stamp: string;
}

const PRODID = '-//Jobcenter Koebenhavn//pilot-orchestrator//EN';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_OCTETS = 75;

/** An instant as a UTC DATE-TIME: 20210114T080000Z. */
export const icsTime = (instant: string): string => {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) throw new Error(`not an ISO instant: ${instant}`);
  return t
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
};

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as \n. */
export const escapeText = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

const octets = (codePoint: string): number => {
  const c = codePoint.codePointAt(0)!;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
};

/**
 * A content line folded to at most 75 octets per physical line: a
 * continuation starts with one space (which counts), and a break falls
 * between characters, never inside a multi-byte UTF-8 sequence.
 */
export const foldLine = (line: string): string => {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = octets(ch);
    if (size + n > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      size = 1;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n');
};

const mailto = (email: string): string => {
  // A line break or a delimiter here would let an address start a new property.
  if (!/^[^\s:;,"<>\\]+@[^\s:;,"<>\\]+$/.test(email)) throw new Error(`not a plain e-mail address: ${email}`);
  return `mailto:${email}`;
};

const vevent = (e: IcsEvent): string[] => {
  if (Date.parse(e.end) < Date.parse(e.start)) throw new Error(`event ${e.uid} ends before it starts`);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${icsTime(e.stamp)}`,
    `DTSTART:${icsTime(e.start)}`,
    `DTEND:${icsTime(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    ...(e.organizerEmail ? [`ORGANIZER:${mailto(e.organizerEmail)}`] : []),
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
};

/** A VCALENDAR with one VEVENT per event, CRLF line endings, folded lines. */
export const buildIcs = (events: IcsEvent | readonly IcsEvent[]): string => {
  const list: readonly IcsEvent[] = Array.isArray(events) ? events : [events as IcsEvent];
  // RFC 5545 §3.4: a calendar holds at least one component.
  if (list.length === 0) throw new Error('a calendar needs at least one event');
  const lines = ['BEGIN:VCALENDAR', `PRODID:${PRODID}`, 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', ...list.flatMap(vevent), 'END:VCALENDAR'];
  return lines.map(foldLine).join('\r\n') + '\r\n';
};
