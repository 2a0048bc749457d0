import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { formatDate, formatNumber, formatPercent, label, t, type MessageKey } from '../i18n.js';
import { App, ErrorBox, Loading, StatusBadge, useApp, useLoad } from '../ui.js';
import { ComparisonSection } from './comparison.js';
import { CsvUpload, ReportView, type BatchReport } from './csv-upload.js';
import { PilotActions } from './pilot-actions.js';
import { AuditTrail, CompaniesSection, Funnel, OutcomeSection, Schedule, Timeline, Vouchers } from './pilot-sections.js';
import { Participants } from './participants.js';
import { SurveySection } from './survey-section.js';
import { TeamSection } from './team.js';

// One pilot: where it is, what it holds, and what a consultant can do now.
// After any action every section reads again (`version`), so the page shows
// what the API now says rather than a guess. Whoever may not see the pilot's
// personal data (management; a consultant outside its team: the API says so
// in `personalData`) gets its figures only: no participants, schedule or
// team, no names in the trail, and no forms.

export const PilotView = ({ pilotId }: { pilotId: string }) => {
  const app = useApp();
  const { api, session } = app;
  const [version, setVersion] = useState(0);
  // Each CSV form's last report, kept here so it outlives its form (an import that fills the pilot moves it to the course).
  const [reports, setReports] = useState<Record<string, BatchReport | undefined>>({});
  const reportProps = (id: string) => ({ report: reports[id], onReport: (r: BatchReport | undefined) => setReports((all) => ({ ...all, [id]: r })) });
  /** The report of a form no longer offered, until dismissed. */
  const orphanReport = (id: string, heading: MessageKey) =>
    reports[id]
      ? html`<section class="panel" aria-labelledby=${`${id}-heading`}>
          <h3 id=${`${id}-heading`}>${t(heading)}</h3>
          <${ReportView} report=${reports[id]} onDismiss=${() => reportProps(id).onReport(undefined)} />
        </section>`
      : null;
  const changed = () => setVersion((v) => v + 1);
  // An import that fills the pilot ends recruitment: the workflow moves it on a moment later, so read again then too.
  const afterImport = () => {
    changed();
    setTimeout(changed, 1500);
  };
  const pilot = useLoad(() => api.get('GET /pilots/{pilotId}', { pilotId }), [pilotId, version]);
  const outcome = useLoad(async () => {
    try {
      return await api.get('GET /pilots/{pilotId}/outcome', { pilotId });
    } catch (error) {
      // Not evaluated yet.
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }, [pilotId, version]);

  if (!pilot.data) return pilot.error ? html`<${ErrorBox} error=${pilot.error} />` : html`<${Loading} />`;
  const p = pilot.data;
  const personal = p.personalData === true;
  // Only the team and admins change a pilot: every section's forms follow canWrite.
  const canWrite = app.canWrite && personal;
  // The API judges recruitment's dates by the product's clock: a pilot that filled early still takes its waiting list.
  const recruiting = p.enrolmentOpen ?? (p.status === 'draft' || (p.status === 'running' && p.phase === 'recruitment'));
  // Once evaluated, the outcome shows the survey's results (the pilot knows before its outcome is read).
  const evaluated = outcome.data !== undefined || p.personalDataDeletedAfter !== undefined;
  return html`<${App.Provider} value=${{ ...app, canWrite }}><article class="pilot" aria-labelledby="pilot-heading">
    <p><a href="#/">${t('nav.back')}</a></p>
    <header class="pilot-header">
      <h1 id="pilot-heading">${p.name}</h1>
      <p>
        <${StatusBadge} status=${p.status} />
        ${p.phase ? html` <span class="phase">${label('phase', p.phase)}</span>` : null}
        ${Object.keys(p.risks ?? {}).map((r) => html` <span class="risk">${label('risk', r)}</span>`)}
      </p>
      ${p.status === 'paused' && p.pauseReason ? html`<p class="notice">${t('pilot.pausedBecause', { reason: p.pauseReason })}</p>` : null}
      ${
        p.recruitmentDecisionBy && p.waitingFor === 'recruitment-decision'
          ? html`<p class="notice">${t('pilot.decisionBy', { date: formatDate(p.recruitmentDecisionBy) })}</p>`
          : null
      }
      <dl class="stats">
        <div><dt>${t('pilot.partner')}</dt><dd>${p.partner}</dd></div>
        <div><dt>${t('pilot.capacity')}</dt><dd>${p.capacity}</dd></div>
        <div><dt>${t('pilot.minimumCohort')}</dt><dd>${p.minimumCohort}</dd></div>
        <div><dt>${t('pilot.target')}</dt><dd>${formatPercent(p.targetEmploymentRate)}</dd></div>
        <div><dt>${t('pilot.budget')}</dt><dd>${formatNumber(p.budgetDkk)} kr.</dd></div>
      </dl>
    </header>
    ${
      canWrite
        ? html`<${PilotActions} pilot=${p} onChanged=${changed} />`
        : html`<p class="notice">${t(personal ? 'actions.readOnly' : session.role === 'management' ? 'access.figuresOnly' : 'access.notOnTeam')}</p>`
    }
    <div class="columns">
      <${Timeline} pilot=${p} evaluatedAt=${outcome.data?.evaluatedAt} />
      <${Funnel} pilot=${p} outcome=${outcome.data} />
    </div>
    ${personal ? html`<${Participants} pilotId=${p.id} version=${version} closed=${p.status === 'closed'} onChanged=${changed} />` : null}
    ${
      canWrite && recruiting
        ? html`<${CsvUpload} id="import" route="POST /pilots/{pilotId}/participants" pilotId=${p.id} heading="participants.import" help="participants.importHelp" template="participants" ...${reportProps('import')} onDone=${afterImport} />`
        : orphanReport('import', 'participants.import')
    }
    <${Vouchers} pilot=${p} version=${version} onChanged=${changed} />
    ${
      canWrite && p.status !== 'draft' && p.status !== 'closed'
        ? html`<div class="columns">
          ${
            p.course.ending !== 'none'
              ? html`<${CsvUpload} id="exam-results" route="POST /pilots/{pilotId}/exam-results" pilotId=${p.id} heading="examResults.heading" help="examResults.help" template="exam-results" ...${reportProps('exam-results')} onDone=${changed} />`
              : null
          }
          <${CsvUpload} id="follow-up" route="POST /pilots/{pilotId}/follow-up" pilotId=${p.id} heading="followUp.heading" help="followUp.help" template="follow-up" ...${reportProps('follow-up')} onDone=${changed} />
        </div>`
        : html`${orphanReport('exam-results', 'examResults.heading')}${orphanReport('follow-up', 'followUp.heading')}`
    }
    <${CompaniesSection} pilot=${p} version=${version} onChanged=${changed} />
    ${personal ? html`<${Schedule} pilot=${p} version=${version} />` : null}
    <${ComparisonSection} pilot=${p} onChanged=${changed} />
    ${evaluated ? null : html`<${SurveySection} pilot=${p} version=${version} onChanged=${changed} />`}
    <${OutcomeSection} pilot=${p} outcome=${outcome.data} onChanged=${changed} />
    ${personal ? html`<${TeamSection} pilotId=${p.id} team=${'team' in p ? p.team : []} onChanged=${changed} />` : null}
    <${AuditTrail} pilotId=${p.id} version=${version} personal=${personal} />
  </article></${App.Provider}>`;
};
