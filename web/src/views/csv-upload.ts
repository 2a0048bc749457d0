import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { ResponseOf } from '../../../functions/contracts/index.js';
import { currentLanguage, label, t, type Language, type MessageKey } from '../i18n.js';
import { ErrorBox, issueText, useAction, useApp } from '../ui.js';

// A CSV file (or pasted text) sent as text/csv to one of the batch routes
// (participants, exam results, follow-up), and the per-row report they answer.

/** The per-row report the batch routes answer (their contracts' shapes, read alike). */
export type BatchReport = Extract<ResponseOf<CsvRoute | 'POST /pilots/{pilotId}/participants/status'>, { rows: unknown }>;
/** The batch routes that take text/csv from this form. */
export type CsvRoute = 'POST /pilots/{pilotId}/participants' | 'POST /pilots/{pilotId}/exam-results' | 'POST /pilots/{pilotId}/follow-up';

/** Rejected rows first (what the consultant must fix), then the rest in file order. */
export const rowsInOrder = (rows: BatchReport['rows']) => [...rows.filter((r) => r.outcome === 'rejected'), ...rows.filter((r) => r.outcome !== 'rejected')];

/** The report of one CSV sent, kept until the reader dismisses it (the import may move the pilot on meanwhile). */
export const ReportView = ({ report, onDismiss }: { report: BatchReport; onDismiss?: () => void }) => {
  const rejected = report.rows.filter((r) => r.outcome === 'rejected').length;
  return html`<div class="report" role="status">
    <div class="heading-row">
      <h4>${t('report.summary')}</h4>
      ${onDismiss ? html`<button type="button" onClick=${onDismiss}>${t('report.dismiss')}</button>` : null}
    </div>
    <ul class="summary">
      ${Object.entries(report.summary)
        // A count of nothing says nothing ("retakes 0"), except the first (what was done) and the rejected.
        .filter(([outcome, n], i) => n > 0 || i === 0 || outcome === 'rejected')
        .map(([outcome, n]) => html`<li><span class=${`outcome outcome-${outcome}`}>${label('row', outcome)}</span> ${n}</li>`)}
    </ul>
    ${rejected > 0 ? html`<p class="error">${t('report.rejectedFirst', { n: rejected })}</p>` : null}
    <details open=${rejected > 0}>
      <summary>${t('report.heading')}</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.heading')}>
        <table class="report-rows">
          <thead>
            <tr>
              <th scope="col">${t('col.line')}</th>
              <th scope="col">${t('col.reference')}</th>
              <th scope="col">${t('col.outcome')}</th>
              <th scope="col">${t('col.issues')}</th>
            </tr>
          </thead>
          <tbody>
            ${rowsInOrder(report.rows).map(
              (r) => html`<tr class=${r.outcome === 'rejected' ? 'rejected' : ''}>
                <td>${r.line ?? (r.index !== undefined ? r.index + 1 : '')}</td>
                <td>${('reference' in r ? r.reference : undefined) ?? html`<span class="muted">${t('report.noReference', { n: r.line ?? (r.index ?? 0) + 1 })}</span>`}</td>
                <td>${label('row', r.outcome)}</td>
                <td>${(r.issues ?? []).map((i) => html`<div>${issueText(i)}</div>`)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </div>`;
};

/** The three imports' templates, in the reader's language: Danish as Danish Excel saves it (BOM, semicolons, CRLF). */
const TEMPLATES: Record<Template, Record<Language, string[]>> = {
  participants: {
    da: ['reference;navn;email;fødselsår;målgruppe', 'KK-2020-0001;Anna Jensen;anna@example.dk;1975;ledige-50-plus'],
    en: ['reference,name,email,birthYear,targetGroup', 'KK-2020-0001,Anna Jensen,anna@example.dk,1975,unemployed-50-plus'],
  },
  'exam-results': {
    da: ['reference;resultat;dato', 'KK-2020-0001;bestået;07-02-2028', 'KK-2020-0002;ikke bestået;07-02-2028', 'KK-2020-0003;udeblevet;07-02-2028'],
    en: ['reference,result,date', 'KK-2020-0001,passed,2028-02-07', 'KK-2020-0002,failed,2028-02-07', 'KK-2020-0003,no-show,2028-02-07'],
  },
  'follow-up': {
    da: ['reference;udfald', 'KK-2020-0001;fuldtid', 'KK-2020-0002;deltid', 'KK-2020-0003;ledig'],
    en: ['reference,outcome', 'KK-2020-0001,employed-full-time', 'KK-2020-0002,employed-part-time', 'KK-2020-0003,unemployed'],
  },
};
export type Template = 'participants' | 'exam-results' | 'follow-up';

export const templateCsv = (template: Template, language: Language): string =>
  language === 'da' ? `\ufeff${TEMPLATES[template].da.join('\r\n')}\r\n` : `${TEMPLATES[template].en.join('\n')}\n`;

const download = (template: Template) => {
  const language = currentLanguage();
  const url = URL.createObjectURL(new Blob([templateCsv(template, language)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${t(`template.${template}` as 'template.participants')}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/**
 * The report lives with the parent (`report`, `onReport`): an import that
 * fills the pilot moves it on and this form goes, but its report stays until
 * dismissed.
 */
export const CsvUpload = (props: {
  id: string;
  route: CsvRoute;
  pilotId: string;
  heading: MessageKey;
  help: MessageKey;
  template: Template;
  report: BatchReport | undefined;
  onReport(report: BatchReport | undefined): void;
  onDone(): void;
}) => {
  const { api } = useApp();
  const [missing, setMissing] = useState(false);
  const send = useAction(
    async (csv: string) => (await api.send(props.route, { pilotId: props.pilotId }, csv, 'text/csv')) as BatchReport,
    (report) => {
      props.onReport(report);
      props.onDone();
    },
  );
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const pasted = (form.elements.namedItem('text') as HTMLTextAreaElement).value;
    const csv = file ? await file.text() : pasted;
    setMissing(!csv.trim());
    if (csv.trim()) await send.submit(csv);
  };
  return html`<form class="panel" aria-labelledby=${`${props.id}-heading`} onSubmit=${onSubmit}>
    <h3 id=${`${props.id}-heading`}>${t(props.heading)}</h3>
    <p class="help" id=${`${props.id}-help`}>${t(props.help)}</p>
    <p><button type="button" class="link" onClick=${() => download(props.template)}>${t('csv.template')}</button></p>
    <div class="field">
      <label for=${`${props.id}-file`}>${t('csv.file')}</label>
      <input id=${`${props.id}-file`} name="file" type="file" accept=".csv,text/csv,text/plain" aria-describedby=${`${props.id}-help`} />
    </div>
    <div class="field wide">
      <label for=${`${props.id}-text`}>${t('csv.orPaste')}</label>
      <textarea id=${`${props.id}-text`} name="text" rows="3"></textarea>
    </div>
    ${missing ? html`<p class="error" role="alert">${t('csv.empty')}</p>` : null}
    <${ErrorBox} error=${send.error} />
    <button type="submit" disabled=${send.pending}>${t('csv.send')}</button>
    ${props.report ? html`<${ReportView} report=${props.report} onDismiss=${() => props.onReport(undefined)} />` : null}
  </form>`;
};
