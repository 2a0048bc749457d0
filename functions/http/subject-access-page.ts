import { wallClockInCopenhagen } from '../domain/calendar.js';
import type { FollowUpOutcome } from '../domain/evaluation.js';
import type { ParticipantStatus } from '../domain/participant-status.js';
import { html, SafeHtml } from '../mail/html.js';
import { formatDate, type Language } from '../mail/format.js';
import { phrases } from '../mail/i18n.js';
import type { SubjectAccessExport, SubjectInPilot } from '../contracts/privacy.js';

// The subject access export as a page a person reads and the browser prints
// to PDF (Ctrl+P): Danish by default, English on request; every code said in
// words, dates in Copenhagen time. No script, no external resource: the
// htmlPage headers allow none.

const TEXT = {
  da: {
    title: 'Indsigt i personoplysninger',
    lead: (ref: string) => `Alt, hvad systemet til pilotprojekterne opbevarer om borgeren med sagsnummer ${ref}.`,
    generated: 'Udtrukket',
    nothing: 'Systemet opbevarer ingen oplysninger om dette sagsnummer.',
    pilot: 'Pilotprojekt',
    partner: 'Partner',
    courseStart: 'Forløbet starter',
    deletedAfter: 'Persondata slettes efter',
    erased: (at: string, by: string) =>
      `Borgerens persondata i dette pilotprojekt blev slettet ${at} af ${by}. Tilbage er kun, at det skete, og hændelserne nedenfor (uden navn, e-mail eller sagsnummer).`,
    person: 'Oplysninger om borgeren',
    name: 'Navn',
    email: 'E-mail',
    birthYear: 'Fødselsår',
    ageBand: 'Aldersgruppe',
    targetGroup: 'Målgruppe',
    screening: 'Screening af digitale færdigheder',
    screeningResult: { ready: 'Klar til forløbet', 'needs-basic-skills': 'Har brug for digitale grundfærdigheder først' },
    language: 'Sprog',
    languages: { da: 'Dansk', en: 'Engelsk' },
    status: 'Status',
    statuses: {
      waitlisted: 'På venteliste',
      'basic-track': 'Grundforløb',
      enrolled: 'Tilmeldt',
      started: 'Startet',
      'dropped-out': 'Udgået',
      completed: 'Gennemført',
    } satisfies Record<ParticipantStatus, string>,
    enrolledAt: 'Tilmeldt',
    startedAt: 'Startet',
    completedAt: 'Gennemført',
    droppedOut: 'Udgået',
    note: 'Note',
    exam: 'Eksamen',
    examResults: { passed: 'Bestået', failed: 'Ikke bestået', 'no-show': 'Udeblevet' },
    followUp: 'Situation ved opfølgning',
    provisional: '(foreløbig)',
    vouchers: 'Voucherkoder',
    voucherStatus: { free: 'Ledig', assigned: 'Tildelt', used: 'Brugt' } as Record<string, string>,
    expires: 'udløber',
    attempt: (n: number): string => (n === 1 ? 'første forsøg' : 'andet forsøg'),
    matchEvent: 'Matcharrangement',
    candidateCode: 'Kandidatkode (virksomhederne kendte borgeren under den og navnet)',
    meetings: 'Møder',
    internships: 'Praktik og job',
    internshipTypes: { internship: 'Virksomhedspraktik', 'wage-subsidy': 'Løntilskud', 'ordinary-job': 'Ordinært job' } as Record<string, string>,
    internshipStatus: { offered: 'tilbudt', started: 'startet' } as Record<string, string>,
    weeks: (n: number): string => `${n} uger`,
    mails: 'E-mails sendt til borgeren',
    mailKinds: {
      voucher: 'Voucherkode til eksamen',
      'survey-invitation': 'Invitation til spørgeskemaet',
      'survey-reminder': 'Påmindelse om spørgeskemaet',
    } as Record<string, string>,
    mailStatus: { sent: 'sendt', failed: 'ikke sendt (forsøges igen)', abandoned: 'ikke sendt', sending: 'sendes' } as Record<string, string>,
    addressErased: 'adressen er slettet',
    audit: 'Ændringer (revisionsspor)',
    accesses: 'Hvem har set oplysningerne (adgangslog)',
    when: 'Hvornår',
    who: 'Hvem',
    what: 'Hvad',
    none: 'Ingen.',
    actions: {
      'participant.enrolled': 'Tilmeldt pilotprojektet',
      'participant.status-changed': 'Status ændret',
      'participant.promoted': 'Rykket op fra ventelisten',
      'participant.erased': 'Persondata slettet',
      'participant.follow-up-recorded': 'Opfølgning registreret',
      'participant.match-preferences': 'Ønsker til matcharrangementet registreret',
      'voucher.assigned': 'Voucherkode tildelt',
      'voucher.revoked': 'Voucherkode taget tilbage',
      'exam.recorded': 'Eksamensresultat registreret',
      'internship.offered': 'Praktik eller job tilbudt',
      'internship.started': 'Praktik eller job startet',
      // A batch's entry, shown narrowed to the person (store/audit.ts auditEntriesAbout): the same words as one change.
      'participant.statuses-changed': 'Status ændret',
      'participant.follow-ups-recorded': 'Opfølgning registreret',
      'exam.results-recorded': 'Eksamensresultat registreret',
      'vouchers.assigned': 'Voucherkode tildelt',
    } as Record<string, string>,
    otherAction: 'Ændring registreret',
    routes: {
      'GET /pilots/{pilotId}/participants': 'Deltagerlisten',
      'GET /pilots/{pilotId}/participants/{participantId}': 'Deltagerens oplysninger',
      'GET /pilots/{pilotId}/vouchers': 'Voucherkoderne',
      'GET /pilots/{pilotId}/schedule': 'Matcharrangementets plan',
      'GET /pilots/{pilotId}/internships': 'Praktik og job',
      'POST /subject-access': 'Indsigtsudtræk (som dette)',
    } as Record<string, string>,
    otherRoute: 'Andet opslag',
    system: 'systemet',
  },
  en: {
    title: 'Access to personal data',
    lead: (ref: string) => `Everything the pilot projects' system holds about the citizen with case reference ${ref}.`,
    generated: 'Exported',
    nothing: 'The system holds no information about this case reference.',
    pilot: 'Pilot project',
    partner: 'Partner',
    courseStart: 'Course starts',
    deletedAfter: 'Personal data deleted after',
    erased: (at: string, by: string) =>
      `The citizen's personal data in this pilot project was erased on ${at} by ${by}. All that remains is that it happened and the events below (without name, e-mail or case reference).`,
    person: 'About the citizen',
    name: 'Name',
    email: 'E-mail',
    birthYear: 'Year of birth',
    ageBand: 'Age band',
    targetGroup: 'Target group',
    screening: 'Digital skills screening',
    screeningResult: { ready: 'Ready for the course', 'needs-basic-skills': 'Needs basic digital skills first' },
    language: 'Language',
    languages: { da: 'Danish', en: 'English' },
    status: 'Status',
    statuses: {
      waitlisted: 'On the waiting list',
      'basic-track': 'Basic track',
      enrolled: 'Enrolled',
      started: 'Started',
      'dropped-out': 'Dropped out',
      completed: 'Completed',
    } satisfies Record<ParticipantStatus, string>,
    enrolledAt: 'Enrolled',
    startedAt: 'Started',
    completedAt: 'Completed',
    droppedOut: 'Dropped out',
    note: 'Note',
    exam: 'Exam',
    examResults: { passed: 'Passed', failed: 'Failed', 'no-show': 'No-show' },
    followUp: 'Situation at follow-up',
    provisional: '(provisional)',
    vouchers: 'Voucher codes',
    voucherStatus: { free: 'Free', assigned: 'Assigned', used: 'Used' } as Record<string, string>,
    expires: 'expires',
    attempt: (n: number): string => (n === 1 ? 'first attempt' : 'second attempt'),
    matchEvent: 'Match event',
    candidateCode: 'Candidate code (companies knew the citizen by it and the name)',
    meetings: 'Meetings',
    internships: 'Internships and jobs',
    internshipTypes: { internship: 'Internship', 'wage-subsidy': 'Wage subsidy', 'ordinary-job': 'Ordinary job' } as Record<string, string>,
    internshipStatus: { offered: 'offered', started: 'started' } as Record<string, string>,
    weeks: (n: number): string => `${n} weeks`,
    mails: 'E-mails sent to the citizen',
    mailKinds: { voucher: 'Exam voucher code', 'survey-invitation': 'Survey invitation', 'survey-reminder': 'Survey reminder' } as Record<string, string>,
    mailStatus: { sent: 'sent', failed: 'not sent (to be retried)', abandoned: 'not sent', sending: 'being sent' } as Record<string, string>,
    addressErased: 'address erased',
    audit: 'Changes (audit trail)',
    accesses: 'Who saw the data (access log)',
    when: 'When',
    who: 'Who',
    what: 'What',
    none: 'None.',
    actions: {
      'participant.enrolled': 'Enrolled in the pilot',
      'participant.status-changed': 'Status changed',
      'participant.promoted': 'Moved up from the waiting list',
      'participant.erased': 'Personal data erased',
      'participant.follow-up-recorded': 'Follow-up recorded',
      'participant.match-preferences': 'Match event wishes recorded',
      'voucher.assigned': 'Voucher code assigned',
      'voucher.revoked': 'Voucher code taken back',
      'exam.recorded': 'Exam result recorded',
      'internship.offered': 'Internship or job offered',
      'internship.started': 'Internship or job started',
      'participant.statuses-changed': 'Status changed',
      'participant.follow-ups-recorded': 'Follow-up recorded',
      'exam.results-recorded': 'Exam result recorded',
      'vouchers.assigned': 'Voucher code assigned',
    } as Record<string, string>,
    otherAction: 'Change recorded',
    routes: {
      'GET /pilots/{pilotId}/participants': 'The participants list',
      'GET /pilots/{pilotId}/participants/{participantId}': "The participant's details",
      'GET /pilots/{pilotId}/vouchers': 'The voucher codes',
      'GET /pilots/{pilotId}/schedule': "The match event's schedule",
      'GET /pilots/{pilotId}/internships': 'Internships and jobs',
      'POST /subject-access': 'A subject access export (like this one)',
    } as Record<string, string>,
    otherRoute: 'Another read',
    system: 'the system',
  },
};

const STYLE = `*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1f2937;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:50rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{margin:0 0 .5rem;color:#002e5d;font-size:1.75rem;line-height:1.2}
h2{margin:2rem 0 .5rem;color:#002e5d;font-size:1.375rem;border-top:3px solid #002e5d;padding-top:.75rem}
h3{margin:1.25rem 0 .4rem;color:#002e5d;font-size:1.0625rem}
p{margin:0 0 .75rem}
.muted{color:#4b5563}
.note{background:#edf2f8;border-left:5px solid #4a6f9c;padding:.75rem 1rem;margin:0 0 1rem;color:#1e3a5f}
dl{margin:0 0 1rem;display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.25rem}
dt{font-weight:700}
dd{margin:0}
table{border-collapse:collapse;width:100%;margin:0 0 1rem;font-size:.9375rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d5dbe2}
th{background:#eef1f4}
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}h2{break-before:auto;break-after:avoid}h3{break-after:avoid}tr{break-inside:avoid}}`;

type Texts = (typeof TEXT)['da'];

const when = (iso: string) => {
  const wall = wallClockInCopenhagen(new Date(iso));
  return `${wall.slice(8, 10)}-${wall.slice(5, 7)}-${wall.slice(0, 4)} ${wall.slice(11, 16)}`;
};
const who = (t: Texts, actor: { sub: string; name?: string }) => (actor.sub === 'system' ? t.system : (actor.name ?? actor.sub));

const facts = (rows: [string, string | undefined][]): SafeHtml => {
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  return html`<dl>${shown.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
};

const table = (t: Texts, head: string[], rows: string[][]): SafeHtml =>
  rows.length
    ? html`<table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
        (r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`,
      )}</tbody></table>`
    : html`<p class="muted">${t.none}</p>`;

const pilotSection = (t: Texts, language: Language, s: SubjectInPilot): SafeHtml => {
  const p = s.participant;
  const outcomes = phrases(language).outcomes as Record<FollowUpOutcome, string>;
  return html`<section>
<h2>${t.pilot}: ${s.pilot.name}</h2>
${facts([
  [t.partner, s.pilot.partner],
  [t.courseStart, formatDate(s.pilot.course.start, language)],
  [t.deletedAfter, s.pilot.personalDataDeletedAfter ? formatDate(s.pilot.personalDataDeletedAfter, language) : undefined],
])}
${s.erased ? html`<p class="note">${t.erased(when(s.erased.at), who(t, s.erased.by))}</p>` : ''}
${
  p
    ? html`<h3>${t.person}</h3>${facts([
        [t.name, p.name],
        [t.email, p.email],
        [t.birthYear, p.birthYear?.toString()],
        [t.ageBand, p.ageBand],
        [t.targetGroup, p.targetGroup],
        [t.screening, p.screening ? t.screeningResult[p.screening.result] : undefined],
        [t.language, t.languages[p.language]],
        [t.status, t.statuses[p.status]],
        [t.enrolledAt, when(p.enrolledAt)],
        [t.startedAt, p.startedAt ? when(p.startedAt) : undefined],
        [t.completedAt, p.completedAt ? when(p.completedAt) : undefined],
        [t.droppedOut, p.droppedOut ? when(p.droppedOut.at) : undefined],
        [t.note, p.droppedOut?.note],
        [t.exam, p.exam ? `${t.examResults[p.exam.result]}, ${formatDate(p.exam.date, language)}` : undefined],
        [
          t.followUp,
          s.followUp ? `${outcomes[s.followUp.outcome]}${s.followUp.provisional ? ` ${t.provisional}` : ''}, ${when(s.followUp.recordedAt)}` : undefined,
        ],
      ])}`
    : ''
}
<h3>${t.vouchers}</h3>
${table(
  t,
  [t.what, t.status, t.when],
  s.vouchers.map((v) => [
    `${v.code} (${v.sponsor}, ${v.exam}; ${t.expires} ${formatDate(v.expiresOn, language)})`,
    `${t.voucherStatus[v.status] ?? v.status}${v.attempt ? `, ${t.attempt(v.attempt)}` : ''}`,
    v.assignedAt ? when(v.assignedAt) : '',
  ]),
)}
<h3>${t.matchEvent}</h3>
${s.matchEvent.candidateCode ? facts([[t.candidateCode, s.matchEvent.candidateCode]]) : ''}
${table(
  t,
  [t.meetings, t.when],
  s.matchEvent.meetings.map((m) => [m.companyName, `${when(m.start)}–${when(m.end).slice(11)}`]),
)}
<h3>${t.internships}</h3>
${table(
  t,
  [t.what, t.status, t.when],
  s.internships.map((i) => [
    `${t.internshipTypes[i.type] ?? t.otherAction}: ${i.companyName}`,
    `${t.internshipStatus[i.status] ?? ''}`,
    `${formatDate(i.startDate, language)}, ${t.weeks(i.weeks)}`,
  ]),
)}
<h3>${t.mails}</h3>
${table(
  t,
  [t.what, t.status, t.when],
  s.mails.map((m) => [
    `${t.mailKinds[m.kind] ?? m.kind} (${t.languages[m.language as Language] ?? m.language})`,
    `${t.mailStatus[m.status] ?? m.status}: ${m.recipients?.join(', ') ?? t.addressErased}`,
    m.sentAt ? when(m.sentAt) : m.failedAt ? when(m.failedAt) : '',
  ]),
)}
<h3>${t.audit}</h3>
${table(
  t,
  [t.when, t.who, t.what],
  s.audit.map((a) => [when(a.at), who(t, a.actor), t.actions[a.action] ?? t.otherAction]),
)}
<h3>${t.accesses}</h3>
${table(
  t,
  [t.when, t.who, t.what],
  s.accesses.map((a) => [when(a.at), who(t, a.actor), t.routes[a.route] ?? t.otherRoute]),
)}
</section>`;
};

/** The export as a whole HTML page in `language`. */
export const renderSubjectAccessPage = (data: SubjectAccessExport, language: Language): string => {
  const t = TEXT[language];
  return `<!doctype html>\n${
    html`<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title} · ${data.reference}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main>
<h1>${t.title}</h1>
<p>${t.lead(data.reference)}</p>
<p class="muted">${t.generated} ${when(data.generatedAt)}</p>
${data.pilots.length ? data.pilots.map((s) => pilotSection(t, language, s)) : html`<p class="note">${t.nothing}</p>`}
</main></body></html>`.value
  }`;
};
