import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Pilot, PilotFigures } from '../../../functions/contracts/pilots.js';
import { formatDate, label, t } from '../i18n.js';
import { lastDayBefore } from '../timeline.js';
import { ErrorBox, Loading, StatusBadge, useApp, useLoad } from '../ui.js';
import { CreatePilot } from './create-pilot.js';

// The pilots at a glance: phase, next deadline, risks, participants and
// companies, filtered by status, newest first (the API's order).

const STATUSES = ['draft', 'running', 'paused', 'closed'] as const;

/** Who started the course: those still on it and those who completed it (dropouts after starting are not told apart by the counts). */
const startedOf = (p: Pick<Pilot, 'counts'>) => (p.counts?.started ?? 0) + (p.counts?.completed ?? 0);

export const PilotsList = ({ navigate }: { navigate(path: string): void }) => {
  const { api, canWrite } = useApp();
  const [status, setStatus] = useState('');
  const [more, setMore] = useState<PilotFigures[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const page = useLoad(async () => {
    setMore([]);
    const p = await api.get('GET /pilots', {}, { limit: 50, status: (status || undefined) as Pilot['status'] | undefined });
    setCursor(p.nextCursor);
    return p;
  }, [status]);

  const loadMore = async () => {
    const p = await api.get('GET /pilots', {}, { limit: 50, status: (status || undefined) as Pilot['status'] | undefined, cursor });
    setMore((m) => [...m, ...p.items]);
    setCursor(p.nextCursor);
  };
  const pilots = [...(page.data?.items ?? []), ...more];

  return html`<section aria-labelledby="pilots-heading">
    <div class="heading-row">
      <h1 id="pilots-heading">${t('list.heading')}</h1>
      ${canWrite && !creating ? html`<button type="button" class="primary" onClick=${() => setCreating(true)}>${t('list.create')}</button>` : null}
    </div>
    ${creating ? html`<${CreatePilot} onCancel=${() => setCreating(false)} onCreated=${(id: string) => navigate(`/pilots/${id}`)} />` : null}
    <div class="toolbar">
      <label for="status-filter">${t('list.filter')}</label>
      <select id="status-filter" value=${status} onChange=${(e: Event) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">${t('list.all')}</option>
        ${STATUSES.map((s) => html`<option value=${s}>${label('status', s)}</option>`)}
      </select>
    </div>
    <${ErrorBox} error=${page.error} />
    ${
      page.loading && !page.data
        ? html`<${Loading} />`
        : pilots.length === 0
          ? html`<p>${t('list.empty')}</p>`
          : html`<div class="table-wrap cards" tabindex="0" role="region" aria-labelledby="pilots-heading">
            <table class="pilots">
              <caption class="visually-hidden">${t('list.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">${t('col.name')}</th>
                  <th scope="col">${t('col.status')}</th>
                  <th scope="col">${t('col.phase')}</th>
                  <th scope="col">${t('col.nextDeadline')}</th>
                  <th scope="col">${t('col.risks')}</th>
                  <th scope="col" class="num">${t('col.participants')}</th>
                  <th scope="col" class="num">${t('col.companies')}</th>
                </tr>
              </thead>
              <tbody>
                ${pilots.map(
                  (p) => html`<tr key=${p.id}>
                    <th scope="row"><a href=${`#/pilots/${p.id}`}>${p.name}</a><div class="muted">${p.partner}</div></th>
                    <td data-label=${t('col.status')}><${StatusBadge} status=${p.status} /></td>
                    <td data-label=${t('col.phase')}>${p.phase ? label('phase', p.phase) : t('none')}</td>
                    <td data-label=${t('col.nextDeadline')}>${p.nextDeadline ? formatDate(lastDayBefore(p.nextDeadline)) : t('none')}</td>
                    <td data-label=${t('col.risks')}>${Object.keys(p.risks ?? {}).length ? Object.keys(p.risks!).map((r) => html`<span class="risk">${label('risk', r)}</span>`) : t('none')}</td>
                    <td class="num" data-label=${t('col.participants')}>
                      ${p.placesTaken} / ${p.capacity}
                      <div class="muted">${t('list.started', { n: startedOf(p) })}</div>
                    </td>
                    <td class="num" data-label=${t('col.companies')}>${p.companies?.answered ?? 0} / ${p.companies?.invited ?? 0}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${cursor ? html`<button type="button" onClick=${loadMore}>${t('list.more')}</button>` : null}
  </section>`;
};
