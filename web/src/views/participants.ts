import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Participant } from '../../../functions/domain/participant.js';
import type { Api } from '../api.js';
import { label, t } from '../i18n.js';
import { ErrorBox, Loading, useApp, useLoad } from '../ui.js';

// The participants, a page at a time in enrolment order, and a search by
// case reference. The API has no search parameter, so a search reads every
// page (at most a few thousand participants a pilot) and filters here.

const PAGE = 25;

interface Page {
  items: Participant[];
  nextCursor?: string;
}

const allParticipants = async (api: Api, pilotId: string): Promise<Participant[]> => {
  const all: Participant[] = [];
  let cursor: string | undefined;
  do {
    const page: Page = await api.get(`/pilots/${pilotId}/participants?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
};

export const Participants = ({ pilotId, version }: { pilotId: string; version: number }) => {
  const { api } = useApp();
  const [query, setQuery] = useState('');
  // The cursors of the pages before the current one: "previous" pops.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const q = query.trim().toLowerCase();
  const loaded = useLoad(async () => {
    if (q) {
      const items = (await allParticipants(api, pilotId)).filter((p) => p.reference.toLowerCase().includes(q));
      return { items } as Page;
    }
    return api.get<Page>(`/pilots/${pilotId}/participants?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  }, [pilotId, q, cursor, version]);

  const items = loaded.data?.items ?? [];
  return html`<section aria-labelledby="participants-heading">
    <h2 id="participants-heading">${t('participants.heading')}</h2>
    <div class="toolbar">
      <label for="participant-search">${t('participants.search')}</label>
      <input
        id="participant-search"
        type="search"
        value=${query}
        onInput=${(e: Event) => {
          setQuery((e.currentTarget as HTMLInputElement).value);
          setCursors([undefined]);
        }}
      />
    </div>
    <${ErrorBox} error=${loaded.error} />
    ${loaded.loading && !loaded.data
      ? html`<${Loading} />`
      : items.length === 0
        ? html`<p>${q ? t('participants.noMatch', { q: query.trim() }) : t('participants.empty')}</p>`
        : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="participants-heading">
            <table class="participants">
              <thead>
                <tr>
                  <th scope="col">${t('col.reference')}</th>
                  <th scope="col">${t('col.name')}</th>
                  <th scope="col">${t('col.status')}</th>
                  <th scope="col">${t('col.voucher')}</th>
                  <th scope="col">${t('col.exam')}</th>
                  <th scope="col">${t('col.followUp')}</th>
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (p) => html`<tr key=${p.id}>
                    <th scope="row">${p.reference}</th>
                    <td>${p.name}</td>
                    <td>${label('pstatus', p.status)}</td>
                    <td><code>${p.voucher?.code ?? ''}</code></td>
                    <td>${p.exam ? label('exam', p.exam.result) : ''}</td>
                    <td>${p.followUp ? label('outcome', p.followUp.outcome) : ''}${p.followUp?.provisional ? ` (${t('followUp.provisional')})` : ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    ${q
      ? null
      : html`<nav class="pager" aria-label=${t('participants.heading')}>
          <button type="button" disabled=${cursors.length === 1} onClick=${() => setCursors((c) => c.slice(0, -1))}>${t('participants.prev')}</button>
          <span>${t('participants.page', { n: cursors.length })}</span>
          <button type="button" disabled=${!loaded.data?.nextCursor} onClick=${() => setCursors((c) => [...c, loaded.data!.nextCursor])}>
            ${t('participants.next')}
          </button>
        </nav>`}
  </section>`;
};
