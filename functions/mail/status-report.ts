import type { Evaluation, MilestoneMetric } from '../domain/evaluation.js';
import type { Phase, WaitFor } from '../domain/lifecycle.js';
import type { MilestoneStanding } from '../domain/reports.js';
import { ESCALATION_RISKS, type EscalationRisk } from '../domain/risks.js';
import type { Block, RenderedMail, Tone } from './document.js';
import { renderHtml } from './html.js';
import { formatCount, formatDate, formatDeadline, type Language } from './format.js';
import { phrases } from './i18n.js';
import { renderText } from './text.js';

// The status e-mail to management at a report point (domain/reports.ts): where
// the pilot is, its milestones so far (met, on track, at risk), the funnel,
// and the risks raised. Counts only, like every management e-mail.

export type ReportKind = 'quarter' | 'midway' | 'date';

export interface StatusReportView {
  pilot: { name: string; partner: string; status: 'draft' | 'running' | 'paused' | 'closed' };
  kind: ReportKind;
  /** The report point's day (a calendar date in Copenhagen). */
  day: string;
  phase: Phase;
  waitingFor?: WaitFor;
  /** An instant: the end of the pending wait. */
  nextDeadline?: string;
  placesTaken: number;
  capacity: number;
  funnel: Evaluation['funnel'];
  courseEnding: 'exam' | 'diploma' | 'none';
  milestones: { metric: MilestoneMetric; target: number; by: string; actual: number; standing: MilestoneStanding }[];
  /** Each risk raised and the day it was raised (Copenhagen). */
  risks: { risk: string; on: string }[];
  language: Language;
}

const STANDING_TONE: Record<MilestoneStanding, Tone> = { met: 'good', 'on-track': 'info', 'at-risk': 'bad' };

const da = {
  kind: { quarter: 'efter første kvartal', midway: 'midtvejs', date: 'status' } satisfies Record<ReportKind, string>,
  subject: (name: string, kind: string) => `Status på pilotprojektet «${name}»: ${kind}`,
  title: (name: string) => `Status på pilotprojektet «${name}»`,
  label: (day: string) => `Status pr. ${day}`,
  intro: (partner: string) => `Samarbejdspartner: ${partner}. Tallene er optalt automatisk ud fra det, der er registreret indtil nu.`,
  paused: 'Pilotprojektet er sat på pause.',
  next: (deadline: string) => `Næste frist: ${deadline}.`,
  places: (taken: string, capacity: string) => `${taken} af ${capacity} pladser er besat.`,
  milestones: 'Delmål indtil nu',
  milestoneColumns: ['Delmål', 'Senest', 'Mål', 'Indtil nu', 'Status'],
  standing: { met: 'Nået', 'on-track': 'På vej', 'at-risk': 'I risiko' } satisfies Record<MilestoneStanding, string>,
  standingNote: '«På vej»: antallet følger tiden frem mod datoen. «I risiko»: det halter efter, eller datoen er passeret.',
  noMilestones: 'Der er ikke sat delmål for pilotprojektet.',
  funnel: 'Deltagerne indtil nu',
  employedNotYet: 'Måles ved opfølgningen',
  risks: 'Risici',
  noRisks: 'Der er ikke rejst nogen risici.',
  riskRaised: (risk: string, day: string) => `${risk} (rejst ${day})`,
  otherRisks: { 'mail-failed': 'En e-mail kunne ikke sendes', stuck: 'Pilotprojektet står stille' } as Record<string, string>,
  unknownRisk: 'Anden risiko',
};

type StatusPhrases = typeof da;

const en: StatusPhrases = {
  kind: { quarter: 'first quarter', midway: 'midway', date: 'status' },
  subject: (name, kind) => `Status of the pilot «${name}»: ${kind}`,
  title: (name) => `Status of the pilot «${name}»`,
  label: (day) => `Status on ${day}`,
  intro: (partner) => `Partner: ${partner}. The figures are counted automatically from what has been recorded so far.`,
  paused: 'The pilot is paused.',
  next: (deadline) => `Next deadline: ${deadline}.`,
  places: (taken, capacity) => `${taken} of ${capacity} places are taken.`,
  milestones: 'Milestones so far',
  milestoneColumns: ['Milestone', 'By', 'Target', 'So far', 'Status'],
  standing: { met: 'Met', 'on-track': 'On track', 'at-risk': 'At risk' },
  standingNote: '«On track»: the count keeps pace with the time to its date. «At risk»: it lags behind, or the date has passed.',
  noMilestones: 'No milestones were set for this pilot.',
  funnel: 'The participants so far',
  employedNotYet: 'Measured at follow-up',
  risks: 'Risks',
  noRisks: 'No risks have been raised.',
  riskRaised: (risk, day) => `${risk} (raised ${day})`,
  otherRisks: { 'mail-failed': 'An e-mail could not be sent', stuck: 'The pilot is not moving' },
  unknownRisk: 'Another risk',
};

export const statusPhrases = (language: Language): StatusPhrases => (language === 'en' ? en : da);

const isEscalationRisk = (risk: string): risk is EscalationRisk => (ESCALATION_RISKS as readonly string[]).includes(risk);

export const renderStatusReport = (v: StatusReportView): RenderedMail => {
  const { language } = v;
  const p = phrases(language);
  const s = statusPhrases(language);
  const o = p.outcome;
  const count = (n: number) => formatCount(n, language);
  const day = formatDate(v.day, language);
  const riskName = (risk: string) => (isEscalationRisk(risk) ? p.risk[risk] : (s.otherRisks[risk] ?? s.unknownRisk));

  const funnelRows = [
    { label: o.funnelStages.recruited, value: count(v.funnel.recruited) },
    { label: o.funnelStages.started, value: count(v.funnel.started) },
    { label: o.funnelStages.completed, value: count(v.funnel.completed) },
    ...(v.courseEnding === 'none'
      ? []
      : [{ label: v.courseEnding === 'exam' ? o.funnelStages.certifiedExam : o.funnelStages.certifiedDiploma, value: count(v.funnel.certified) }]),
    { label: o.funnelStages.matched, value: count(v.funnel.matched) },
    { label: o.funnelStages.internshipOffered, value: count(v.funnel.internshipOffered) },
    { label: o.funnelStages.internshipStarted, value: count(v.funnel.internshipStarted) },
    { label: o.funnelStages.employed, value: v.funnel.employed === null ? s.employedNotYet : count(v.funnel.employed) },
  ];

  const blocks: Block[] = [
    {
      kind: 'callout',
      tone: v.risks.length ? 'warn' : 'info',
      label: s.label(day),
      title: p.phase[v.phase],
      lines: [
        ...(v.pilot.status === 'paused' ? [s.paused] : v.waitingFor ? [p.waitingFor[v.waitingFor]] : []),
        ...(v.nextDeadline && v.pilot.status === 'running' ? [s.next(formatDeadline(v.nextDeadline, language))] : []),
        s.places(count(v.placesTaken), count(v.capacity)),
      ],
    },
    { kind: 'paragraph', text: s.intro(v.pilot.partner), muted: true },
    { kind: 'heading', text: s.milestones },
    ...(v.milestones.length
      ? ([
          {
            kind: 'table',
            columns: [
              { title: s.milestoneColumns[0]! },
              { title: s.milestoneColumns[1]!, nowrap: true },
              { title: s.milestoneColumns[2]!, align: 'right' },
              { title: s.milestoneColumns[3]!, align: 'right' },
              { title: s.milestoneColumns[4]!, nowrap: true },
            ],
            rows: v.milestones.map((m) => [
              o.milestoneMetric[m.metric],
              formatDate(m.by, language),
              count(m.target),
              count(m.actual),
              { text: s.standing[m.standing], tone: STANDING_TONE[m.standing] },
            ]),
          },
          { kind: 'paragraph', text: s.standingNote, muted: true },
        ] satisfies Block[])
      : [{ kind: 'paragraph', text: s.noMilestones } satisfies Block]),
    { kind: 'heading', text: s.funnel },
    { kind: 'facts', rows: funnelRows },
    { kind: 'heading', text: s.risks },
    v.risks.length
      ? { kind: 'list', items: v.risks.map((r) => s.riskRaised(riskName(r.risk), formatDate(r.on, language))) }
      : { kind: 'paragraph', text: s.noRisks },
  ];
  const doc = {
    language,
    title: s.title(v.pilot.name),
    preheader: `${s.label(day)}: ${p.phase[v.phase]}`,
    blocks,
    footer: [p.footerAutomatic, p.footerCountsOnly],
  };
  return { subject: s.subject(v.pilot.name, s.kind[v.kind]), html: renderHtml(doc), text: renderText(doc) };
};
