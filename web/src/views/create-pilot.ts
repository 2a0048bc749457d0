import { html } from 'htm/preact';
import type { BodyOf } from '../../../functions/contracts/index.js';
import type { Draft } from '../api.js';
import { label, t } from '../i18n.js';
import { useState } from 'preact/hooks';
import { ErrorBox, FormIssues, fieldsOf, issuesOf, useAction, useApp, useFocusFirstInvalid } from '../ui.js';
import { Field, Select } from './fields.js';

// Defining a pilot: the fields of POST /pilots a consultant fills in; the
// API validates (and names each field it refuses), the form only shapes.

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Target groups are separated by commas only: "ledige 50+" is one group. It
 * becomes the code the API keeps ("ledige-50-plus"), as the participants' CSV
 * must name it.
 */
export const targetGroupsOf = (value: string | undefined) =>
  (value ?? '')
    .split(/[,;]/)
    .map((s) =>
      s
        .trim()
        .toLowerCase()
        .replace(/æ/g, 'ae')
        .replace(/ø/g, 'oe')
        .replace(/å/g, 'aa')
        .replace(/\+/g, ' plus')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean);

/** Dates before today: allowed (a pilot may be recorded after the fact), but said, since it is usually a typo. */
const today = () => new Date().toISOString().slice(0, 10);
const num = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));

export const pilotBodyOf = (f: Record<string, string>): Draft<BodyOf<'POST /pilots'>> => ({
  name: f.name,
  partner: f.partner,
  targetGroups: targetGroupsOf(f.targetGroups),
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
    (body: Draft<BodyOf<'POST /pilots'>>) => api.send('POST /pilots', {}, body),
    (pilot) => onCreated(pilot.id),
  );
  const formRef = useFocusFirstInvalid(create.error);
  const [past, setPast] = useState<string[]>([]);
  // Which date fields hold a day before today, said as the reader types.
  const checkDates = (e: Event) => {
    const form = (e.currentTarget as HTMLInputElement).form!;
    setPast(
      [...form.querySelectorAll<HTMLInputElement>('input[type="date"]')]
        .filter((i) => i.value && i.value < today())
        .map((i) => i.labels?.[0]?.textContent ?? i.name),
    );
  };
  const date = (name: string, path: string, text: string, required = true) =>
    html`<${Field} name=${name} path=${path} label=${text} type="date" required=${required} onInput=${checkDates} />`;
  return html`<form class="panel" aria-labelledby="create-heading" ref=${formRef} onSubmit=${(e: Event) => void create.submit(pilotBodyOf(fieldsOf(e)))}>
    <${FormIssues.Provider} value=${issuesOf(create.error)}>
    <h2 id="create-heading">${t('list.create')}</h2>
    <div class="grid">
      <${Field} name="name" label=${t('form.name')} required />
      <${Field} name="partner" label=${t('form.partner')} required />
      <${Field} name="targetGroups" label=${t('form.targetGroups')} hint=${t('form.targetGroupsHint')} required />
      <${Field} name="capacity" label=${t('form.capacity')} type="number" min=${1} required />
      <${Field} name="minimumCohort" label=${t('form.minimumCohort')} type="number" min=${1} required />
      ${date('recruitmentOpens', 'recruitment.opens', t('form.recruitmentOpens'))}
      ${date('recruitmentCloses', 'recruitment.closes', t('form.recruitmentCloses'))}
      ${date('courseStart', 'course.start', t('form.courseStart'))}
      <${Field} name="courseWeeks" path="course.weeks" label=${t('form.courseWeeks')} type="number" min=${1} required />
      <${Select}
        name="courseEnding"
        path="course.ending"
        label=${t('form.courseEnding')}
        options=${['exam', 'diploma', 'none'].map((v) => ({ value: v, label: label('ending', v) }))}
      />
      <${Field} name="targetRate" path="targetEmploymentRate" label=${t('form.targetRate')} type="number" min=${0} max=${100} required />
      <${Field} name="budget" path="budgetDkk" label=${t('form.budget')} type="number" min=${0} required />
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
        ${date('matchDate', 'matchEvent.date', t('form.matchDate'), false)}
        ${date('matchResponse', 'matchEvent.responseDeadline', t('form.matchResponse'), false)}
        <${Field} name="matchCapacity" path="matchEvent.capacity" label=${t('form.matchCapacity')} type="number" min=${1} />
      </div>
    </fieldset>
    ${past.length > 0 ? html`<p class="notice" role="status">${t('form.pastDates', { fields: past.join(', ') })}</p>` : null}
    <${ErrorBox} error=${create.error} />
    </${FormIssues.Provider}>
    <div class="buttons">
      <button type="submit" class="primary" disabled=${create.pending}>${t('form.create')}</button>
      <button type="button" onClick=${onCancel}>${t('form.cancel')}</button>
    </div>
  </form>`;
};
