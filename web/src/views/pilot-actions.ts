import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { PilotView } from '../../../functions/contracts/pilots.js';
import type { BodyOf } from '../../../functions/contracts/index.js';
import type { Draft } from '../api.js';
import { formatDate, label, t, type MessageKey } from '../i18n.js';
import { ErrorBox, FormIssues, fieldsOf, issuesOf, useAction, useApp, useFocusFirstInvalid } from '../ui.js';
import { Field, Select } from './fields.js';

// Steering a pilot: start, pause / resume / close with a reason, move a
// deadline, extend recruitment. Only what the pilot's state allows is
// offered; the API checks again (409) and says why.

type Kind = 'start' | 'pause' | 'close' | 'move' | 'extend';

export const PilotActions = ({ pilot, onChanged }: { pilot: PilotView; onChanged(): void }) => {
  const { api } = useApp();
  const [open, setOpen] = useState<Kind | undefined>();
  const act = useAction(
    (run: () => Promise<unknown>) => run(),
    () => {
      setOpen(undefined);
      onChanged();
    },
  );
  const actionsRef = useFocusFirstInvalid(act.error);
  const toggle = (kind: Kind) => setOpen(open === kind ? undefined : kind);
  const button = (kind: Kind, text: MessageKey) => html`<button type="button" aria-expanded=${open === kind} onClick=${() => toggle(kind)}>${t(text)}</button>`;

  const reasonForm = (
    kind: 'pause' | 'close',
  ) => html`<form class="inline-form" onSubmit=${(e: Event) => void act.submit(() => api.send(kind === 'pause' ? 'POST /pilots/{pilotId}/pause' : 'POST /pilots/{pilotId}/close', { pilotId: pilot.id }, { reason: fieldsOf(e).reason }))}>
    <${Field} name="reason" label=${t('actions.reason')} required />
    <button type="submit" class=${kind === 'close' ? 'danger' : 'primary'} disabled=${act.pending}>${t(kind === 'pause' ? 'actions.pause' : 'actions.close')}</button>
  </form>`;

  const moveForm = () => html`<form
    class="inline-form"
    onSubmit=${(e: Event) => {
      const f = fieldsOf(e);
      const body: Draft<BodyOf<'PATCH /pilots/{pilotId}'>> = {};
      if (f.recruitmentCloses) body.recruitment = { closes: f.recruitmentCloses };
      if (f.courseStart || f.courseWeeks)
        body.course = { ...(f.courseStart ? { start: f.courseStart } : {}), ...(f.courseWeeks ? { weeks: Number(f.courseWeeks) } : {}) };
      if (f.matchDate || f.matchResponse)
        body.matchEvent = { ...(f.matchDate ? { date: f.matchDate } : {}), ...(f.matchResponse ? { responseDeadline: f.matchResponse } : {}) };
      if (f.followUpMonths) body.followUpMonths = Number(f.followUpMonths);
      void act.submit(() => api.send('PATCH /pilots/{pilotId}', { pilotId: pilot.id }, body));
    }}
  >
    <div class="grid">
      <${Field} name="recruitmentCloses" path="recruitment.closes" label=${t('form.recruitmentCloses')} type="date" value=${pilot.recruitment.closes} />
      <${Field} name="courseStart" path="course.start" label=${t('form.courseStart')} type="date" value=${pilot.course.start} />
      <${Field} name="courseWeeks" path="course.weeks" label=${t('form.courseWeeks')} type="number" min=${1} value=${String(pilot.course.weeks)} />
      ${
        pilot.matchEvent
          ? html`<${Field} name="matchDate" path="matchEvent.date" label=${t('form.matchDate')} type="date" value=${pilot.matchEvent.date} />
            <${Field} name="matchResponse" path="matchEvent.responseDeadline" label=${t('form.matchResponse')} type="date" value=${pilot.matchEvent.responseDeadline} />`
          : null
      }
      <${Field} name="followUpMonths" label=${t('form.followUpMonths')} type="number" min=${1} value=${String(pilot.followUpMonths)} />
    </div>
    <button type="submit" class="primary" disabled=${act.pending}>${t('actions.save')}</button>
  </form>`;

  const extendForm =
    () => html`<form class="inline-form" onSubmit=${(e: Event) => void act.submit(() => api.send('POST /pilots/{pilotId}/recruitment/extend', { pilotId: pilot.id }, { closes: fieldsOf(e).closes }))}>
    <${Field} name="closes" label=${t('form.recruitmentCloses')} type="date" required />
    <button type="submit" class="primary" disabled=${act.pending}>${t('actions.extend')}</button>
  </form>`;

  const live = pilot.status === 'running' || pilot.status === 'paused';
  return html`<section class="panel actions" aria-labelledby="actions-heading" ref=${actionsRef}>
    <${FormIssues.Provider} value=${issuesOf(act.error)}>
    <h2 id="actions-heading">${t('actions.heading')}</h2>
    <div class="buttons">
      ${pilot.status === 'draft' ? html`<button type="button" class="primary" aria-expanded=${open === 'start'} onClick=${() => toggle('start')}>${t('actions.start')}</button>` : null}
      ${pilot.status === 'running' ? button('pause', 'actions.pause') : null}
      ${
        pilot.status === 'paused'
          ? html`<button type="button" class="primary" disabled=${act.pending} onClick=${() => void act.submit(() => api.send('POST /pilots/{pilotId}/resume', { pilotId: pilot.id }, {}))}>${t('actions.resume')}</button>`
          : null
      }
      ${pilot.waitingFor === 'recruitment-decision' ? button('extend', 'actions.extend') : null}
      ${pilot.status !== 'closed' ? button('move', 'actions.move') : null}
      ${pilot.status !== 'closed' ? button('close', 'actions.close') : null}
    </div>
    ${
      open === 'start' && pilot.status === 'draft'
        ? html`<div class="confirm inline-form" role="alertdialog" aria-labelledby="start-confirm">
          <p id="start-confirm">${t('actions.startConfirm', { opens: formatDate(pilot.recruitment.opens), closes: formatDate(pilot.recruitment.closes) })}</p>
          <div class="buttons">
            <button type="button" class="primary" disabled=${act.pending} onClick=${() => void act.submit(() => api.send('POST /pilots/{pilotId}/start', { pilotId: pilot.id }))}>${t('actions.startYes')}</button>
            <button type="button" onClick=${() => setOpen(undefined)}>${t('form.cancel')}</button>
          </div>
        </div>`
        : null
    }
    ${open === 'pause' && pilot.status === 'running' ? reasonForm('pause') : null}
    ${open === 'close' && pilot.status !== 'closed' ? reasonForm('close') : null}
    ${open === 'move' ? moveForm() : null}
    ${open === 'extend' && live ? extendForm() : null}
    <${ErrorBox} error=${act.error} />
    </${FormIssues.Provider}>
  </section>`;
};

/** Overriding the recommendation with a written reason (before, or within 14 days after, the evaluation). */
export const OverrideForm = ({ pilotId, onChanged }: { pilotId: string; onChanged(): void }) => {
  const { api } = useApp();
  const act = useAction(
    (body: Draft<BodyOf<'POST /pilots/{pilotId}/outcome/override'>>) => api.send('POST /pilots/{pilotId}/outcome/override', { pilotId }, body),
    onChanged,
  );
  const ref = useFocusFirstInvalid(act.error);
  return html`<form class="panel" aria-labelledby="override-heading" ref=${ref} onSubmit=${(e: Event) => {
    const f = fieldsOf(e);
    void act.submit({ recommendation: f.recommendation, reason: f.reason });
  }}>
    <${FormIssues.Provider} value=${issuesOf(act.error)}>
    <h3 id="override-heading">${t('actions.override')}</h3>
    <div class="grid">
      <${Select} name="recommendation" label=${t('form.recommendation')} options=${['continue', 'adjust', 'close', 'uncertain'].map((r) => ({ value: r, label: label('rec', r) }))} />
      <${Field} name="reason" label=${t('actions.reason')} required />
    </div>
    <${ErrorBox} error=${act.error} />
    ${act.result ? html`<p role="status">${t('actions.done')}</p>` : null}
    <button type="submit" disabled=${act.pending}>${t('actions.save')}</button>
    </${FormIssues.Provider}>
  </form>`;
};
