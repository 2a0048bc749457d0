import {
  FOLLOW_UP_OUTCOMES,
  formatDkk,
  formatPercent,
  formatPoints,
  formatRate,
  formatRatio,
  ratio,
  type CloseCause,
  type Evaluation,
  type Recommendation,
} from '../domain/evaluation.js';
import type { Interval } from '../domain/intervals.js';
import type { Block, MailAttachment, RenderedMail, Tone } from './document.js';
import { renderHtml } from './html.js';
import { phrases } from './i18n.js';
import { formatDate, type Language } from './format.js';
import { renderText } from './text.js';
import type { SurveyResults } from '../domain/survey.js';
import { surveyBlocks } from './survey-section.js';

// The outcome e-mail to management (domain/evaluation.ts decides it): the
// recommendation first, because it is what the reader has to act on; then
// the numbers that carry it. Only counts: the view holds no participant.

export interface OutcomeMailView {
  pilot: {
    id: string;
    name: string;
    partner: string;
    courseEnding: 'exam' | 'diploma' | 'none';
    budgetDkk: number;
    closedEarly: boolean;
    /** Why it closed early, said in the mail's language. */
    closeCause?: CloseCause;
    /** The consultant's own words, as typed. */
    closeReason?: string;
  };
  evaluation: Evaluation;
  /** The consultant's written override of the computed recommendation. */
  override?: { recommendation: Recommendation; reason: string; by: string };
  /** The participants' survey, when the pilot had one (mail/survey-section.ts). */
  survey?: SurveyResults;
  language?: Language;
}

export const RECOMMENDATION_TONE: Record<Recommendation, Tone> = { continue: 'good', adjust: 'warn', close: 'bad', uncertain: 'info' };

/** A file-name slug: Danish letters transliterated (æ→ae, ø→oe, å→aa), everything else not a-z0-9 a hyphen. */
export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');

/**
 * One RFC 4180 field. A text that a spreadsheet would run as a formula
 * (=, +, -, @ first) gets a leading apostrophe: pilot names come from users.
 */
const csvField = (value: string | number | null): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** A rate as a whole percent for the CSV, matching the e-mail; the counts beside it keep the exact figures. */
const percent = (rate: number | null | undefined): number | null => (rate === null || rate === undefined ? null : Math.round(rate * 100));

/** A rate's 95 % interval as two rows beside it, low and high in whole percent. */
const intervalRows = (metric: string, interval: Interval | null | undefined, c: ReturnType<typeof phrases>['outcome']['csv']): [string, number | null][] => [
  [c.intervalLow(metric), percent(interval?.low)],
  [c.intervalHigh(metric), percent(interval?.high)],
];

const csvRows = (view: OutcomeMailView, language: Language): [string, string | number | null][] => {
  const p = phrases(language);
  const c = p.outcome.csv;
  const e = view.evaluation;
  const o = view.override;
  const rows: [string, string | number | null][] = [
    [c.pilot, view.pilot.name],
    [c.partner, view.pilot.partner],
    [c.recommendation, p.recommendation[o?.recommendation ?? e.recommendation]],
  ];
  // Figures only: the free-text reasons (override, early close) stay in the e-mail, where a reader sees them in context.
  if (o) rows.push([c.computedRecommendation, p.recommendation[e.recommendation]]);
  rows.push([c.closedEarly, view.pilot.closedEarly ? c.yes : c.no]);
  rows.push([c.recruited, e.funnel.recruited], [c.started, e.funnel.started], [c.completed, e.funnel.completed]);
  if (view.pilot.courseEnding !== 'none') rows.push([view.pilot.courseEnding === 'exam' ? c.certifiedExam : c.certifiedDiploma, e.funnel.certified]);
  const employment = e.employment;
  rows.push(
    [c.matched, e.funnel.matched],
    [c.internshipOffered, e.funnel.internshipOffered],
    [c.internshipStarted, e.funnel.internshipStarted],
    [c.employmentMeasured, employment ? c.yes : c.no],
    // Not measured: no employment rows at all, rather than zeros a spreadsheet would add up.
    ...(employment
      ? ([
          [c.employed, e.funnel.employed],
          [c.employmentRate, percent(employment.rate.rate)],
          ...intervalRows(c.employmentRate, employment.rate.interval, c),
          [c.employedAmongCompleted, employment.amongCompleted.count],
          [c.employmentRateAmongCompleted, percent(employment.amongCompleted.rate)],
          ...intervalRows(c.employmentRateAmongCompleted, employment.amongCompleted.interval, c),
          [c.fullTime, employment.fullTime.count],
          [c.fullTimeRate, percent(employment.fullTime.rate)],
          ...intervalRows(c.fullTimeRate, employment.fullTime.interval, c),
          [c.unknown, employment.unknown.count],
          [c.unknownRate, percent(employment.unknown.rate)],
        ] satisfies [string, number | null][])
      : []),
    [c.target, percent(e.target)],
    ...(e.certainty
      ? ([
          [c.certainty, c.position[e.certainty.position]],
          [c.cohortToTell, e.certainty.cohortToTell],
        ] satisfies [string, string | number | null][])
      : []),
    ...(e.comparison
      ? ([
          [c.comparisonKind, c.kind[e.comparison.kind]],
          [c.comparisonSource, e.comparison.source],
          [c.comparisonPeriod, e.comparison.period],
          [c.comparisonRate, percent(e.comparison.rate)],
          [c.comparisonCount, e.comparison.count ?? null],
          [c.comparisonOf, e.comparison.of ?? null],
          ...intervalRows(c.comparisonRate, e.comparison.interval, c),
          [c.effect, e.effect ? Math.round(e.effect.difference * 100) : null],
          [c.intervalLow(c.effect), e.effect ? Math.round(e.effect.interval.low * 100) : null],
          [c.intervalHigh(c.effect), e.effect ? Math.round(e.effect.interval.high * 100) : null],
          [c.effectMethod, e.effect ? c.method[e.effect.method] : null],
        ] satisfies [string, string | number | null][])
      : []),
    ...(employment ? FOLLOW_UP_OUTCOMES.map((outcome): [string, number] => [c.situation[outcome], employment.byOutcome[outcome]]) : []),
    ...e.milestones.flatMap((m): [string, number][] => {
      const metric = p.outcome.milestoneMetric[m.metric].toLocaleLowerCase(language);
      return [
        [c.milestone(metric, m.by, 'target'), m.target],
        [c.milestone(metric, m.by, 'actual'), m.actual],
      ];
    }),
    [c.companiesInvited, e.companies.invited],
    [c.companiesAnswered, e.companies.answered],
    [c.confirmedSlots, e.companies.confirmedSlots],
    [c.offeredInternships, e.companies.offeredInternships],
    [c.budget, e.cost.budgetDkk],
    [c.perParticipant, e.cost.perParticipant],
    ...(employment ? ([[c.perJob, e.cost.perJob]] satisfies [string, number | null][]) : []),
  );
  return rows;
};

/**
 * The anonymous figures as `metric,value` rows. Starts with a UTF-8
 * byte-order mark so Excel reads æøå right when a manager opens the file.
 */
export const outcomeCsv = (view: OutcomeMailView, language: Language = 'da'): string =>
  '\ufeff' + [phrases(language).outcome.csvHeader, ...csvRows(view, language)].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';

export const outcomeCsvFilename = (view: OutcomeMailView, language: Language = 'da'): string =>
  `${slug(view.pilot.name) || slug(view.pilot.id) || 'pilot'}-${phrases(language).outcome.csvSuffix}.csv`;

/**
 * How sure the rate is against the target, said beside the recommendation
 * (which it does not change): the interval wholly above, wholly below, or
 * around the target, and then the cohort a next round would need to tell.
 */
const certaintyLines = (e: Evaluation, language: Language): string[] => {
  const c = e.certainty;
  if (!c) return [];
  const o = phrases(language).outcome;
  const [low, high, target] = [formatPercent(c.interval.low, language), formatPercent(c.interval.high, language), formatPercent(c.target, language)];
  const sentence = o.certainty[c.position](low, high, target);
  if (c.position !== 'around') return [sentence];
  return [`${sentence} ${c.cohortToTell === null ? o.cannotTell : o.cohortToTell(c.cohortToTell)}`];
};

/** What the pilot was compared with, and the effect with its interval, or why there is none. */
const comparisonBlocks = (e: Evaluation, language: Language): Block[] => {
  const c = e.comparison;
  if (!c) return [];
  const o = phrases(language).outcome;
  const theirs =
    c.rate === null
      ? o.comparisonNotCounted
      : c.kind === 'group' && c.count !== undefined && c.of !== undefined
        ? formatRate({ count: c.count, of: c.of, rate: c.rate }, language)
        : c.of !== undefined
          ? o.comparisonRateOf(formatPercent(c.rate, language), c.of)
          : formatPercent(c.rate, language);
  return [
    { kind: 'heading', text: o.comparison },
    {
      kind: 'facts',
      rows: [
        { label: c.kind === 'group' ? o.comparisonGroup : o.comparisonRate, value: theirs },
        { label: o.effect, value: e.effect ? formatPoints(e.effect, language) : o.noEffect, strong: true },
      ],
    },
    {
      kind: 'paragraph',
      text: e.effect
        ? `${o.effectPosition[e.effect.position]} ${o.effectMethod[e.effect.method]}`
        : o.effectNotMeasured[e.effectNotMeasured ?? 'employment-not-measured'],
    },
    { kind: 'paragraph', text: o.comparisonSource(c.source, c.period), muted: true },
  ];
};

/**
 * The recommendation: what the figures say, with why. With an override, the
 * consultant's recommendation and written reason come first and the computed
 * one follows in its own box, so both stay visible and neither reads as the other.
 */
const recommendationBlocks = (view: OutcomeMailView, language: Language): Block[] => {
  const p = phrases(language);
  const o = p.outcome;
  const e = view.evaluation;
  const computed = e.recommendation;
  const target = formatPercent(e.target, language);
  const figures = e.employment;
  const employment = figures ? o.employmentVsTarget(formatRate(figures.rate, language)) : '';
  const certainty = certaintyLines(e, language);
  const lines = !figures
    ? [
        ...(e.funnel.started === 0 ? [o.uncertainNoneStarted] : []),
        o.notMeasured[e.employmentNotMeasured ?? 'closed-before-follow-up'],
        o.notMeasuredTarget(target),
      ]
    : computed !== 'uncertain'
      ? [`${employment} ${o.because[computed](target)}`, ...certainty]
      : e.funnel.started === 0
        ? [o.uncertainNoneStarted, o.uncertainNotClose]
        : [o.uncertainUnknown(formatRatio(figures.unknown, language)), `${employment} ${o.because.uncertain(target)}`, ...certainty, o.uncertainNotClose];
  const computedBlock = (label: string): Block => ({
    kind: 'callout',
    tone: RECOMMENDATION_TONE[computed],
    label,
    title: p.recommendation[computed],
    lines,
  });
  if (!view.override) return [computedBlock(o.recommendationLabel)];
  return [
    {
      kind: 'callout',
      tone: RECOMMENDATION_TONE[view.override.recommendation],
      label: o.overrideLabel,
      title: p.recommendation[view.override.recommendation],
      lines: [o.reason(view.override.reason), o.overriddenBy(view.override.by)],
    },
    computedBlock(o.computedLabel),
  ];
};

export const renderOutcomeMail = (view: OutcomeMailView): RenderedMail => {
  const language = view.language ?? 'da';
  const p = phrases(language);
  const o = p.outcome;
  const e = view.evaluation;
  const figures = e.employment;
  const effective = view.override?.recommendation ?? e.recommendation;
  const filename = outcomeCsvFilename(view, language);
  const s = o.funnelStages;
  const certifiedLabel = view.pilot.courseEnding === 'exam' ? s.certifiedExam : view.pilot.courseEnding === 'diploma' ? s.certifiedDiploma : undefined;

  const blocks: Block[] = [
    ...recommendationBlocks(view, language),
    ...(view.pilot.closedEarly
      ? [
          {
            kind: 'callout',
            tone: 'warn',
            label: o.closedEarlyLabel,
            title: o.closedEarlyTitle,
            lines: [
              ...(view.pilot.closeCause ? [o.closeCause[view.pilot.closeCause]] : []),
              ...(view.pilot.closeReason ? [o.reason(view.pilot.closeReason)] : []),
            ],
          } satisfies Block,
        ]
      : []),
    { kind: 'paragraph', text: o.intro(view.pilot.partner) },

    { kind: 'heading', text: o.keyFigures },
    ...(figures
      ? ([
          {
            kind: 'facts',
            rows: [
              { label: o.employmentRate, value: formatRate(figures.rate, language), strong: true },
              { label: o.amongCompleted, value: formatRate(figures.amongCompleted, language) },
              { label: o.fullTime, value: formatRate(figures.fullTime, language) },
              // How complete the record is, not an estimate of anything: no interval.
              { label: o.unknown, value: formatRatio(figures.unknown, language) },
              { label: o.target, value: formatPercent(e.target, language) },
            ],
          },
          { kind: 'paragraph', text: o.definition, muted: true },
          { kind: 'paragraph', text: o.intervalNote, muted: true },
        ] satisfies Block[])
      : ([
          // Why it was not measured is said once, in the recommendation above.
          {
            kind: 'facts',
            rows: [
              { label: o.employmentRate, value: o.notMeasuredShort, strong: true },
              { label: o.target, value: formatPercent(e.target, language) },
            ],
          },
        ] satisfies Block[])),

    ...comparisonBlocks(e, language),

    { kind: 'heading', text: figures ? o.funnel : o.funnelSoFar },
    {
      kind: 'bars',
      rows: [
        { label: s.recruited, value: e.funnel.recruited },
        { label: s.started, value: e.funnel.started },
        { label: s.completed, value: e.funnel.completed },
        ...(certifiedLabel ? [{ label: certifiedLabel, value: e.funnel.certified }] : []),
        { label: s.matched, value: e.funnel.matched },
        { label: s.internshipOffered, value: e.funnel.internshipOffered },
        { label: s.internshipStarted, value: e.funnel.internshipStarted },
        ...(figures ? [{ label: s.employed, value: figures.rate.count, highlight: true }] : []),
      ],
    },

    ...(figures
      ? ([
          { kind: 'heading', text: o.situation },
          {
            kind: 'facts',
            rows: FOLLOW_UP_OUTCOMES.map((outcome) => ({
              label: p.outcomes[outcome],
              value: (outcome === 'unknown' ? formatRatio : formatRate)(ratio(figures.byOutcome[outcome], e.funnel.started), language),
            })),
          },
          { kind: 'paragraph', text: o.situationNote, muted: true },
        ] satisfies Block[])
      : []),

    { kind: 'heading', text: o.milestones },
    e.milestones.length === 0
      ? { kind: 'paragraph', text: o.noMilestones }
      : {
          kind: 'table',
          columns: [
            { title: o.milestoneColumns[0]!, width: 26 },
            { title: o.milestoneColumns[1]!, width: 26, nowrap: true },
            { title: o.milestoneColumns[2]!, width: 14, align: 'right' },
            { title: o.milestoneColumns[3]!, width: 14, align: 'right' },
            { title: o.milestoneColumns[4]!, width: 20, nowrap: true },
          ],
          rows: e.milestones.map((m) => [
            o.milestoneMetric[m.metric],
            formatDate(m.by, language),
            String(m.target),
            String(m.actual),
            { text: m.met ? o.met : o.notMet, tone: m.met ? 'good' : 'bad' },
          ]),
        },

    ...surveyBlocks(view.survey, language),

    { kind: 'heading', text: o.companies },
    {
      kind: 'facts',
      rows: [
        { label: o.companiesInvited, value: String(e.companies.invited) },
        { label: o.companiesAnswered, value: String(e.companies.answered) },
        { label: o.confirmedSlots, value: String(e.companies.confirmedSlots) },
        { label: o.offeredInternships, value: String(e.companies.offeredInternships) },
      ],
    },

    { kind: 'heading', text: o.cost },
    {
      kind: 'facts',
      rows: [
        { label: o.budget, value: formatDkk(e.cost.budgetDkk, language) },
        { label: o.perParticipant, value: formatDkk(e.cost.perParticipant, language) },
        ...(figures ? [{ label: o.perJob, value: formatDkk(e.cost.perJob, language) }] : []),
      ],
    },
    { kind: 'paragraph', text: o.attached(filename), muted: true },
  ];

  const attachment: MailAttachment = { filename, content: outcomeCsv(view, language), contentType: 'text/csv; charset=utf-8' };
  const doc = {
    language,
    title: o.title(view.pilot.name),
    preheader: e.employment
      ? o.preheader(p.recommendation[effective], formatRate(e.employment.rate, language))
      : o.preheaderNotMeasured(p.recommendation[effective]),
    blocks,
    footer: [p.footerAutomatic, p.footerCountsOnly],
  };
  return {
    subject: o.subject(view.pilot.name, p.recommendationShort[effective], view.pilot.closedEarly),
    html: renderHtml(doc),
    text: renderText(doc),
    attachments: [attachment],
  };
};
