import type { InternshipStatus, InternshipType } from '../domain/company.js';
import { companyPhrases, formatCount, formatDate, type InternshipReportSummary, type Language } from '../mail/company-phrases.js';
import { html, SafeHtml } from '../mail/html.js';

// The pages behind the signed links in the company e-mails: a small company
// answers how many slots it takes, and later reports internship offers and
// starts, from a phone, without an account. Rendering only: the API route
// checks the link, sets the headers and calls these. The pages carry no
// JavaScript at all (a strict CSP can forbid scripts outright) and work as
// plain forms: after a refused POST the handler renders the form again with
// the problem next to the field and in an error summary at the top, the
// pattern screen-reader users know from public-sector services.

export interface PageBase {
  language: Language;
  /** The same page in the other language (a relative URL). */
  switchLanguageUrl: string;
}

const STATUSES: readonly InternshipStatus[] = ['offered', 'started'];
const TYPES: readonly InternshipType[] = ['internship', 'wage-subsidy', 'ordinary-job'];

/** A same-site URL: no scheme, no "//host", no backslash (browsers read "\\" as "/"). */
const relativeUrl = (url: string, what: string): string => {
  if (/^\s*[a-z][a-z0-9+.-]*:/i.test(url) || /^\s*[/\\]{2}/.test(url) || url.includes('\\')) throw new Error(`${what} must be a relative URL`);
  return url;
};
const linkUrl = (url: string, what: string): string => (/^https?:\/\//i.test(url) ? url : relativeUrl(url, what));

// Colours: ink #1f2937 on white 14.7:1, muted #4b5563 7.6:1, brand #002e5d 13.6:1 (and white on it),
// links #1a4f8b 8.1:1, error #a4161a 7.6:1; each tone's ink on its background is at least 7:1.
const STYLE = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f4;color:#1f2937;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.wrap{max-width:40rem;margin:0 auto;padding:0 1rem}
.top{background:#002e5d;color:#fff}
.top .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem;padding-top:.75rem;padding-bottom:.75rem}
.brand{font-weight:700;font-size:1.125rem;line-height:1.3}
.service{display:block;font-weight:400;font-size:.875rem}
.top a{color:#fff;text-decoration:underline;text-underline-offset:2px;padding:.5rem 0}
main.wrap{display:block;background:#fff;border:1px solid #d5dbe2;padding:1.5rem 1.25rem 2rem;margin:1rem auto}
@media (max-width:40rem){main.wrap{margin:0;border-width:0 0 1px}}
h1{margin:0 0 1rem;color:#002e5d;font-size:1.75rem;line-height:1.2}
h2{margin:1.75rem 0 .5rem;color:#002e5d;font-size:1.25rem;line-height:1.3}
p{margin:0 0 1rem}
a{color:#1a4f8b;text-underline-offset:2px}
.lead{font-size:1.125rem}
.muted,.hint{color:#4b5563}
.hint{margin:0 0 .5rem}
dl.facts{margin:0 0 1.5rem;border-top:1px solid #e3e7ec}
dl.facts div{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 1rem;padding:.5rem 0;border-bottom:1px solid #e3e7ec}
dl.facts dt{margin:0}
dl.facts dd{margin:0;font-weight:700;text-align:right}
.note{background:#edf2f8;border-left:5px solid #4a6f9c;padding:.75rem 1rem;margin:0 0 1.5rem;color:#1e3a5f}
.field{margin:0 0 1.5rem}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
label,legend{display:block;font-weight:700;margin:0 0 .25rem;padding:0}
.field-error{border-left:5px solid #a4161a;padding-left:.75rem}
.error-message{color:#a4161a;font-weight:700;margin:0 0 .5rem}
input,select,button{font:inherit}
input[type=number],input[type=date],select{display:block;min-height:2.75rem;padding:.4rem .5rem;border:2px solid #1f2937;border-radius:0;background:#fff;color:#1f2937}
input[type=number]{width:8rem}
input[type=date]{width:12rem;max-width:100%}
select{width:100%}
[aria-invalid=true]{border-color:#a4161a}
.radio{display:flex;align-items:center;gap:.6rem;margin:.4rem 0}
.radio input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#002e5d}
.radio label{font-weight:400;margin:0}
button{display:inline-block;min-height:2.75rem;padding:.65rem 1.25rem;border:0;border-radius:0;background:#002e5d;color:#fff;font-weight:700;cursor:pointer;box-shadow:0 2px 0 #001a36}
button:hover{background:#001f40}
a:focus-visible{outline:3px solid transparent;background:#ffdd00;color:#0b0c0c;box-shadow:0 -2px #ffdd00,0 4px #0b0c0c;text-decoration:none}
input:focus-visible,select:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.radio input:focus-visible{outline:3px solid #0b0c0c;outline-offset:2px;box-shadow:0 0 0 7px #ffdd00}
button:focus-visible{outline:3px solid transparent;background:#ffdd00;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
.error-summary{border:5px solid #a4161a;padding:1rem 1.25rem;margin:0 0 1.5rem}
.error-summary:focus{outline:3px solid #ffdd00;outline-offset:0}
.error-summary h2{margin:0 0 .5rem;color:#1f2937}
.error-summary ul{margin:0;padding:0;list-style:none}
.error-summary a{color:#a4161a;font-weight:700}
.panel{padding:1rem 1.25rem;margin:0 0 1.5rem;border-left:6px solid}
.panel p:last-child{margin:0}
.good{background:#e8f5ec;border-color:#1e7b45;color:#14532d}
.info{background:#edf2f8;border-color:#4a6f9c;color:#1e3a5f}
.bad{background:#fdecee;border-color:#b42318;color:#8c1d24}
table{width:100%;border-collapse:collapse;margin:0 0 1.5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem .5rem 0;border-bottom:1px solid #e3e7ec}
th{font-size:.875rem;color:#4b5563}
.code{white-space:nowrap;font-weight:700}
ul.actions{padding-left:1.25rem}
ul.actions li{margin:0 0 .5rem}
.foot{color:#4b5563;font-size:.875rem;padding-top:1rem;padding-bottom:2rem}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}`;

const page = (v: PageBase, title: string, body: SafeHtml, hasError = false): string => {
  const c = companyPhrases(v.language);
  const other = c.pages.switchLang;
  return `<!doctype html>
${html`<html lang="${v.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${hasError ? `${c.pages.errorPrefix}: ` : ''}${title} – ${c.sender}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header class="top"><div class="wrap">
<div class="brand">${c.sender}<span class="service">${c.service}</span></div>
<a href="${relativeUrl(v.switchLanguageUrl, 'switchLanguageUrl')}" lang="${other}" hreflang="${other}">${c.pages.switchTo}</a>
</div></header>
<main class="wrap">
<h1>${title}</h1>
${body}
</main>
<footer class="wrap foot"><p>${c.pages.sentBy}</p></footer>
</body>
</html>`}
`;
};

type FieldError<F extends string> = { field: F; message: string } | undefined;

const errorSummary = <F extends string>(language: Language, error: FieldError<F>, target: (field: F) => string): SafeHtml | '' =>
  error
    ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${companyPhrases(language).pages.errorSummary}</h2>
<ul><li><a href="#${target(error.field)}">${error.message}</a></li></ul>
</div>`
    : '';

const errorMessage = (language: Language, id: string, message: string): SafeHtml =>
  html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${companyPhrases(language).pages.errorPrefix}: </span>${message}</p>`;

/** The aria attributes of a field: its hint and error described, and marked invalid when it has the error. */
const described = (id: string, hint: boolean, invalid: boolean): SafeHtml => {
  const ids = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
};

const hidden = (v: PageBase & { nonce: string }): SafeHtml =>
  html`<input type="hidden" name="nonce" value="${v.nonce}">
<input type="hidden" name="lang" value="${v.language}">`;

const facts = (rows: [string, string][]): SafeHtml =>
  html`<dl class="facts">${rows.map(([dt, dd]) => html`<div><dt>${dt}</dt><dd>${dd}</dd></div>`)}</dl>`;

export type SlotsFormView = PageBase & {
  company: { name: string };
  pilot: { name: string };
  event: { date: string; responseDeadline: string; location?: string };
  candidates: number;
  maxSlots: number;
  currentSlots?: number;
  /** Relative URL the form POSTs to; hidden inputs: nonce, lang. Field name for the number: "slots". */
  action: string;
  nonce: string;
  /** After a refused POST: the problem, shown next to the field and in an error summary at the top. */
  error?: { field: 'slots'; message: string };
  /** After a refused POST: what was entered, shown again in the field (else currentSlots). */
  value?: string;
  /** The length of one meeting, for the hint. */
  slotMinutes?: number;
};

export const renderSlotsForm = (v: SlotsFormView): string => {
  const c = companyPhrases(v.language);
  const p = c.pages.slots;
  const invalid = v.error?.field === 'slots';
  const value = v.value ?? (v.currentSlots === undefined ? '' : String(v.currentSlots));
  const body = html`${errorSummary(v.language, v.error, () => 'slots')}
<p class="lead">${p.intro(v.company.name, v.pilot.name)}</p>
${facts([
  [p.eventDate, formatDate(v.event.date, v.language)],
  ...(v.event.location ? ([[p.location, v.event.location]] as [string, string][]) : []),
  [p.candidates, formatCount(v.candidates, v.language)],
  [p.maxSlots, c.slots(v.maxSlots)],
  [p.deadline, formatDate(v.event.responseDeadline, v.language)],
])}
${v.currentSlots !== undefined ? html`<p class="note">${v.currentSlots > 0 ? p.current(c.slots(v.currentSlots)) : p.currentDeclined}</p>` : ''}
<form method="post" action="${relativeUrl(v.action, 'action')}" novalidate>
${hidden(v)}
<div class="field${invalid ? ' field-error' : ''}">
<label for="slots">${p.label}</label>
<p class="hint" id="slots-hint">${p.hint(formatCount(v.maxSlots, v.language), v.slotMinutes ? c.minutes(v.slotMinutes) : undefined)}</p>
${invalid ? errorMessage(v.language, 'slots', v.error!.message) : ''}
<input id="slots" name="slots" type="number" inputmode="numeric" min="0" max="${v.maxSlots}" step="1" autocomplete="off" value="${value}"${described('slots', true, invalid)}>
</div>
<button type="submit">${p.submit}</button>
</form>`;
  return page(v, p.title, body, !!v.error);
};

export type InternshipFormField = 'candidate' | 'status' | 'type' | 'startDate' | 'weeks';

export type InternshipFormView = PageBase & {
  company: { name: string };
  pilot: { name: string };
  /** The candidates this company met at the event, with what was reported so far. */
  candidates: {
    code: string;
    name: string;
    reported?: { status: InternshipStatus; type: InternshipType; startDate: string; weeks: number };
  }[];
  windowEnds: string;
  action: string;
  nonce: string;
  /** Fields: candidate (select of codes), status (radio offered|started), type (select), startDate (input type=date), weeks (number 1-52). */
  error?: { field: InternshipFormField; message: string };
  /** After a refused POST: what was entered, shown again. */
  values?: Partial<Record<InternshipFormField, string>>;
};

export const renderInternshipForm = (v: InternshipFormView): string => {
  const c = companyPhrases(v.language);
  const p = c.pages.internship;
  const values = v.values ?? {};
  const bad = (f: InternshipFormField) => v.error?.field === f;
  const err = (f: InternshipFormField) => (bad(f) ? errorMessage(v.language, f, v.error!.message) : '');
  const cls = (f: InternshipFormField) => (bad(f) ? 'field field-error' : 'field');
  const selected = (f: InternshipFormField, value: string) => (values[f] === value ? html` selected` : '');
  const reported = (r: NonNullable<InternshipFormView['candidates'][number]['reported']>) =>
    p.reported(c.internshipStatus[r.status], c.internshipType[r.type], formatDate(r.startDate, v.language), c.weeks(r.weeks));

  const form = html`<form method="post" action="${relativeUrl(v.action, 'action')}" novalidate>
${hidden(v)}
<div class="${cls('candidate')}">
<label for="candidate">${p.candidate}</label>
${err('candidate')}
<select id="candidate" name="candidate"${described('candidate', false, bad('candidate'))}>
<option value="">${p.chooseCandidate}</option>
${v.candidates.map((m) => html`<option value="${m.code}"${selected('candidate', m.code)}>${m.code} – ${m.name}</option>`)}
</select>
</div>
<fieldset class="${cls('status')}"${described('status', false, bad('status'))}>
<legend>${p.status}</legend>
${err('status')}
${STATUSES.map(
  (s) => html`<div class="radio"><input type="radio" id="status-${s}" name="status" value="${s}"${values.status === s ? html` checked` : ''}${bad('status') ? html` aria-invalid="true"` : ''}><label for="status-${s}">${p.statusOptions[s]}</label></div>`,
)}
</fieldset>
<div class="${cls('type')}">
<label for="type">${p.type}</label>
${err('type')}
<select id="type" name="type"${described('type', false, bad('type'))}>
<option value="">${p.chooseType}</option>
${TYPES.map((t) => html`<option value="${t}"${selected('type', t)}>${c.internshipType[t]}</option>`)}
</select>
</div>
<div class="${cls('startDate')}">
<label for="startDate">${p.startDate}</label>
<p class="hint" id="startDate-hint">${p.startDateHint}</p>
${err('startDate')}
<input id="startDate" name="startDate" type="date" max="${v.windowEnds}" value="${values.startDate ?? ''}"${described('startDate', true, bad('startDate'))}>
</div>
<div class="${cls('weeks')}">
<label for="weeks">${p.weeks}</label>
<p class="hint" id="weeks-hint">${p.weeksHint}</p>
${err('weeks')}
<input id="weeks" name="weeks" type="number" inputmode="numeric" min="1" max="52" step="1" autocomplete="off" value="${values.weeks ?? ''}"${described('weeks', true, bad('weeks'))}>
</div>
<p class="muted">${p.startReplaces}</p>
<button type="submit">${p.submit}</button>
</form>`;

  const body = html`${errorSummary(v.language, v.error, (f) => (f === 'status' ? `status-${STATUSES[0]}` : f))}
<p class="lead">${p.intro(v.company.name, v.pilot.name)}</p>
<p>${p.window(formatDate(v.windowEnds, v.language))}</p>
${
  v.candidates.length
    ? html`<h2>${p.metHeading}</h2>
<table>
<thead><tr><th scope="col">${p.columns[0]}</th><th scope="col">${p.columns[1]}</th></tr></thead>
<tbody>${v.candidates.map(
        (m) => html`<tr><td><span class="code">${m.code}</span> ${m.name}</td><td>${m.reported ? reported(m.reported) : p.nothingReported}</td></tr>`,
      )}</tbody>
</table>
<h2>${p.formHeading}</h2>
${form}`
    : html`<p class="note">${p.noCandidates}</p>`
}`;
  return page(v, p.title, body, !!v.error);
};

export type ResultPageView = PageBase & {
  tone: 'good' | 'info' | 'bad';
  title: string;
  lines: string[];
  /** e.g. back to the form for another report */
  link?: { text: string; url: string };
};

export const renderResultPage = (v: ResultPageView): string =>
  page(
    v,
    v.title,
    html`<div class="panel ${v.tone}">${v.lines.map((l) => html`<p>${l}</p>`)}</div>
${v.link ? html`<p><a href="${linkUrl(v.link.url, 'link.url')}">${v.link.text}</a></p>` : ''}`,
  );

export type LinkRefusalReason = 'invalid' | 'expired' | 'replayed' | 'closed' | 'not-invited' | 'stale-form' | 'cross-site';

/** A link that cannot be used, with what to do instead (contact the job centre consultant; use the newest e-mail). */
export const renderLinkRefusal = (v: PageBase & { reason: LinkRefusalReason }): string => {
  const r = companyPhrases(v.language).pages.refusal;
  return page(
    v,
    r.titles[v.reason],
    html`<div class="panel ${v.reason === 'replayed' ? 'info' : 'bad'}"><p>${r.reasons[v.reason]}</p></div>
<h2>${r.whatToDo}</h2>
<ul class="actions">${r.actions[v.reason].map((a) => html`<li>${a}</li>`)}</ul>`,
  );
};

// What the handler shows after a POST: the confirmation page's content, and
// for a POST that does not fit, the message next to the field. Dates come in
// as calendar dates (YYYY-MM-DD) and are formatted in the page's language.

export type ResultContent = { tone: 'good' | 'info' | 'bad'; title: string; lines: string[] };

export const slotsConfirmedLines = (language: Language, slots: number, eventDate: string): string[] =>
  companyPhrases(language).pages.results.slotsConfirmedLines(slots, formatDate(eventDate, language));

/** The event date is optional: without it the lines say "the match event". */
export const declinedLines = (language: Language, eventDate?: string): string[] =>
  companyPhrases(language).pages.results.declinedLines(eventDate ? formatDate(eventDate, language) : undefined);

/** What was recorded: the whole report, or only the candidate code and the status. */
export function internshipRecordedLines(language: Language, report: InternshipReportSummary): string[];
export function internshipRecordedLines(language: Language, code: string, status: InternshipStatus): string[];
export function internshipRecordedLines(language: Language, report: InternshipReportSummary | string, status?: InternshipStatus): string[] {
  const c = companyPhrases(language);
  const r = c.pages.results;
  if (typeof report === 'string') return r.internshipRecordedLines({ code: report, status: status ?? 'offered' });
  return r.internshipRecordedLines(report, {
    type: c.internshipType[report.type],
    startDate: formatDate(report.startDate, language),
    weeks: c.weeks(report.weeks),
  });
}

/** The whole confirmation of a slots answer: 0 is a decline, thanked as such. */
export const slotsAnswerResult = (language: Language, slots: number, eventDate: string): ResultContent => {
  const r = companyPhrases(language).pages.results;
  return slots > 0
    ? { tone: 'good', title: r.slotsConfirmed, lines: slotsConfirmedLines(language, slots, eventDate) }
    : { tone: 'info', title: r.declined, lines: declinedLines(language, eventDate) };
};

export const internshipRecordedResult = (language: Language, report: InternshipReportSummary): ResultContent => ({
  tone: 'good',
  title: companyPhrases(language).pages.results.internshipRecorded,
  lines: internshipRecordedLines(language, report),
});

/** The link back to the internship form, for another report. */
export const anotherReportLink = (language: Language, url: string): { text: string; url: string } => ({
  text: companyPhrases(language).pages.results.anotherReport,
  url,
});

/** The event has fewer free slots than asked for: `slotsLeft` free in all, `maxForYou` this company's own cap. */
export const noSlotsLeftMessage = (language: Language, slotsLeft: number, maxForYou: number): string =>
  companyPhrases(language).pages.messages.noSlotsLeft(slotsLeft, maxForYou);

export const overCompanyCapMessage = (language: Language, maxSlots: number): string => companyPhrases(language).pages.messages.overCompanyCap(maxSlots);

/** Not a whole number of 0 or more (empty, "2,5", "-1", "to"). */
export const invalidNumberMessage = (language: Language): string => companyPhrases(language).pages.messages.invalidNumber;

export const deadlinePassedMessage = (language: Language, responseDeadline: string): string =>
  companyPhrases(language).pages.messages.deadlinePassed(formatDate(responseDeadline, language));

/** A field left empty. */
export const requiredMessage = (language: Language, field: 'slots' | InternshipFormField): string => companyPhrases(language).pages.messages.required[field];

/** A candidate code this company did not meet (or a tampered select). */
export const unknownCandidateMessage = (language: Language): string => companyPhrases(language).pages.messages.unknownCandidate;

export const invalidDateMessage = (language: Language): string => companyPhrases(language).pages.messages.invalidDate;

export const startDateAfterWindowMessage = (language: Language, windowEnds: string): string =>
  companyPhrases(language).pages.messages.dateOutsideWindow(formatDate(windowEnds, language));

export const startDateBeforeEventMessage = (language: Language, eventDate: string): string =>
  companyPhrases(language).pages.messages.dateBeforeEvent(formatDate(eventDate, language));

export const weeksRangeMessage = (language: Language): string => companyPhrases(language).pages.messages.weeksRange;

/** An offer reported for a candidate already reported started: a start is never undone by an offer. */
export const alreadyStartedMessage = (language: Language, code: string): string => companyPhrases(language).pages.messages.alreadyStarted(code);

/** A report after the internship window has closed (shown on the form, or as a result page with tone "bad"). */
export const windowClosedMessage = (language: Language, windowEnds: string): string =>
  companyPhrases(language).pages.messages.windowClosed(formatDate(windowEnds, language));
