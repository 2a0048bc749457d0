import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { FieldIssue } from '../api.js';
import { label, t, type MessageKey } from '../i18n.js';
import { ErrorBox, useAction, useApp } from '../ui.js';

// A CSV file (or pasted text) sent as text/csv to one of the batch routes
// (participants, exam results, follow-up), and the per-row report they answer.

export interface BatchReport {
  summary: Record<string, number>;
  rows: ({ line?: number; index?: number; reference?: string; outcome: string; issues?: FieldIssue[] })[];
}

export const ReportView = ({ report }: { report: BatchReport }) => html`<div class="report" role="status">
  <h4>${t('report.summary')}</h4>
  <ul class="summary">
    ${Object.entries(report.summary).map(([outcome, n]) => html`<li><span class=${`outcome outcome-${outcome}`}>${label('row', outcome)}</span> ${n}</li>`)}
  </ul>
  <details open=${report.rows.some((r) => r.outcome === 'rejected')}>
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
          ${report.rows.map(
            (r) => html`<tr class=${r.outcome === 'rejected' ? 'rejected' : ''}>
              <td>${r.line ?? r.index}</td>
              <td>${r.reference ?? ''}</td>
              <td>${label('row', r.outcome)}</td>
              <td>${(r.issues ?? []).map((i) => html`<div><code>${i.path}</code>: ${i.message}</div>`)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>
</div>`;

export const CsvUpload = (props: { id: string; path: string; heading: MessageKey; help: MessageKey; onDone(): void }) => {
  const { api } = useApp();
  const [missing, setMissing] = useState(false);
  const send = useAction((csv: string) => api.send<BatchReport>('POST', props.path, csv, 'text/csv'), props.onDone);
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
    ${send.result ? html`<${ReportView} report=${send.result} />` : null}
  </form>`;
};
