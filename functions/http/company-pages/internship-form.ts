import type { InternshipStatus, InternshipType } from '../../domain/company.js';
import { html } from '../../mail/html.js';
import { companyPhrases } from '../../mail/company-phrases.js';
import { formatDate } from '../../mail/format.js';
import { described, errorMessage, errorSummary, hidden, page, relativeUrl, type PageBase } from './layout.js';
import { pagePhrases } from './phrases.js';

// The page where a company reports internship offers and starts for the
// candidates it met at the match event.

const STATUSES: readonly InternshipStatus[] = ['offered', 'started'];
const TYPES: readonly InternshipType[] = ['internship', 'wage-subsidy', 'ordinary-job'];

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
  const p = pagePhrases(v.language).internship;
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
  (s) =>
    html`<div class="radio"><input type="radio" id="status-${s}" name="status" value="${s}"${values.status === s ? html` checked` : ''}${bad('status') ? html` aria-invalid="true"` : ''}><label for="status-${s}">${p.statusOptions[s]}</label></div>`,
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
