import { describe, expect, it } from 'vitest';
import { renderCompanyInvitationMail, type CompanyInvitationMailView } from '../../../functions/mail/company-invitation.js';
import { buildIcs, escapeText, foldLine, type IcsEvent } from '../../../functions/mail/ics.js';
import { renderMatchScheduleMail, type MatchScheduleMailView, type ScheduledMeeting } from '../../../functions/mail/match-schedule.js';

/** The Azure pilot's match event with the Microsoft partner companies, January 2021. */
const invitation = (overrides: Partial<CompanyInvitationMailView> = {}): CompanyInvitationMailView => ({
  company: { name: 'Nordlys IT ApS', contactName: 'Mette Sørensen' },
  pilot: { name: 'Azure with Microsoft', partner: 'Microsoft Danmark' },
  event: { date: '2021-01-14', responseDeadline: '2021-01-04', location: 'Jobcenter København, Gyldenløvesgade 15', startTime: '09:00', slotMinutes: 20 },
  candidates: 42,
  profile: { course: 'Azure Fundamentals, 4 ugers e-læring', certification: 'AZ-900', targetGroups: ['unemployed-academics'] },
  maxSlots: 4,
  answerUrl: 'https://pilot.example.kk.dk/links/abc.def.ghi',
  reminder: 0,
  hasWebhook: false,
  ...overrides,
});

const meeting = (start: string, end: string, companyName: string, code: string, name: string): ScheduledMeeting => ({
  start,
  end,
  companyName,
  candidate: { code, name },
});

const MEETINGS: ScheduledMeeting[] = [
  meeting('2021-01-14T08:00:00Z', '2021-01-14T08:20:00Z', 'Nordlys IT ApS', 'K01', 'Anna Hansen'),
  meeting('2021-01-14T08:00:00Z', '2021-01-14T08:20:00Z', 'Cloudværk A/S', 'K02', 'Bo Jensen'),
  meeting('2021-01-14T08:20:00Z', '2021-01-14T08:40:00Z', 'Nordlys IT ApS', 'K03', 'Søren Østergård'),
  meeting('2021-01-14T08:20:00Z', '2021-01-14T08:40:00Z', 'Cloudværk A/S', 'K01', 'Anna Hansen'),
  meeting('2021-01-14T08:40:00Z', '2021-01-14T09:00:00Z', 'Nordlys IT ApS', 'K02', 'Bo Jensen'),
];

const companySchedule = (overrides: Partial<MatchScheduleMailView> = {}): MatchScheduleMailView => ({
  audience: 'company',
  recipientName: 'Mette Sørensen',
  pilot: { id: 'azure-2020', name: 'Azure with Microsoft' },
  event: { date: '2021-01-14', location: 'Gyldenløvesgade 15, København' },
  meetings: MEETINGS.filter((m) => m.companyName === 'Nordlys IT ApS'),
  internshipsUrl: 'https://pilot.example.kk.dk/links/int.token',
  reportBy: '2021-03-11',
  ...overrides,
});

const consultantSchedule = (overrides: Partial<MatchScheduleMailView> = {}): MatchScheduleMailView => ({
  audience: 'consultant',
  recipientName: 'Lise',
  pilot: { id: 'azure-2020', name: 'Azure with Microsoft' },
  event: { date: '2021-01-14', location: 'Gyldenløvesgade 15, København' },
  meetings: MEETINGS,
  ...overrides,
});

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
/** The physical lines of a calendar: split on CRLF, the final empty line dropped. */
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);
/** The logical lines: folds undone. */
const unfolded = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n').slice(0, -1);

describe('company invitation e-mail', () => {
  it('invites in Danish: the event, the candidates as a count and profile, what a slot is, that 0 is fine, the button and the deadline', () => {
    const mail = renderCompanyInvitationMail(invitation());

    expect(mail.subject).toBe('Invitation: «Azure with Microsoft», matcharrangement 14. januar 2021 – svar senest 4. januar');
    expect(mail.html).toContain('<html lang="da">');
    expect(mail.html).toContain('Kære Mette Sørensen');
    expect(mail.html).toContain('Jobcenter København inviterer Nordlys IT ApS til et matcharrangement i pilotprojektet «Azure with Microsoft»');
    expect(mail.html).toContain('Microsoft Danmark');
    expect(mail.html).toContain('kl. 09.00');
    expect(mail.html).toContain('Jobcenter København, Gyldenløvesgade 15');
    expect(mail.html).toContain('Vi forventer, at 42 certificerede kandidater deltager.');
    expect(mail.html).toContain('AZ-900');
    expect(mail.html).toContain('Ledige akademikere');
    expect(mail.html).toContain('En plads er ét møde på 20 minutter med én kandidat. I kan tage op til 4 pladser.');
    expect(mail.html).toContain('så svar 0');
    expect(mail.html).toContain('<a href="https://pilot.example.kk.dk/links/abc.def.ghi"');
    expect(mail.html).toContain('Svar senest 4. januar 2021.');
    expect(mail.html).not.toContain('webhook');
    expect(mail.attachments).toBeUndefined();
    // The text alternative carries the same content.
    expect(mail.text).toContain('Svar: hvor mange pladser tager I?:\nhttps://pilot.example.kk.dk/links/abc.def.ghi');
    expect(mail.text).toMatch(/Svarfrist: +4\. januar 2021\n/);
  });

  it('says the same in English', () => {
    const mail = renderCompanyInvitationMail(invitation({ language: 'en' }));

    expect(mail.subject).toBe('Invitation: «Azure with Microsoft», match event 14 January 2021 – answer by 4 January');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Dear Mette Sørensen,');
    expect(mail.html).toContain('We expect 42 certified candidates to take part.');
    expect(mail.html).toContain('One slot is one meeting of 20 minutes with one candidate. You may take up to 4 slots.');
    expect(mail.html).toContain('answer 0');
    expect(mail.html).toContain('Unemployed academics');
    expect(mail.html).toContain('at 09:00');
    expect(mail.html).not.toMatch(/Svar|pladser|kandidater/);
  });

  it('has a reminder subject for each reminder, and the year on the deadline when it falls in another year', () => {
    expect(renderCompanyInvitationMail(invitation({ reminder: 1 })).subject).toBe(
      'Påmindelse: «Azure with Microsoft», matcharrangement 14. januar 2021 – svar senest 4. januar',
    );
    expect(renderCompanyInvitationMail(invitation({ reminder: 2 })).subject).toBe(
      'Sidste påmindelse: «Azure with Microsoft», matcharrangement 14. januar 2021 – svar senest 4. januar',
    );
    expect(renderCompanyInvitationMail(invitation({ reminder: 1, language: 'en' })).subject).toBe(
      'Reminder: «Azure with Microsoft», match event 14 January 2021 – answer by 4 January',
    );
    expect(renderCompanyInvitationMail(invitation({ reminder: 2, language: 'en' })).subject).toBe(
      'Last reminder: «Azure with Microsoft», match event 14 January 2021 – answer by 4 January',
    );
    const reminder = renderCompanyInvitationMail(invitation({ reminder: 1 }));
    expect(reminder.html).toContain('Vi mangler jeres svar');
    const acrossYears = invitation({ event: { ...invitation().event, responseDeadline: '2020-12-18' } });
    expect(renderCompanyInvitationMail(acrossYears).subject).toBe(
      'Invitation: «Azure with Microsoft», matcharrangement 14. januar 2021 – svar senest 18. december 2020',
    );
  });

  it('mentions the webhook in one muted line, and an earlier answer when the invitation is re-sent', () => {
    const mail = renderCompanyInvitationMail(invitation({ hasWebhook: true, currentSlots: 2 }));
    expect(mail.html).toContain('webhook-integration');
    expect(mail.html).toContain('I har allerede svaret: 2 pladser.');
    expect(renderCompanyInvitationMail(invitation({ currentSlots: 0 })).html).toContain('I har allerede svaret, at I ikke kan deltage.');
    expect(renderCompanyInvitationMail(invitation({ currentSlots: 1, language: 'en' })).html).toContain('You have already answered: 1 slot.');
  });

  it('escapes a hostile company name and refuses a link that is not http(s)', () => {
    const mail = renderCompanyInvitationMail(invitation({ company: { name: '<script>alert(1)</script>', contactName: '"Eve" <x>' } }));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&quot;Eve&quot; &lt;x&gt;');
    expect(() => renderCompanyInvitationMail(invitation({ answerUrl: 'javascript:alert(1)' }))).toThrow(/http/);
    expect(() => renderCompanyInvitationMail(invitation({ answerUrl: 'data:text/html,hi' }))).toThrow(/http/);
  });

  it('names no candidate: counts and the profile only', () => {
    const mail = renderCompanyInvitationMail(invitation());
    for (const name of ['Anna', 'Hansen', 'K01']) expect(mail.html).not.toContain(name);
  });
});

describe('iCalendar writer', () => {
  const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
    uid: 'azure-2020-nordlys-it-aps-20210114T080000Z@pilot-orchestrator',
    start: '2021-01-14T08:00:00Z',
    end: '2021-01-14T08:20:00.000Z',
    summary: 'Matchmøde',
    stamp: '2021-01-05T12:00:00Z',
    ...overrides,
  });

  it('writes a VCALENDAR with the required properties, UTC times and CRLF line endings', () => {
    const ics = buildIcs(event({ location: 'Gyldenløvesgade 15', organizerEmail: 'pilot@kk.dk' }));
    const lines = unfolded(ics);
    expect(lines.slice(0, 5)).toEqual(['BEGIN:VCALENDAR', expect.stringMatching(/^PRODID:.+/), 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']);
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('DTSTART:20210114T080000Z');
    expect(lines).toContain('DTEND:20210114T082000Z');
    expect(lines).toContain('DTSTAMP:20210105T120000Z');
    expect(lines).toContain('UID:azure-2020-nordlys-it-aps-20210114T080000Z@pilot-orchestrator');
    expect(lines).toContain('ORGANIZER:mailto:pilot@kk.dk');
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('accepts several events and refuses none, bad instants and an address that could inject a property', () => {
    expect(unfolded(buildIcs([event(), event({ uid: 'b' })])).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(() => buildIcs([])).toThrow();
    expect(() => buildIcs(event({ start: 'tomorrow' }))).toThrow();
    expect(() => buildIcs(event({ organizerEmail: 'a@b.dk\r\nATTENDEE:x' }))).toThrow();
  });

  it('escapes backslash, semicolon, comma and line breaks in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    const lines = unfolded(buildIcs(event({ summary: 'Møde; K01, Anna', description: 'Linje 1\nLinje 2 \\ slut', location: 'Sal A, 2. sal' })));
    expect(lines).toContain('SUMMARY:Møde\\; K01\\, Anna');
    expect(lines).toContain('DESCRIPTION:Linje 1\\nLinje 2 \\\\ slut');
    expect(lines).toContain('LOCATION:Sal A\\, 2. sal');
  });

  it('folds a long UTF-8 line at 75 octets without splitting a character', () => {
    const long = 'Æblegrød på Østerbro med ærlige åbne øjne '.repeat(8);
    const ics = buildIcs(event({ description: long }));
    for (const line of physicalLines(ics)) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      // A split multi-byte sequence would decode to U+FFFD.
      expect(Buffer.from(line, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    }
    expect(physicalLines(ics).filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
    expect(unfolded(ics)).toContain(`DESCRIPTION:${long}`);
    // Every continuation line starts with exactly one space, and the folded bytes decode whole.
    const folded = foldLine('X'.repeat(74) + 'æøå'.repeat(40));
    expect(folded.split('\r\n').every((l) => octets(l) <= 75)).toBe(true);
    expect(folded.split('\r\n')[0]).toBe('X'.repeat(74));
    expect(folded.replace(/\r\n /g, '')).toBe('X'.repeat(74) + 'æøå'.repeat(40));
  });

  it('folds a line of four-byte characters on character boundaries', () => {
    const folded = foldLine('SUMMARY:' + '🎉'.repeat(40));
    for (const l of folded.split('\r\n')) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});

describe('match schedule e-mail', () => {
  it('gives a company its meetings in Copenhagen time, a calendar entry per meeting, and how to report internships', () => {
    const mail = renderMatchScheduleMail(companySchedule());

    expect(mail.subject).toBe('Jeres mødeplan: matcharrangement 14. januar 2021 – «Azure with Microsoft»');
    expect(mail.html).toContain('<html lang="da">');
    expect(mail.html).toContain('3 møder 14. januar 2021');
    expect(mail.html).toContain('Fra kl. 09.00 til kl. 10.00.');
    expect(mail.html).toContain('09.00–09.20');
    expect(mail.html).toContain('Søren Østergård');
    expect(mail.html).not.toContain('Cloudværk');
    expect(mail.html).toContain('løntilskud');
    expect(mail.html).toContain('senest 11. marts 2021');
    expect(mail.html).toContain('<a href="https://pilot.example.kk.dk/links/int.token"');
    expect(mail.text).toMatch(/09\.20–09\.40 +K03 +Søren Østergård/);

    expect(mail.attachments).toHaveLength(1);
    const [ics] = mail.attachments!;
    expect(ics).toMatchObject({ filename: 'match-event.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH' });
    const lines = unfolded(String(ics!.content));
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual([
      'UID:azure-2020-nordlys-it-aps-20210114T080000Z@pilot-orchestrator',
      'UID:azure-2020-nordlys-it-aps-20210114T082000Z@pilot-orchestrator',
      'UID:azure-2020-nordlys-it-aps-20210114T084000Z@pilot-orchestrator',
    ]);
    expect(lines).toContain('LOCATION:Gyldenløvesgade 15\\, København');
    expect(physicalLines(String(ics!.content)).every((l) => octets(l) <= 75)).toBe(true);
    // The same view renders the same bytes: a re-sent schedule updates the calendar, not duplicates it.
    expect(renderMatchScheduleMail(companySchedule()).attachments![0]!.content).toBe(ics!.content);
  });

  it('says the same in English', () => {
    const mail = renderMatchScheduleMail(companySchedule({ language: 'en' }));
    expect(mail.subject).toBe('Your schedule: match event 14 January 2021 – «Azure with Microsoft»');
    expect(mail.html).toContain('3 meetings on 14 January 2021');
    expect(mail.html).toContain('09:00–09:20');
    expect(mail.html).toContain('wage-subsidy job (løntilskud)');
    expect(mail.html).toContain('by 11 March 2021');
    expect(unfolded(String(mail.attachments![0]!.content))).toContain('SUMMARY:Match meeting with K01 Anna Hansen');
  });

  it('shows summer time in Copenhagen', () => {
    const summer = renderMatchScheduleMail(
      companySchedule({
        event: { date: '2021-06-10' },
        meetings: [meeting('2021-06-10T07:00:00Z', '2021-06-10T07:30:00Z', 'Nordlys IT ApS', 'K01', 'Anna Hansen')],
      }),
    );
    expect(summer.html).toContain('09.00–09.30');
  });

  it('gives the consultant every meeting by company, the counts, and one calendar entry for the day', () => {
    const mail = renderMatchScheduleMail(consultantSchedule());

    expect(mail.subject).toBe('Mødeplan for matcharrangementet 14. januar 2021 i pilotprojektet «Azure with Microsoft»');
    expect(mail.html).toContain('Hej Lise');
    expect(mail.text).toMatch(/Møder: +5\n/);
    expect(mail.text).toMatch(/Kandidater, der møder mindst én virksomhed: +3\n/);
    expect(mail.text).toMatch(/Virksomheder: +2\n/);
    expect(mail.html.indexOf('Cloudværk A/S (2 møder)')).toBeLessThan(mail.html.indexOf('Nordlys IT ApS (3 møder)'));
    const lines = unfolded(String(mail.attachments![0]!.content));
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines).toContain('DTSTART:20210114T080000Z');
    expect(lines).toContain('DTEND:20210114T090000Z');
    expect(lines).toContain('UID:azure-2020-match-event@pilot-orchestrator');
    expect(renderMatchScheduleMail(consultantSchedule({ recipientName: '' })).html).not.toContain('Hej ');
  });

  it('tells a company with no meetings so, without a calendar file', () => {
    const mail = renderMatchScheduleMail(companySchedule({ meetings: [] }));
    expect(mail.html).toContain('ikke kunnet sætte kandidater på jeres pladser');
    expect(mail.attachments).toBeUndefined();
  });

  it('escapes hostile names and refuses a non-http internships link', () => {
    const hostile = meeting('2021-01-14T08:00:00Z', '2021-01-14T08:20:00Z', '<script>x</script>', 'K01', '<img src=x onerror=alert(1)>');
    const mail = renderMatchScheduleMail(consultantSchedule({ meetings: [hostile] }));
    expect(mail.html).not.toMatch(/<script>|<img/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(() => renderMatchScheduleMail(companySchedule({ internshipsUrl: 'javascript:alert(1)' }))).toThrow(/http/);
  });

  it('keeps UIDs distinct when company names give the same slug or none', () => {
    const a = meeting('2021-01-14T08:00:00Z', '2021-01-14T08:20:00Z', 'ÆØÅ', 'K01', 'A');
    const b = meeting('2021-01-14T08:00:00Z', '2021-01-14T08:20:00Z', '???', 'K02', 'B');
    const mail = renderMatchScheduleMail(companySchedule({ meetings: [a, b] }));
    const uids = unfolded(String(mail.attachments![0]!.content)).filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(2);
    expect(uids.some((u) => u.includes('-aeoeaa-'))).toBe(true);
    expect(uids.some((u) => u.includes('-company-1-'))).toBe(true);
  });
});
