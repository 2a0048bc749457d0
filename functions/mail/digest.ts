import { formatRatio, type ComparisonFigures, type Effect, type Ratio, type Recommendation } from '../domain/evaluation.js';
import type { Phase, WaitFor } from '../domain/lifecycle.js';
import type { Block, Cell, RenderedMail } from './document.js';
import { ESCALATION_RISKS, type EscalationRisk } from '../domain/risks.js';
import { renderHtml } from './html.js';
import { phrases } from './i18n.js';
import { formatDate, formatDeadline, isoWeek, type Language } from './format.js';
import { RECOMMENDATION_TONE } from './outcome.js';
import { renderText } from './text.js';

// The periodic portfolio digest to management: where each active pilot is,
// its next deadline and risks, and the results of pilots closed since the
// last digest (each of which also had its own outcome e-mail).

export interface DigestMailView {
  /** The first day of the week the digest covers (a calendar date). */
  weekOf: string;
  active: Array<{
    name: string;
    phase: Phase;
    status: 'running' | 'paused';
    /** The deadline instant (UTC, as the workflow stores it); shown as the last Copenhagen day before it. */
    nextDeadline?: string;
    waitingFor?: WaitFor;
    /** Risk names (`recruitment-under-minimum`, ...); an unknown one is shown as given. */
    risks: string[];
  }>;
  /** `employment` is null when it was not measured (closed before follow-up). */
  closedSince: Array<{ name: string; recommendation: Recommendation; employment: Ratio | null }>;
  /** The portfolio's evaluated pilots with an effect against their comparison, largest first (services/digest.ts). */
  byEffect?: Array<{ name: string; employment: Ratio; comparison: ComparisonFigures; effect: Effect }>;
  language?: Language;
}

const isKnownRisk = (risk: string): risk is EscalationRisk => (ESCALATION_RISKS as readonly string[]).includes(risk);

export const renderDigestMail = (view: DigestMailView): RenderedMail => {
  const language = view.language ?? 'da';
  const p = phrases(language);
  const d = p.digest;
  const { week, year } = isoWeek(view.weekOf);
  const paused = view.active.filter((a) => a.status === 'paused').length;
  const atRisk = view.active.filter((a) => a.risks.length > 0).length;
  const summary = d.summary(view.active.length, paused, atRisk, view.closedSince.length);

  const riskCell = (risks: string[]): Cell => {
    const [first, ...rest] = risks.map((r) => (isKnownRisk(r) ? p.risk[r] : r));
    return first === undefined ? d.noRisks : { text: first, tone: 'bad', lines: rest };
  };

  const blocks: Block[] = [
    { kind: 'paragraph', text: summary },
    { kind: 'paragraph', text: d.weekOf(formatDate(view.weekOf, language)), muted: true },
    { kind: 'heading', text: `${d.active} (${view.active.length})` },
    view.active.length === 0
      ? { kind: 'paragraph', text: d.noActive }
      : {
          kind: 'table',
          columns: [
            { title: d.activeColumns[0]!, width: 27 },
            { title: d.activeColumns[1]!, width: 33 },
            { title: d.activeColumns[2]!, width: 18, nowrap: true },
            { title: d.activeColumns[3]!, width: 22 },
          ],
          rows: view.active.map((a) => [
            a.name,
            {
              text: p.phase[a.phase],
              ...(a.status === 'paused' ? { tone: 'warn' as const } : {}),
              notes: [a.status === 'paused' ? d.paused : d.running, ...(a.waitingFor ? [p.waitingFor[a.waitingFor]] : [])],
            },
            a.nextDeadline ? formatDeadline(a.nextDeadline, language) : d.noDeadline,
            riskCell(a.risks),
          ]),
        },
    { kind: 'heading', text: `${d.closedSince} (${view.closedSince.length})` },
    ...(view.closedSince.length === 0
      ? ([{ kind: 'paragraph', text: d.noClosed }] satisfies Block[])
      : ([
          {
            kind: 'table',
            columns: [
              { title: d.closedColumns[0]!, width: 36 },
              { title: d.closedColumns[1]!, width: 40 },
              { title: d.closedColumns[2]!, width: 24, align: 'right', nowrap: true },
            ],
            rows: view.closedSince.map((c) => [
              c.name,
              { text: p.recommendation[c.recommendation], tone: RECOMMENDATION_TONE[c.recommendation] },
              c.employment ? formatRatio(c.employment, language) : d.notMeasured,
            ]),
          },
          { kind: 'paragraph', text: d.closedNote, muted: true },
        ] satisfies Block[])),
  ];

  const doc = { language, title: d.title(week, year), preheader: summary, blocks, footer: [p.footerAutomatic, p.footerCountsOnly] };
  return { subject: d.subject(week, year), html: renderHtml(doc), text: renderText(doc) };
};
