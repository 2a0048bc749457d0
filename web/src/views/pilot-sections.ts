import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { AuditEntry as WholeEntry } from '../../../functions/contracts/audit.js';
import type { BodyOf } from '../../../functions/contracts/index.js';
import type { OutcomeView } from '../../../functions/contracts/outcome.js';
import type { Pilot } from '../../../functions/contracts/pilots.js';
import { ApiError, type Draft } from '../api.js';
import { currentLanguage, formatDate, formatInstant, formatNumber, formatPercent, label, t } from '../i18n.js';
import { lastDayBefore, timelineOf } from '../timeline.js';
import { ErrorBox, FormIssues, Loading, fieldsOf, issuesOf, useAction, useApp, useFocusFirstInvalid, useLoad } from '../ui.js';
import { Field, Select, TextArea } from './fields.js';
import { OverrideForm } from './pilot-actions.js';
import { allParticipants } from './participants.js';
import { SurveyOutcome } from './survey-outcome.js';

// The sections of one pilot's page, each reading its own route.

export const Timeline = ({ pilot, evaluatedAt }: { pilot: Pilot; evaluatedAt?: string | undefined }) => html`<section aria-labelledby="timeline-heading">
  <h2 id="timeline-heading">${t('timeline.heading')}</h2>
  <ol class="timeline">
    ${timelineOf(pilot, evaluatedAt).map(
      (s) => html`<li class=${`step step-${s.state}`} aria-current=${s.state === 'current' ? 'step' : undefined}>
        <span class="step-name">${label('phase', s.phase)}</span>
        <span class="step-dates">${formatDate(s.from)}${s.to && s.to !== s.from ? ` – ${formatDate(s.to)}` : ''}</span>
        <span class="step-state">${t(`timeline.${s.state}`)}</span>
      </li>`,
    )}
  </ol>
  ${
    pilot.waitingFor && pilot.status !== 'closed'
      ? html`<p>
        ${t('timeline.waitingFor')}: ${label('wait', pilot.waitingFor)}${pilot.nextDeadline ? ` (${formatDate(lastDayBefore(pilot.nextDeadline))})` : ''}
      </p>`
      : null
  }
</section>`;

const STATUS_ORDER = ['waitlisted', 'basic-track', 'enrolled', 'started', 'completed', 'dropped-out'] as const;

export const Funnel = ({ pilot, outcome }: { pilot: Pilot; outcome: OutcomeView | undefined }) => {
  const max = Math.max(1, pilot.capacity, ...Object.values(pilot.counts ?? {}));
  const bar = (n: number) => html`<span class="bar" aria-hidden="true"><span style=${{ width: `${Math.round((100 * n) / max)}%` }}></span></span>`;
  return html`<section aria-labelledby="funnel-heading">
    <h2 id="funnel-heading">${t('funnel.heading')}</h2>
    <dl class="funnel">
      <div><dt>${t('funnel.placesTaken')}</dt><dd>${pilot.placesTaken} / ${pilot.capacity} ${bar(pilot.placesTaken)}</dd></div>
      ${STATUS_ORDER.map((s) => html`<div><dt>${label('pstatus', s)}</dt><dd>${pilot.counts?.[s] ?? 0} ${bar(pilot.counts?.[s] ?? 0)}</dd></div>`)}
      ${
        outcome
          ? Object.entries(outcome.evaluation.funnel)
              // employed is null when employment was not measured: no bar rather than a zero.
              .filter((entry): entry is [string, number] => entry[1] !== null)
              .map(([k, n]) => html`<div class="evaluated"><dt>${label('funnel', k)}</dt><dd>${n} ${bar(n)}</dd></div>`)
          : null
      }
    </dl>
  </section>`;
};

export const Vouchers = ({ pilot, version, onChanged }: { pilot: Pilot; version: number; onChanged(): void }) => {
  const { api, canWrite } = useApp();
  const overview = useLoad(() => api.get('GET /pilots/{pilotId}/vouchers', { pilotId: pilot.id }), [pilot.id, version]);
  const load = useAction(
    (body: Draft<BodyOf<'POST /pilots/{pilotId}/vouchers'>>) => api.send('POST /pilots/{pilotId}/vouchers', { pilotId: pilot.id }, body),
    onChanged,
  );
  const loadRef = useFocusFirstInvalid(load.error);
  if (pilot.course.ending !== 'exam') {
    return html`<section aria-labelledby="vouchers-heading"><h2 id="vouchers-heading">${t('vouchers.heading')}</h2><p>${t('vouchers.notExam')}</p></section>`;
  }
  const pool = overview.data?.pool;
  return html`<section aria-labelledby="vouchers-heading">
    <h2 id="vouchers-heading">${t('vouchers.heading')}</h2>
    <${ErrorBox} error=${overview.error} />
    ${
      pool
        ? html`<dl class="stats">
          ${(['total', 'free', 'assigned', 'used', 'expired'] as const).map((k) => html`<div><dt>${t(`vouchers.${k}`)}</dt><dd>${pool[k]}</dd></div>`)}
          <div><dt>${t('vouchers.nearExpiry')}</dt><dd>${pool.nearExpiry.length}</dd></div>
          <div><dt>${t('vouchers.waiting')}</dt><dd>${'waiting' in overview.data! ? overview.data.waiting.length : overview.data!.waitingCount}</dd></div>
        </dl>`
        : html`<${Loading} />`
    }
    ${
      canWrite && pilot.status !== 'closed'
        ? html`<form
          class="panel"
          aria-labelledby="vouchers-load-heading"
          ref=${loadRef}
          onSubmit=${(e: Event) => {
            const f = fieldsOf(e);
            void load.submit({ sponsor: f.sponsor, exam: f.exam, expiresOn: f.expiresOn, codes: f.codes!.split(/\s+/).filter(Boolean) });
          }}
        >
          <${FormIssues.Provider} value=${issuesOf(load.error)}>
          <h3 id="vouchers-load-heading">${t('vouchers.load')}</h3>
          <div class="grid">
            <${Field} name="sponsor" label=${t('vouchers.sponsor')} value=${pilot.partner} required />
            <${Field} name="exam" label=${t('vouchers.exam')} required />
            <${Field} name="expiresOn" label=${t('vouchers.expiresOn')} type="date" required />
          </div>
          <${TextArea} name="codes" label=${t('vouchers.codes')} required />
          <${ErrorBox} error=${load.error} />
          ${load.result ? html`<p role="status">${t('vouchers.loaded', { n: load.result.loaded, d: load.result.duplicates.length })}</p>` : null}
          <button type="submit" disabled=${load.pending}>${t('vouchers.load')}</button>
          </${FormIssues.Provider}>
        </form>`
        : null
    }
  </section>`;
};

/** An API without these routes answers 404 not_found for the route, which means "none yet". */
const noneWhenMissing = async <T>(load: Promise<T>): Promise<T | undefined> => {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'not_found') return undefined;
    throw error;
  }
};

/**
 * Invite a registered company to the match event, with the most slots it may
 * take (again: change its cap). Companies are registered by API (POST
 * /companies), which shows their webhook secret once.
 */
const InviteCompany = ({ pilot, invited, version, onChanged }: { pilot: Pilot; invited: string[]; version: number; onChanged(): void }) => {
  const { api } = useApp();
  const registered = useLoad(() => api.get('GET /companies', {}, { limit: 100 }), [version]);
  const invite = useAction(
    (body: BodyOf<'POST /pilots/{pilotId}/companies'>) => api.send('POST /pilots/{pilotId}/companies', { pilotId: pilot.id }, body),
    onChanged,
  );
  const options = (registered.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (CVR ${c.cvr})${invited.includes(c.id) ? ` · ${t('companies.alreadyInvited')}` : ''}`,
  }));
  return html`<form
    class="panel"
    aria-labelledby="companies-invite-heading"
    onSubmit=${(e: Event) => {
      const f = fieldsOf(e);
      void invite.submit({ companyId: f.companyId!, maxSlots: Number(f.maxSlots) });
    }}
  >
    <h3 id="companies-invite-heading">${t('companies.invite')}</h3>
    <${ErrorBox} error=${registered.error} />
    ${
      registered.data && options.length === 0
        ? html`<p class="empty">${t('companies.noneRegistered')}</p>`
        : html`<div class="grid">
            <${Select} name="companyId" label=${t('companies.company')} options=${options} />
            <${Field} name="maxSlots" label=${t('companies.maxSlots')} type="number" min=${1} max=${1000} value="5" required />
          </div>
          <${ErrorBox} error=${invite.error} />
          ${invite.result ? html`<p role="status">${t('companies.invited')}</p>` : null}
          <button type="submit" disabled=${invite.pending || !registered.data}>${t('companies.invite')}</button>`
    }
  </form>`;
};

/**
 * Registering a partner company: its webhook signing secret is shown this
 * once (the API never shows it again), with a copy button and a plain warning,
 * until the consultant says it is kept.
 */
export const RegisterCompany = ({ onChanged }: { onChanged(): void }) => {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const register = useAction(
    (body: Draft<BodyOf<'POST /companies'>>) => api.send('POST /companies', {}, body),
    () => {
      setCopied(false);
      onChanged();
    },
  );
  const ref = useFocusFirstInvalid(register.error);
  const shown = register.result;
  if (shown) {
    return html`<div class="panel secret" role="alert" aria-labelledby="secret-heading">
      <h3 id="secret-heading">${t('companies.registered', { name: shown.company.name })}</h3>
      <p class="notice"><strong>${t('companies.secretWarning')}</strong></p>
      <div class="field">
        <label for="company-secret">${t('companies.secret')}</label>
        <input id="company-secret" readonly value=${shown.secret} onFocus=${(e: Event) => (e.currentTarget as HTMLInputElement).select()} />
      </div>
      <p>${t('companies.webhookUrl')}: <code>${shown.webhookUrl}</code></p>
      <div class="buttons">
        <button
          type="button"
          class="primary"
          onClick=${async () => {
            await navigator.clipboard.writeText(shown.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          ${t('companies.copy')}
        </button>
        <button type="button" onClick=${() => register.clear()}>${t('companies.secretKept')}</button>
      </div>
      ${copied ? html`<p role="status" class="done">${t('companies.copied')}</p>` : null}
    </div>`;
  }
  return html`<div class="panel">
    <button type="button" aria-expanded=${open} onClick=${() => setOpen(!open)}>${t('companies.register')}</button>
    ${
      open
        ? html`<form
          aria-labelledby="companies-register-heading"
          ref=${ref}
          onSubmit=${(e: Event) => {
            const f = fieldsOf(e);
            void register.submit({
              name: f.name,
              cvr: f.cvr,
              contact: { name: f.contactName, email: f.contactEmail },
              language: f.language,
              webhook: f.webhook === 'on',
            });
          }}
        >
          <${FormIssues.Provider} value=${issuesOf(register.error)}>
            <h3 id="companies-register-heading">${t('companies.register')}</h3>
            <div class="grid">
              <${Field} name="name" label=${t('companies.name')} required />
              <${Field} name="cvr" label=${t('field.cvr')} required />
              <${Field} name="contactName" path="contact.name" label=${t('field.contact.name')} required />
              <${Field} name="contactEmail" path="contact.email" label=${t('field.contact.email')} type="email" required />
              <${Select} name="language" label=${t('form.language')} options=${[
                { value: 'da', label: t('lang.da') },
                { value: 'en', label: t('lang.en') },
              ]} />
            </div>
            <div class="check"><input id="company-webhook" type="checkbox" name="webhook" /><label for="company-webhook">${t('companies.webhook')}</label></div>
            <${ErrorBox} error=${register.error} />
            <button type="submit" class="primary" disabled=${register.pending}>${t('companies.registerSubmit')}</button>
          </${FormIssues.Provider}>
        </form>`
        : null
    }
  </div>`;
};

const time = (iso: string) =>
  new Intl.DateTimeFormat(currentLanguage() === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' }).format(
    new Date(iso),
  );

/** The match event's meetings, by start time: who meets which company when. Empty until the companies' response deadline. */
export const Schedule = ({ pilot, version }: { pilot: Pilot; version: number }) => {
  const { api } = useApp();
  const schedule = useLoad(() => noneWhenMissing(api.get('GET /pilots/{pilotId}/schedule', { pilotId: pilot.id })), [pilot.id, version]);
  const people = useLoad(async () => new Map((await allParticipants(api, pilot.id)).map((p) => [p.id, `${p.name} (${p.reference})`])), [pilot.id, version]);
  const [company, setCompany] = useState('');
  if (!pilot.matchEvent) return null;
  const all = [...(schedule.data?.items ?? [])].sort((a, b) => a.start.localeCompare(b.start) || a.companyName.localeCompare(b.companyName));
  const companies = [...new Map(all.map((m) => [m.companyId, m.companyName])).entries()];
  const items = company ? all.filter((m) => m.companyId === company) : all;
  return html`<section aria-labelledby="schedule-heading">
    <h2 id="schedule-heading">${t('schedule.heading')}</h2>
    <${ErrorBox} error=${schedule.error} />
    ${
      schedule.loading && !schedule.data
        ? html`<${Loading} />`
        : all.length === 0
          ? html`<p class="empty">${t('schedule.none', { date: formatDate(pilot.matchEvent.responseDeadline) })}</p>`
          : html`<p>${t('schedule.summary', { n: all.length, companies: companies.length, date: formatDate(pilot.matchEvent.date) })}</p>
            <div class="toolbar">
              <label for="schedule-company">${t('col.company')}</label>
              <select id="schedule-company" value=${company} onChange=${(e: Event) => setCompany((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">${t('list.all')}</option>
                ${companies.map(([id, name]) => html`<option value=${id}>${name}</option>`)}
              </select>
            </div>
            <div class="table-wrap cards" tabindex="0" role="region" aria-labelledby="schedule-heading">
              <table class="schedule">
                <thead>
                  <tr>
                    <th scope="col">${t('col.time')}</th>
                    <th scope="col">${t('col.company')}</th>
                    <th scope="col">${t('col.candidate')}</th>
                    <th scope="col">${t('col.participant')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (m) => html`<tr>
                      <th scope="row" data-label=${t('col.time')}>${time(m.start)}–${time(m.end)}</th>
                      <td data-label=${t('col.company')}>${m.companyName}</td>
                      <td data-label=${t('col.candidate')}><code>${m.code}</code></td>
                      <td data-label=${t('col.participant')}>${people.data?.get(m.participantId) ?? t('audit.erasedParticipant')}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
  </section>`;
};

export const CompaniesSection = ({ pilot, version, onChanged }: { pilot: Pilot; version: number; onChanged(): void }) => {
  const { api, canWrite } = useApp();
  const pilotId = pilot.id;
  const companies = useLoad(() => noneWhenMissing(api.get('GET /pilots/{pilotId}/companies', { pilotId })), [pilotId, version]);
  const internships = useLoad(() => noneWhenMissing(api.get('GET /pilots/{pilotId}/internships', { pilotId })), [pilotId, version]);
  const items = companies.data?.items ?? [];
  const totals = companies.data?.totals;
  const placements = internships.data?.items ?? [];
  return html`<section aria-labelledby="companies-heading">
    <h2 id="companies-heading">${t('companies.heading')}</h2>
    <${ErrorBox} error=${companies.error} />
    ${
      companies.loading && !companies.data
        ? html`<${Loading} />`
        : items.length === 0
          ? html`<p class="empty">${t('companies.none')}</p>`
          : html`${totals ? html`<p>${t('companies.totals', totals)}</p>` : null}
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="companies-heading">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t('col.company')}</th>
                    <th scope="col">${t('col.answer')}</th>
                    <th scope="col" class="num">${t('col.slots')}</th>
                    <th scope="col" class="num">${t('col.reminders')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (c) => html`<tr key=${c.companyId}>
                      <th scope="row">${c.name}</th>
                      <td>${label('answer', c.answer)}${c.answeredAt ? html` <span class="muted">${formatInstant(c.answeredAt)}</span>` : null}</td>
                      <td class="num">${c.slots} / ${c.maxSlots}</td>
                      <td class="num">${c.remindersSent}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
    ${
      placements.length > 0
        ? html`<h3>${t('internships.heading')}</h3>
          <div class="table-wrap" tabindex="0" role="region" aria-label=${t('internships.heading')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">${t('col.company')}</th>
                  <th scope="col">${t('col.type')}</th>
                  <th scope="col">${t('col.status')}</th>
                  <th scope="col">${t('col.start')}</th>
                  <th scope="col" class="num">${t('col.weeks')}</th>
                </tr>
              </thead>
              <tbody>
                ${placements.map(
                  (i) => html`<tr>
                    <th scope="row">${i.companyName}</th>
                    <td>${label('itype', i.type)}</td>
                    <td>${label('istatus', i.status)}</td>
                    <td>${formatDate(i.startDate)}</td>
                    <td class="num">${i.weeks}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : null
    }
    <${ErrorBox} error=${internships.error} />
    ${
      canWrite && pilot.matchEvent && pilot.status !== 'closed' && !pilot.matchScheduledAt
        ? html`<${RegisterCompany} onChanged=${onChanged} />
          <${InviteCompany} pilot=${pilot} invited=${items.map((c) => c.companyId)} version=${version} onChanged=${onChanged} />`
        : null
    }
  </section>`;
};

/** The reason a pilot closed early, or why employment was not measured, in the reader's language where it is the system's own. */
const reasonText = (reason: string | undefined): string | undefined => {
  if (!reason) return undefined;
  // A code (the close cause, why employment was not measured) in the reader's language; a consultant's own words as typed.
  return /^[a-z-]+$/.test(reason) ? label('reason', reason) : reason;
};

type Interval = { low: number; high: number };
const whole = (fraction: number) => Math.round(fraction * 100);
/** A rate with its counts and, when the API sent one, its 95 % interval: "5 af 14 (36 %; 95 %-interval 16–61 %)". */
const ratioText = (r: { count: number; of: number; rate: number | null; interval?: Interval | null }) =>
  r.interval
    ? t('outcomeView.ratioInterval', { count: r.count, of: r.of, rate: formatPercent(r.rate), low: whole(r.interval.low), high: whole(r.interval.high) })
    : t('outcomeView.ratio', { count: r.count, of: r.of, rate: formatPercent(r.rate) });
/** Percentage points with their sign, a real minus: "+16", "−4". */
const points = (fraction: number) => {
  const n = whole(fraction);
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
};

/** Whether the data can tell the rate from its target, beside the recommendation; and the cohort that would. */
const certaintyText = (c: NonNullable<OutcomeView['evaluation']['certainty']>) => {
  const params = { low: whole(c.interval.low), high: whole(c.interval.high), target: formatPercent(c.target) };
  if (c.position !== 'around') return t(`outcomeView.certainty.${c.position}`, params);
  return `${t('outcomeView.certainty.around', params)} ${c.cohortToTell === null ? t('outcomeView.certainty.cannotTell') : t('outcomeView.certainty.cohort', { n: formatNumber(c.cohortToTell) })}`;
};

/** What the pilot was compared with, and the effect with its interval, or why there is none. */
const ComparisonBlock = ({ e }: { e: OutcomeView['evaluation'] }) => {
  const c = e.comparison;
  if (!c) return null;
  const theirs =
    c.rate === null
      ? t('outcomeView.comparisonNotCounted')
      : c.count !== undefined && c.of !== undefined && c.kind === 'group'
        ? ratioText({ count: c.count, of: c.of, rate: c.rate, interval: c.interval })
        : c.of !== undefined
          ? t('outcomeView.comparisonRateOf', { rate: formatPercent(c.rate), n: formatNumber(c.of) })
          : formatPercent(c.rate);
  return html`<h3>${t('outcomeView.comparison')}</h3>
    <dl class="stats comparison">
      <div><dt>${t(c.kind === 'group' ? 'outcomeView.comparisonGroup' : 'outcomeView.comparisonRate')}</dt><dd>${theirs}</dd></div>
      <div class="effect">
        <dt>${t('outcomeView.effect')}</dt>
        <dd>${e.effect ? t('outcomeView.effectPoints', { d: points(e.effect.difference), low: points(e.effect.interval.low), high: points(e.effect.interval.high) }) : t('none')}</dd>
      </div>
    </dl>
    <p class="muted">${t('outcomeView.comparisonSource', { source: c.source, period: c.period })}</p>
    <p class="effect-sentence">
      ${
        e.effect
          ? `${t(`outcomeView.effect.${e.effect.position}`)} ${t(`outcomeView.effect.${e.effect.method}`)}`
          : t(`outcomeView.effectNotMeasured.${e.effectNotMeasured ?? 'employment-not-measured'}`)
      }
    </p>`;
};
const kr = (n: number | null | undefined) => (n === null || n === undefined ? t('none') : t('money', { n: formatNumber(Math.round(n)) }));

export const OutcomeSection = ({ pilot, outcome, onChanged }: { pilot: Pilot; outcome: OutcomeView | undefined; onChanged(): void }) => {
  const { canWrite } = useApp();
  const override = outcome?.override ?? pilot.recommendationOverride;
  const e = outcome?.evaluation;
  const employment = e?.employment ?? null;
  // Before the evaluation the override is kept for it; after it, only within its window (the API says whether it is open now).
  const mayOverride = canWrite && pilot.status !== 'draft' && (outcome ? outcome.overrideOpen : pilot.status !== 'closed');
  return html`<section aria-labelledby="outcome-heading" class="outcome">
    <h2 id="outcome-heading">${t('outcomeView.heading')}</h2>
    ${
      outcome && e
        ? html`<p>${t('outcomeView.evaluatedAt', { date: formatInstant(outcome.evaluatedAt) })}</p>
          ${outcome.closedEarly ? html`<p class="notice">${t('outcomeView.closedEarly', { reason: [reasonText(outcome.closeCause), reasonText(outcome.reason)].filter(Boolean).join(': ') || t('none') })}</p>` : null}
          <dl class="stats">
            <div class="rec"><dt>${t('outcomeView.recommendation')}</dt><dd>${label('rec', outcome.recommendation)}</dd></div>
            ${
              override && override.recommendation !== e.recommendation
                ? html`<div><dt>${t('outcomeView.computed')}</dt><dd>${label('rec', e.recommendation)}</dd></div>`
                : null
            }
            <div><dt>${t('outcomeView.target')}</dt><dd>${formatPercent(e.target)}</dd></div>
          </dl>
          ${e.certainty ? html`<p class="certainty">${certaintyText(e.certainty)}</p>` : null}
          ${
            employment
              ? html`<dl class="stats employment">
                <div><dt>${t('outcomeView.rate')}</dt><dd>${ratioText(employment.rate)}</dd></div>
                <div><dt>${t('outcomeView.amongCompleted')}</dt><dd>${ratioText(employment.amongCompleted)}</dd></div>
                <div><dt>${t('outcomeView.fullTime')}</dt><dd>${ratioText(employment.fullTime)}</dd></div>
                <div><dt>${t('outcomeView.unknown')}</dt><dd>${ratioText({ ...employment.unknown, interval: null })}</dd></div>
              </dl>
              <h3>${t('outcomeView.byOutcome')}</h3>
              <dl class="stats">
                ${Object.entries(employment.byOutcome).map(([o, n]) => html`<div><dt>${label('outcome', o)}</dt><dd>${n}</dd></div>`)}
              </dl>
              <p class="muted">${t('outcomeView.intervalNote')}</p>`
              : html`<p class="notice not-measured">
                ${t('outcomeView.notMeasured')}${(() => {
                  const why = reasonText(e.employmentNotMeasured ?? outcome.reason);
                  return why ? html`: ${why}` : null;
                })()}
              </p>`
          }
          <${ComparisonBlock} e=${e} />
          <h3>${t('outcomeView.cost')}</h3>
          <dl class="stats">
            <div><dt>${t('pilot.budget')}</dt><dd>${kr(e.cost.budgetDkk)}</dd></div>
            <div><dt>${t('outcomeView.costPerParticipant')}</dt><dd>${kr(e.cost.perParticipant)}</dd></div>
            <div><dt>${t('outcomeView.costPerJob')}</dt><dd>${kr(employment ? e.cost.perJob : null)}</dd></div>
          </dl>
          ${
            e.companies.invited > 0
              ? html`<p>${t('outcomeView.companies', { invited: e.companies.invited, answered: e.companies.answered, slots: e.companies.confirmedSlots, offered: e.companies.offeredInternships })}</p>`
              : null
          }
          ${
            e.milestones.length > 0
              ? html`<h3>${t('outcomeView.milestones')}</h3>
                <ul class="milestones">
                  ${e.milestones.map(
                    (
                      m,
                    ) => html`<li>${t('outcomeView.milestone', { metric: label('metric', m.metric), actual: m.actual, target: m.target, by: formatDate(m.by) })}
                      <strong>${t(m.met ? 'outcomeView.met' : 'outcomeView.notMet')}</strong></li>`,
                  )}
                </ul>`
              : null
          }
          ${outcome.survey ? html`<${SurveyOutcome} survey=${outcome.survey} />` : null}
          <p class="muted">${t('outcomeView.deletedAfter', { date: formatDate(outcome.personalDataDeletedAfter) })}</p>`
        : html`<p>${t('outcomeView.notYet')}</p>`
    }
    ${override ? html`<p>${t('outcomeView.override', { rec: label('rec', override.recommendation), reason: override.reason })}</p>` : null}
    ${
      mayOverride
        ? html`${outcome ? html`<p>${t('outcomeView.overrideUntil', { date: formatInstant(outcome.overrideUntil) })}</p>` : null}
          <${OverrideForm} pilotId=${pilot.id} onChanged=${onChanged} />`
        : outcome && canWrite
          ? html`<p class="muted">${t('outcomeView.overrideClosed', { date: formatInstant(outcome.overrideUntil) })}</p>`
          : null
    }
  </section>`;
};

/** How many audit entries show before "show all": the latest, since the latest is what a consultant looks for. */
const AUDIT_SHOWN = 20;

/** The kinds a reader filters the trail by: the first part of each action's code. */
const AUDIT_KINDS = [
  'pilot',
  'phase',
  'participant',
  'exam',
  'voucher',
  'company',
  'match',
  'internship',
  'mail',
  'recruitment',
  'recommendation',
  'team',
] as const;

/** An entry as the API gives it: whole to the team and admins; to anyone else its action and figures, `by` a person or the system (functions/domain/access.ts). */
type ShownAuditEntry = Omit<WholeEntry, 'actor'> & { actor?: WholeEntry['actor']; by?: 'system' | 'person' };

/** What happened, in words: the action's name and the facts it carries that a reader needs (a phase, a status, a reason). */
export const auditWhat = (e: ShownAuditEntry): string => {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const base = label('audit', e.action) !== e.action ? label('audit', e.action) : t('audit.other');
  switch (e.action) {
    case 'phase.entered':
      return `${base}: ${label('phase', str(d.phase) ?? '')}`;
    case 'participant.status-changed':
      return `${base}: ${label('pstatus', str(d.from) ?? '')} → ${label('pstatus', str(d.to) ?? '')}${d.reason ? ` (${label('dropout', str(d.reason)!)})` : ''}`;
    case 'participant.statuses-changed': {
      // A list applied at once: how many moved from which status to which.
      const moves = new Map<string, number>();
      for (const c of Array.isArray(d.changes) ? (d.changes as Record<string, unknown>[]) : []) {
        const move = `${label('pstatus', str(c.from) ?? '')} → ${label('pstatus', str(c.to) ?? '')}${c.reason ? ` (${label('dropout', str(c.reason)!)})` : ''}`;
        moves.set(move, (moves.get(move) ?? 0) + 1);
      }
      return `${base}: ${[...moves].map(([move, n]) => `${n} × ${move}`).join(', ')}`;
    }
    case 'participant.enrolled':
      return d.status ? `${base}: ${label('pstatus', str(d.status)!)}` : base;
    case 'exam.recorded':
      return `${base}: ${label('exam', str(d.result) ?? '')}`;
    case 'participant.follow-up-recorded':
      return `${base}: ${label('outcome', str(d.outcome) ?? '')}`;
    case 'participant.follow-ups-recorded':
    case 'exam.results-recorded': {
      // A list recorded at once: how many of each outcome or result.
      const kind = e.action === 'exam.results-recorded' ? 'exam' : 'outcome';
      const field = kind === 'exam' ? 'results' : 'outcomes';
      const tally = new Map<string, number>();
      for (const r of Array.isArray(d[field]) ? (d[field] as Record<string, unknown>[]) : []) {
        const v = label(kind, str(kind === 'exam' ? r.result : r.outcome) ?? '');
        tally.set(v, (tally.get(v) ?? 0) + 1);
      }
      return `${base}: ${[...tally].map(([v, n]) => `${n} × ${v}`).join(', ')}`;
    }
    case 'vouchers.assigned': {
      // Codes handed out at once: how many first codes and how many retakes.
      const tally = new Map<number, number>();
      for (const a of Array.isArray(d.assignments) ? (d.assignments as Record<string, unknown>[]) : [])
        tally.set(Number(a.attempt), (tally.get(Number(a.attempt)) ?? 0) + 1);
      return `${base}: ${[...tally].map(([attempt, n]) => t('audit.vouchersOfAttempt', { n, attempt })).join(', ')}`;
    }
    case 'pilot.escalated':
      return `${base}: ${label('risk', str(d.risk) ?? '')}`;
    case 'pilot.evaluated':
    case 'recommendation.overridden':
      return d.recommendation ? `${base}: ${label('rec', str(d.recommendation)!)}` : base;
    case 'mail.sent':
      return d.kind ? `${base}: ${label('mail', str(d.kind)!)}` : base;
    case 'company.invited':
    case 'company.cap-changed':
      return d.maxSlots !== undefined ? `${base} (${t('audit.maxSlots', { n: Number(d.maxSlots) })})` : base;
    default:
      return base;
  }
};

/**
 * An import's enrolments are one entry with a row each (functions/store/participants.ts
 * enrolRows); the trail shows a row per person, as for an enrolment on its own.
 */
const perPerson = (e: ShownAuditEntry): ShownAuditEntry[] => {
  const rows = e.action === 'participant.enrolled' && Array.isArray(e.details?.enrolled) ? (e.details.enrolled as Record<string, unknown>[]) : undefined;
  if (!rows) return [e];
  const { participantIds: _ids, ...entry } = e;
  return rows.map(({ participantId, ...details }) => ({ ...entry, ...(typeof participantId === 'string' ? { participantId } : {}), details }));
};

/** The trail; without `personal` (management, a consultant outside the team) it names no one: who is "a member of staff", whom is not shown. */
export const AuditTrail = ({ pilotId, version, personal }: { pilotId: string; version: number; personal: boolean }) => {
  const { api } = useApp();
  const [all, setAll] = useState(false);
  const [kind, setKind] = useState('');
  // The API pages oldest first; the page reads every page (a pilot's trail is
  // a few thousand entries at most) and shows the newest first.
  const audit = useLoad(async () => {
    const entries: ShownAuditEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get('GET /pilots/{pilotId}/audit', { pilotId }, { limit: 100, cursor });
      entries.push(...page.items.flatMap(perPerson));
      cursor = page.nextCursor;
    } while (cursor);
    return entries.reverse();
  }, [pilotId, version]);
  // Whom an entry is about: the trail holds only our ids, the page names them from the participants (an erased one has none).
  const people = useLoad(
    async () => (personal ? new Map((await allParticipants(api, pilotId)).map((p) => [p.id, `${p.name} (${p.reference})`])) : new Map<string, string>()),
    [pilotId, version, personal],
  );
  const nameOf = (id: string) => people.data?.get(id) ?? t('audit.erasedParticipant');
  const whom = (e: ShownAuditEntry) => (e.participantId ? nameOf(e.participantId) : e.participantIds ? e.participantIds.map(nameOf).join(', ') : '');
  const who = (e: ShownAuditEntry) =>
    e.actor ? (e.actor.sub === 'system' ? t('audit.system') : (e.actor.name ?? e.actor.sub)) : e.by === 'system' ? t('audit.system') : t('audit.byPerson');
  const entries = (audit.data ?? []).filter((e) => !kind || e.action.split('.')[0] === kind);
  const items = all ? entries : entries.slice(0, AUDIT_SHOWN);
  return html`<section aria-labelledby="audit-heading">
    <h2 id="audit-heading">${t('audit.heading')}</h2>
    <div class="toolbar">
      <label for="audit-kind">${t('audit.kind')}</label>
      <select id="audit-kind" value=${kind} onChange=${(e: Event) => setKind((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">${t('list.all')}</option>
        ${AUDIT_KINDS.map((k) => html`<option value=${k}>${label('auditKind', k)}</option>`)}
      </select>
    </div>
    <${ErrorBox} error=${audit.error} />
    ${
      audit.loading && !audit.data
        ? html`<${Loading} />`
        : items.length === 0
          ? html`<p>${t('audit.empty')}</p>`
          : html`<div class="table-wrap cards" tabindex="0" role="region" aria-labelledby="audit-heading">
            <table class="audit">
              <thead>
                <tr>
                  <th scope="col">${t('col.when')}</th>
                  <th scope="col">${t('col.who')}</th>
                  <th scope="col">${t('col.what')}</th>
                  ${personal ? html`<th scope="col">${t('col.whom')}</th>` : null}
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (e) => html`<tr data-action=${e.action}>
                    <td data-label=${t('col.when')}>${formatInstant(e.at)}</td>
                    <td data-label=${t('col.who')}>${who(e)}</td>
                    <td data-label=${t('col.what')}>${auditWhat(e)}</td>
                    ${personal ? html`<td data-label=${t('col.whom')}>${whom(e)}</td>` : null}
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${entries.length > AUDIT_SHOWN && !all ? html`<button type="button" onClick=${() => setAll(true)}>${t('audit.showAll', { n: entries.length })}</button>` : null}
  </section>`;
};
