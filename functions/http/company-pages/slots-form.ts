import { html } from '../../mail/html.js';
import { companyPhrases } from '../../mail/company-phrases.js';
import { formatCount, formatDate } from '../../mail/format.js';
import { described, errorMessage, errorSummary, facts, hidden, page, relativeUrl, type PageBase } from './layout.js';
import { pagePhrases } from './phrases.js';

// The page where a company answers how many slots it takes at the match event.

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
  const p = pagePhrases(v.language).slots;
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
