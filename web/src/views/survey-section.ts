import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Pilot } from '../../../functions/contracts/pilots.js';
import { addDays, dateInCopenhagen } from '../../../functions/domain/calendar.js';
import type { MAX_CODES_PER_SHEET } from '../../../functions/contracts/survey.js';
import { formatDate, label, t } from '../i18n.js';
import { ErrorBox, FormIssues, Loading, fieldsOf, issuesOf, useAction, useApp, useFocusFirstInvalid, useLoad } from '../ui.js';
import { Field, Select } from './fields.js';
import { SurveyOutcome } from './survey-outcome.js';

// The participants' survey before the outcome (which then shows it): when it
// is open, how many were invited by e-mail and on paper, how many answered
// (broken down from 5 answers, as the API gives it), and, for the team, the
// sheet of one-time codes to print for participants without e-mail.

/**
 * The most codes one sheet takes, for the field's own limit (the API refuses
 * more, and says so). Checked against the contract's by type: importing its
 * value would bring zod into the page, whose start-up `new Function` the
 * page's Content-Security-Policy refuses.
 */
const MOST_CODES: typeof MAX_CODES_PER_SHEET = 99;

/** The day an instant of the survey's window falls on in Copenhagen ("closes at the start of the follow-up day": its last day is the day before). */
const dayOf = (instant: string, days = 0) => addDays(dateInCopenhagen(new Date(instant)), days);

/**
 * Puts the API's sheet into the window opened for it. A window the page opens
 * inherits the page's Content-Security-Policy, which refuses inline styles, so
 * the sheet's own <style> (functions/http/survey-pages.ts, one element, no
 * style attributes) is taken out and its rules given as a constructed style
 * sheet, which the policy does not govern: the slips keep their cut lines and
 * print layout.
 */
const showSheet = (w: Window, page: string) => {
  // Taken out before parsing: even a parsed document's <style> is checked against the policy (and refused, loudly).
  const rules: string[] = [];
  const doc = new DOMParser().parseFromString(
    page.replace(/<style>([\s\S]*?)<\/style>/g, (_, css: string) => {
      rules.push(css);
      return '';
    }),
    'text/html',
  );
  w.document.replaceChild(w.document.importNode(doc.documentElement, true), w.document.documentElement);
  const sheet = new (w as Window & typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(rules.join('\n'));
  w.document.adoptedStyleSheets = [sheet];
  w.focus();
  w.print();
};

export const SurveySection = ({ pilot, version, onChanged }: { pilot: Pilot; version: number; onChanged(): void }) => {
  const { api, canWrite } = useApp();
  const survey = useLoad(() => api.get('GET /pilots/{pilotId}/survey', { pilotId: pilot.id }), [pilot.id, version]);
  const [blocked, setBlocked] = useState(false);
  const print = useAction(
    async (count: number | undefined, language: string | undefined) => {
      // The codes exist only in the API's answer: the window is opened first, while the click still allows it, so a
      // blocked pop-up costs no codes (each code handed out counts among those invited).
      const w = window.open('', '_blank');
      setBlocked(!w);
      if (!w) return undefined;
      w.document.title = t('survey.preparing');
      w.document.body.textContent = t('survey.preparing');
      try {
        const page = await api.page('POST /pilots/{pilotId}/survey/codes', { pilotId: pilot.id }, { count, ...(language ? { language } : {}) });
        showSheet(w, page);
        return count;
      } catch (error) {
        w.close();
        throw error;
      }
    },
    (count) => count !== undefined && onChanged(),
  );
  const printRef = useFocusFirstInvalid(print.error);
  const s = survey.data;
  const mayPrint = canWrite && pilot.status !== 'closed' && s !== undefined && s.state !== 'closed';
  return html`<section aria-labelledby="survey-heading">
    <h2 id="survey-heading">${t('survey.heading')}</h2>
    <${ErrorBox} error=${survey.error} />
    ${
      s
        ? html`<p class="survey-state">
            ${
              s.state === 'not-open'
                ? t('survey.notOpen', { opens: formatDate(dayOf(s.window.opensAt)), last: formatDate(dayOf(s.window.closesAt, -1)) })
                : s.state === 'open'
                  ? t('survey.open', { last: formatDate(dayOf(s.window.closesAt, -1)) })
                  : t('survey.closed')
            }
          </p>
          <${SurveyOutcome} survey=${s} />`
        : survey.error
          ? null
          : html`<${Loading} />`
    }
    ${
      mayPrint
        ? html`<form
          class="panel"
          aria-labelledby="survey-codes-heading"
          ref=${printRef}
          onSubmit=${(e: Event) => {
            const f = fieldsOf(e);
            void print.submit(f.count ? Number(f.count) : undefined, f.language);
          }}
        >
          <${FormIssues.Provider} value=${issuesOf(print.error)}>
            <h3 id="survey-codes-heading">${t('survey.codes')}</h3>
            <p>${t('survey.codesHelp')}</p>
            <div class="grid">
              <${Field} name="count" label=${t('survey.count')} type="number" min=${1} max=${MOST_CODES} step="1" value="10" required />
              <${Select} name="language" label=${t('survey.language')} value=${pilot.language} options=${(['da', 'en'] as const).map((l) => ({ value: l, label: label('lang', l) }))} />
            </div>
            <${ErrorBox} error=${print.error} />
            ${blocked ? html`<p class="error" role="alert">${t('survey.popupBlocked')}</p>` : null}
            ${print.result !== undefined && !print.error && !blocked ? html`<p role="status" class="done">${t('survey.printed', { n: print.result })}</p>` : null}
            <button type="submit" class="primary" disabled=${print.pending}>${t('survey.print')}</button>
          </${FormIssues.Provider}>
        </form>`
        : null
    }
  </section>`;
};
