import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { BodyOf } from '../../../functions/contracts/index.js';
import type { PilotView } from '../../../functions/contracts/pilots.js';
import type { ComparisonKind } from '../../../functions/domain/comparison.js';
import { ApiError, type Draft } from '../api.js';
import { formatDate, formatInstant, formatNumber, formatPercent, label, t } from '../i18n.js';
import { ErrorBox, FormIssues, fieldsOf, issuesOf, useAction, useApp, useFocusFirstInvalid } from '../ui.js';
import { Field, Select } from './fields.js';

// What the pilot's employment is compared with (functions/domain/comparison.ts):
// a known rate with its source and period, or a comparison group whose counts
// are recorded at follow-up. Shown to every reader as set (it is a statistic,
// not about a person); the team names, changes or removes it until the pilot
// is evaluated, and records the group's counts while the pilot runs. The API
// says the same rules again (409) and the page says its reason.

/**
 * The kinds, in the order offered. Written here rather than imported: the
 * domain's module holds zod schemas, and zod in the page's bundle tries
 * `new Function` at start, which the page's Content-Security-Policy refuses.
 * The type check fails when a kind is added there and not here.
 */
const KINDS = ['rate', 'group'] as const satisfies readonly ComparisonKind[];
const everyKindOffered: [Exclude<ComparisonKind, (typeof KINDS)[number]>] extends [never] ? true : never = true;
void everyKindOffered;

/** The API judges the rate as a fraction (at most 1); the form asks for a percentage, so the rate's limits are said as one. */
const inPercent = (error: Error | undefined): Error | undefined =>
  error instanceof ApiError
    ? new ApiError(
        error.status,
        error.code,
        error.message,
        error.issues.map((i) =>
          i.path === 'comparison.rate'
            ? { ...i, ...(i.max !== undefined ? { max: `${Number(i.max) * 100} %` } : {}), ...(i.min !== undefined ? { min: `${Number(i.min) * 100} %` } : {}) }
            : i,
        ),
        error.details,
      )
    : error;

const num = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
/** A fraction as the percentage typed in the form: 0.235 → "23.5". */
const percentOf = (rate: number | undefined) => (rate === undefined ? undefined : String(Math.round(rate * 10_000) / 100));

export const ComparisonSection = ({ pilot, onChanged }: { pilot: PilotView; onChanged(): void }) => {
  const { api, canWrite } = useApp();
  const c = pilot.comparison;
  const group = pilot.comparisonGroup;
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState<ComparisonKind>(c?.kind ?? 'rate');
  const [said, setSaid] = useState<'saved' | 'removed' | 'recorded' | undefined>();
  const save = useAction(
    (comparison: Draft<BodyOf<'PATCH /pilots/{pilotId}'>>['comparison']) => api.send('PATCH /pilots/{pilotId}', { pilotId: pilot.id }, { comparison }),
    (saved) => {
      setEditing(false);
      setSaid(saved.comparison ? 'saved' : 'removed');
      onChanged();
    },
  );
  const record = useAction(
    (counts: Draft<BodyOf<'PUT /pilots/{pilotId}/comparison-group'>>) => api.send('PUT /pilots/{pilotId}/comparison-group', { pilotId: pilot.id }, counts),
    () => {
      setSaid('recorded');
      onChanged();
    },
  );
  const saveError = inPercent(save.error);
  const saveRef = useFocusFirstInvalid(save.error);
  const recordRef = useFocusFirstInvalid(record.error);
  // The outcome keeps the comparison it was evaluated against.
  const evaluated = pilot.status === 'closed' || pilot.personalDataDeletedAfter !== undefined;
  const mayChange = canWrite && !evaluated;
  const mayRecord = mayChange && c?.kind === 'group' && (pilot.status === 'running' || pilot.status === 'paused');

  const open = () => {
    setKind(c?.kind ?? 'rate');
    setSaid(undefined);
    setEditing(!editing);
  };

  const shown = c
    ? html`<dl class="stats comparison-set">
        <div><dt>${t('comparison.kind')}</dt><dd>${label('comparisonKind', c.kind)}</dd></div>
        <div><dt>${t('comparison.source')}</dt><dd>${c.source}</dd></div>
        <div><dt>${t('comparison.period')}</dt><dd>${c.period}</dd></div>
        ${
          c.kind === 'rate'
            ? html`<div>
              <dt>${t('comparison.rateShort')}</dt>
              <dd>${c.n !== undefined ? t('outcomeView.comparisonRateOf', { rate: formatPercent(c.rate), n: formatNumber(c.n) }) : formatPercent(c.rate)}</dd>
            </div>`
            : html`<div>
              <dt>${t('comparison.groupCounts')}</dt>
              <dd>
                ${
                  group
                    ? t('comparison.recorded', {
                        employed: formatNumber(group.employed),
                        size: formatNumber(group.size),
                        rate: formatPercent(group.employed / group.size),
                        at: formatInstant(group.recordedAt),
                      })
                    : t('comparison.notRecorded', { date: formatDate(pilot.plan.followUpDay) })
                }
              </dd>
            </div>`
        }
      </dl>`
    : html`<p class="empty">${t('comparison.none')}</p>`;

  const form = html`<form
    class="panel"
    aria-labelledby="comparison-form-heading"
    ref=${saveRef}
    onSubmit=${(e: Event) => {
      const f = fieldsOf(e);
      setSaid(undefined);
      void save.submit({
        kind,
        source: f.source,
        period: f.period,
        // A group's counts come at follow-up: a rate and its n belong to a known rate only.
        ...(kind === 'rate' ? { ...(f.rate ? { rate: Number(f.rate) / 100 } : {}), ...(f.n ? { n: num(f.n) } : {}) } : {}),
      });
    }}
  >
    <${FormIssues.Provider} value=${issuesOf(saveError)}>
      <h3 id="comparison-form-heading">${t(c ? 'comparison.change' : 'comparison.set')}</h3>
      <div class="grid">
        <${Select}
          name="kind"
          path="comparison.kind"
          label=${t('comparison.kind')}
          value=${kind}
          onChange=${(v: string) => setKind(v as ComparisonKind)}
          options=${KINDS.map((k) => ({ value: k, label: label('comparisonKind', k) }))}
        />
        <${Field} name="source" path="comparison.source" label=${t(kind === 'group' ? 'comparison.groupSource' : 'comparison.source')} hint=${t(kind === 'group' ? 'comparison.groupSourceHint' : 'comparison.sourceHint')} value=${c?.source} />
        <${Field} name="period" path="comparison.period" label=${t('comparison.period')} hint=${t('comparison.periodHint')} value=${c?.period} />
        ${
          kind === 'rate'
            ? html`<${Field} name="rate" path="comparison.rate" label=${t('comparison.rate')} type="number" min=${0} max=${100} step="any" value=${percentOf(c?.rate)} />
              <${Field} name="n" path="comparison.n" label=${t('comparison.n')} type="number" min=${1} step="1" value=${c?.n !== undefined ? String(c.n) : undefined} />`
            : null
        }
      </div>
      ${kind === 'group' ? html`<p class="hint">${t('comparison.groupLater')}</p>` : null}
      <${ErrorBox} error=${saveError} />
      <div class="buttons">
        <button type="submit" class="primary" disabled=${save.pending}>${t('actions.save')}</button>
        <button type="button" onClick=${() => setEditing(false)}>${t('form.cancel')}</button>
      </div>
    </${FormIssues.Provider}>
  </form>`;

  const groupForm = html`<form
    class="panel"
    aria-labelledby="comparison-group-heading"
    ref=${recordRef}
    onSubmit=${(e: Event) => {
      const f = fieldsOf(e);
      setSaid(undefined);
      void record.submit({ size: num(f.size), employed: num(f.employed) });
    }}
  >
    <${FormIssues.Provider} value=${issuesOf(record.error)}>
      <h3 id="comparison-group-heading">${t('comparison.groupCounts')}</h3>
      <p>${t('comparison.groupHelp')}</p>
      <div class="grid">
        <${Field} name="size" label=${t('comparison.size')} type="number" min=${1} step="1" value=${group ? String(group.size) : undefined} required />
        <${Field} name="employed" label=${t('comparison.employed')} type="number" min=${0} step="1" value=${group ? String(group.employed) : undefined} required />
      </div>
      <${ErrorBox} error=${record.error} />
      <button type="submit" disabled=${record.pending}>${t('comparison.record')}</button>
    </${FormIssues.Provider}>
  </form>`;

  return html`<section aria-labelledby="comparison-heading">
    <h2 id="comparison-heading">${t('comparison.heading')}</h2>
    <p>${t('comparison.help')}</p>
    ${shown}
    ${said ? html`<p role="status" class="done">${t(`comparison.said.${said}`)}</p>` : null}
    ${
      mayChange
        ? html`<div class="buttons">
          <button type="button" aria-expanded=${editing} onClick=${open}>${t(c ? 'comparison.change' : 'comparison.set')}</button>
          ${c ? html`<button type="button" class="danger" disabled=${save.pending} onClick=${() => void save.submit(null)}>${t('comparison.remove')}</button>` : null}
        </div>`
        : null
    }
    ${mayChange && !editing ? html`<${ErrorBox} error=${save.error} />` : null}
    ${mayChange && editing ? form : null}
    ${mayRecord ? groupForm : null}
  </section>`;
};
