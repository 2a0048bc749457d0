import { html } from 'htm/preact';
import type { Pilot } from '../../../functions/domain/pilot.js';
import { label, t } from '../i18n.js';
import { ErrorBox, fieldsOf, useAction, useApp } from '../ui.js';
import { Field, Select } from './fields.js';

// Defining a pilot: the fields of POST /pilots a consultant fills in; the
// API validates (and names each field it refuses), the form only shapes.

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const num = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));

export const pilotBodyOf = (f: Record<string, string>) => ({
  name: f.name,
  partner: f.partner,
  targetGroups: list(f.targetGroups),
  capacity: num(f.capacity),
  minimumCohort: num(f.minimumCohort),
  recruitment: { opens: f.recruitmentOpens, closes: f.recruitmentCloses },
  course: { start: f.courseStart, weeks: num(f.courseWeeks), ending: f.courseEnding },
  ...(f.matchDate ? { matchEvent: { date: f.matchDate, responseDeadline: f.matchResponse, capacity: num(f.matchCapacity) } } : {}),
  targetEmploymentRate: f.targetRate ? Number(f.targetRate) / 100 : undefined,
  budgetDkk: num(f.budget),
  ...(list(f.managementEmails).length ? { managementEmails: list(f.managementEmails) } : {}),
  language: f.language,
});

export const CreatePilot = ({ onCancel, onCreated }: { onCancel(): void; onCreated(id: string): void }) => {
  const { api } = useApp();
  const create = useAction(
    (body: unknown) => api.send<Pilot>('POST', '/pilots', body),
    (pilot) => onCreated(pilot.id),
  );
  return html`<form class="panel" aria-labelledby="create-heading" onSubmit=${(e: Event) => void create.submit(pilotBodyOf(fieldsOf(e)))}>
    <h2 id="create-heading">${t('list.create')}</h2>
    <div class="grid">
      <${Field} name="name" label=${t('form.name')} required />
      <${Field} name="partner" label=${t('form.partner')} required />
      <${Field} name="targetGroups" label=${t('form.targetGroups')} required />
      <${Field} name="capacity" label=${t('form.capacity')} type="number" min=${1} required />
      <${Field} name="minimumCohort" label=${t('form.minimumCohort')} type="number" min=${1} required />
      <${Field} name="recruitmentOpens" label=${t('form.recruitmentOpens')} type="date" required />
      <${Field} name="recruitmentCloses" label=${t('form.recruitmentCloses')} type="date" required />
      <${Field} name="courseStart" label=${t('form.courseStart')} type="date" required />
      <${Field} name="courseWeeks" label=${t('form.courseWeeks')} type="number" min=${1} required />
      <${Select}
        name="courseEnding"
        label=${t('form.courseEnding')}
        options=${['exam', 'diploma', 'none'].map((v) => ({ value: v, label: label('ending', v) }))}
      />
      <${Field} name="targetRate" label=${t('form.targetRate')} type="number" min=${0} max=${100} required />
      <${Field} name="budget" label=${t('form.budget')} type="number" min=${0} required />
      <${Field} name="managementEmails" label=${t('form.managementEmails')} />
      <${Select}
        name="language"
        label=${t('form.language')}
        options=${[
          { value: 'da', label: t('lang.da') },
          { value: 'en', label: t('lang.en') },
        ]}
      />
    </div>
    <fieldset>
      <legend>${t('form.matchEvent')}</legend>
      <div class="grid">
        <${Field} name="matchDate" label=${t('form.matchDate')} type="date" />
        <${Field} name="matchResponse" label=${t('form.matchResponse')} type="date" />
        <${Field} name="matchCapacity" label=${t('form.matchCapacity')} type="number" min=${1} />
      </div>
    </fieldset>
    <${ErrorBox} error=${create.error} />
    <div class="buttons">
      <button type="submit" class="primary" disabled=${create.pending}>${t('form.create')}</button>
      <button type="button" onClick=${onCancel}>${t('form.cancel')}</button>
    </div>
  </form>`;
};
