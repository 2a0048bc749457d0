import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Participant } from '../../../functions/contracts/participants.js';
import { ALLOWED_TRANSITIONS, DROPOUT_REASONS, type ParticipantStatus } from '../../../functions/domain/participant-status.js';
import type { ResponseOf } from '../../../functions/contracts/index.js';
import type { Api } from '../api.js';
import { label, t } from '../i18n.js';
import { ErrorBox, Loading, useAction, useApp, useLoad } from '../ui.js';
import { ReportView, type BatchReport } from './csv-upload.js';
import { Field, Select } from './fields.js';

// The participants, a page at a time in enrolment order (or one status), and
// a search by case reference. The API has no search parameter, so a search
// reads every page (at most a few thousand participants a pilot) and filters
// here. A consultant moves each participant on from their row: started,
// completed, dropped out (with the reason), taken from the waiting list, or
// erased (after a confirmation). Several at once: select them (or the whole
// page) and mark them started or completed in one request
// (POST …/participants/status), whose per-row report is shown.

const PAGE = 25;

type Page = ResponseOf<'GET /pilots/{pilotId}/participants'>;

/** The filter's order: the way a participant moves through the pilot. */
const STATUSES: ParticipantStatus[] = ['waitlisted', 'basic-track', 'enrolled', 'started', 'completed', 'dropped-out'];

export const allParticipants = async (api: Api, pilotId: string): Promise<Participant[]> => {
  const all: Participant[] = [];
  let cursor: string | undefined;
  do {
    const page: Page = await api.get('GET /pilots/{pilotId}/participants', { pilotId }, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
};

type Open = { id: string; kind: 'drop' | 'erase' } | undefined;

export const Participants = ({ pilotId, version, closed, onChanged }: { pilotId: string; version: number; closed: boolean; onChanged(): void }) => {
  const { api, canWrite } = useApp();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<Open>();
  const [done, setDone] = useState<string | undefined>();
  // Selected participants by id, with their case reference: the request names them by reference, so its report does too.
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [bulkReport, setBulkReport] = useState<BatchReport | undefined>();
  // The cursors of the pages before the current one: "previous" pops.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const q = query.trim().toLowerCase();
  const loaded = useLoad(async () => {
    if (q) {
      const items = (await allParticipants(api, pilotId)).filter((p) => p.reference.toLowerCase().includes(q) && (!status || p.status === status));
      return { items } as Page;
    }
    return api.get('GET /pilots/{pilotId}/participants', { pilotId }, { limit: PAGE, status: (status || undefined) as ParticipantStatus | undefined, cursor });
  }, [pilotId, q, status, cursor, version]);

  const act = useAction(
    async (p: Participant, change: { kind: 'status'; body: Record<string, string> } | { kind: 'erase' }) => {
      const params = { pilotId, participantId: p.id };
      if (change.kind === 'erase') await api.send('DELETE /pilots/{pilotId}/participants/{participantId}', params);
      else await api.send('PATCH /pilots/{pilotId}/participants/{participantId}', params, change.body);
      return change.kind === 'erase'
        ? t('participants.erased', { ref: p.reference })
        : t('participants.moved', { ref: p.reference, status: label('pstatus', change.body.status!) });
    },
    (message) => {
      setOpen(undefined);
      setDone(message);
      onChanged();
    },
  );
  const acting = canWrite && !closed;

  const bulk = useAction(
    async (status: 'started' | 'completed') => {
      return api.send(
        'POST /pilots/{pilotId}/participants/status',
        { pilotId },
        { changes: [...selected.values()].map((reference) => ({ reference, status })) },
      );
    },
    (report) => {
      setSelected(new Map());
      setBulkReport(report.summary.rejected > 0 ? report : undefined);
      setDone(
        t('participants.bulkDone', {
          changed: String(report.summary.changed),
          unchanged: String(report.summary.unchanged),
          rejected: String(report.summary.rejected),
        }),
      );
      onChanged();
    },
  );
  const toggle = (p: Participant, on: boolean) =>
    setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(p.id, p.reference);
      else next.delete(p.id);
      return next;
    });

  const actionsOf = (p: Participant) => html`<div class="row-actions">
    ${ALLOWED_TRANSITIONS[p.status]
      .filter((s) => s !== 'dropped-out')
      .map(
        (s) => html`<button
          type="button"
          disabled=${act.pending}
          aria-label=${t(`participants.to.${s}` as 'participants.to.enrolled', { ref: p.reference })}
          onClick=${() => void act.submit(p, { kind: 'status', body: { status: s } })}
        >
          ${t(p.status === 'waitlisted' || p.status === 'basic-track' ? 'participants.admit' : (`participants.mark.${s}` as 'participants.mark.started'))}
        </button>`,
      )}
    ${
      ALLOWED_TRANSITIONS[p.status].includes('dropped-out')
        ? html`<button
          type="button"
          aria-expanded=${open?.id === p.id && open.kind === 'drop'}
          aria-label=${t('participants.dropFor', { ref: p.reference })}
          onClick=${() => setOpen(open?.id === p.id && open.kind === 'drop' ? undefined : { id: p.id, kind: 'drop' })}
        >
          ${t('participants.drop')}
        </button>`
        : null
    }
    <button
      type="button"
      class="danger-outline"
      aria-expanded=${open?.id === p.id && open.kind === 'erase'}
      aria-label=${t('participants.eraseFor', { ref: p.reference })}
      onClick=${() => setOpen(open?.id === p.id && open.kind === 'erase' ? undefined : { id: p.id, kind: 'erase' })}
    >
      ${t('participants.erase')}
    </button>
  </div>`;

  const openRow = (p: Participant) =>
    open?.id !== p.id
      ? null
      : open.kind === 'drop'
        ? html`<tr class="row-form"><td colspan="8">
            <form
              class="inline-form"
              aria-label=${t('participants.dropFor', { ref: p.reference })}
              onSubmit=${(e: Event) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget as HTMLFormElement);
                const note = String(f.get('note') ?? '').trim();
                void act.submit(p, { kind: 'status', body: { status: 'dropped-out', reason: String(f.get('reason')), ...(note ? { note } : {}) } });
              }}
            >
              <${Select} name="reason" label=${t('participants.dropReason')} options=${DROPOUT_REASONS.map((r) => ({ value: r, label: label('dropout', r) }))} />
              <${Field} name="note" label=${t('participants.dropNote')} />
              <button type="submit" class="primary" disabled=${act.pending}>${t('participants.dropConfirm')}</button>
              <button type="button" onClick=${() => setOpen(undefined)}>${t('form.cancel')}</button>
            </form>
          </td></tr>`
        : html`<tr class="row-form"><td colspan="8">
            <div class="confirm" role="alertdialog" aria-label=${t('participants.eraseFor', { ref: p.reference })}>
              <p>${t('participants.eraseConfirm', { name: p.name, ref: p.reference })}</p>
              <div class="buttons">
                <button type="button" class="danger" disabled=${act.pending} onClick=${() => void act.submit(p, { kind: 'erase' })}>${t('participants.eraseYes')}</button>
                <button type="button" onClick=${() => setOpen(undefined)}>${t('form.cancel')}</button>
              </div>
            </div>
          </td></tr>`;

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
      <label for="participant-status">${t('participants.show')}</label>
      <select
        id="participant-status"
        value=${status}
        onChange=${(e: Event) => {
          setStatus((e.currentTarget as HTMLSelectElement).value);
          setCursors([undefined]);
        }}
      >
        <option value="">${t('list.all')}</option>
        ${STATUSES.map((s) => html`<option value=${s}>${label('pstatus', s)}</option>`)}
      </select>
    </div>
    ${
      acting
        ? html`<div class="toolbar bulk" role="group" aria-label=${t('participants.selected', { n: String(selected.size) })}>
          <span>${t('participants.selected', { n: String(selected.size) })}</span>
          ${(['started', 'completed'] as const).map(
            (s) =>
              html`<button type="button" disabled=${selected.size === 0 || bulk.pending} onClick=${() => void bulk.submit(s)}>${t(`participants.markSelected.${s}`)}</button>`,
          )}
        </div>`
        : null
    }
    ${done ? html`<p role="status" class="done">${done}</p>` : null}
    ${bulkReport ? html`<${ReportView} report=${bulkReport} onDismiss=${() => setBulkReport(undefined)} />` : null}
    <${ErrorBox} error=${bulk.error} />
    <${ErrorBox} error=${act.error} />
    <${ErrorBox} error=${loaded.error} />
    ${
      loaded.error
        ? null
        : loaded.loading && !loaded.data
          ? html`<${Loading} />`
          : items.length === 0
            ? html`<p>${q ? t('participants.noMatch', { q: query.trim() }) : status ? t('participants.noneWithStatus', { status: label('pstatus', status) }) : t('participants.empty')}</p>`
            : html`<div class="table-wrap cards" tabindex="0" role="region" aria-labelledby="participants-heading">
            <table class="participants">
              <thead>
                <tr>
                  ${
                    acting
                      ? html`<th scope="col" class="select-cell">
                        <input
                          type="checkbox"
                          aria-label=${t('participants.selectPage')}
                          checked=${items.length > 0 && items.every((p) => selected.has(p.id))}
                          onChange=${(e: Event) => {
                            const on = (e.currentTarget as HTMLInputElement).checked;
                            for (const p of items) toggle(p, on);
                          }}
                        />
                      </th>`
                      : null
                  }
                  <th scope="col">${t('col.reference')}</th>
                  <th scope="col">${t('col.name')}</th>
                  <th scope="col">${t('col.status')}</th>
                  <th scope="col">${t('col.voucher')}</th>
                  <th scope="col">${t('col.exam')}</th>
                  <th scope="col">${t('col.followUp')}</th>
                  ${acting ? html`<th scope="col">${t('actions.heading')}</th>` : null}
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (p) => html`<tr key=${p.id}>
                      ${
                        acting
                          ? html`<td class="select-cell">
                            <input
                              type="checkbox"
                              aria-label=${t('participants.select', { ref: p.reference })}
                              checked=${selected.has(p.id)}
                              onChange=${(e: Event) => toggle(p, (e.currentTarget as HTMLInputElement).checked)}
                            />
                          </td>`
                          : null
                      }
                      <th scope="row" data-label=${t('col.reference')}>${p.reference}</th>
                      <td data-label=${t('col.name')}>${p.name}</td>
                      <td data-label=${t('col.status')}>${label('pstatus', p.status)}${p.droppedOut ? html` <span class="muted">(${label('dropout', p.droppedOut.reason)})</span>` : null}</td>
                      <td data-label=${t('col.voucher')}><code>${p.voucher?.code ?? ''}</code></td>
                      <td data-label=${t('col.exam')}>${p.exam ? label('exam', p.exam.result) : ''}</td>
                      <td data-label=${t('col.followUp')}>${p.followUp ? label('outcome', p.followUp.outcome) : ''}${p.followUp?.provisional ? ` (${t('followUp.provisional')})` : ''}</td>
                      ${acting ? html`<td class="actions-cell">${actionsOf(p)}</td>` : null}
                    </tr>
                    ${acting ? openRow(p) : null}`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${
      q
        ? null
        : html`<nav class="pager" aria-label=${t('participants.heading')}>
          <button type="button" disabled=${cursors.length === 1} onClick=${() => setCursors((c) => c.slice(0, -1))}>${t('participants.prev')}</button>
          <span>${t('participants.page', { n: cursors.length })}</span>
          <button type="button" disabled=${!loaded.data?.nextCursor} onClick=${() => setCursors((c) => [...c, loaded.data!.nextCursor])}>
            ${t('participants.next')}
          </button>
        </nav>`
    }
  </section>`;
};
