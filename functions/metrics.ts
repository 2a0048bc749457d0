import { AsyncLocalStorage } from 'node:async_hooks';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

// The product's own metrics, as CloudWatch embedded metric format (EMF) lines
// in the log: CloudWatch Logs turns them into metrics on AWS, and locally the
// same lines are in the local stack's log. The dashboard and the alarms
// (infra/constructs/alarms.ts) read these names; a name changes in both.

export const METRICS_NAMESPACE = 'PilotOrchestrator';
export const METRICS_SERVICE = 'pilot-orchestrator';

/** Every metric, with the one dimension it is broken down by (each value also counts in the metric's total, without it). */
export const METRIC = {
  /** An enrolment request's outcome: enrolled, or the reason it was refused. */
  Enrolments: 'outcome',
  /** A row of an attendance list (bulk status changes): changed, unchanged or rejected. */
  StatusChanges: 'outcome',
  /** A company's signed webhook call: the status answered, and why. */
  WebhookAnswers: 'status',
  /** A submitted signed e-mail link form: the status answered, and why. */
  LinkAnswers: 'status',
  /** A submitted survey screen: the status answered, and why (never the pilot or an answer). */
  SurveyAnswers: 'status',
  /** An e-mail message handed to SES (or the local outbox), by the mail's kind. */
  MailSent: 'kind',
  /** An e-mail the mail service refused; it is retried later (alarm). */
  MailFailed: 'kind',
  /** An e-mail given up on after its last retry (alarm, and the pilot's `mail-failed` risk stays). */
  MailAbandoned: 'kind',
  /** A resumed wait (or a wake-up that found nothing to resume), by cause: deadline, event, consultant, stale. */
  Resumes: 'cause',
  /** A DynamoDB transaction retried because a concurrent one touched the same items. */
  ContentionRetries: undefined,
  /** A step function's invocation that failed (each failed attempt; the state machine retries or catches). */
  StepFailures: 'step',
  /** Pilots in each phase, counted by the hourly operations check. */
  PilotsByPhase: 'phase',
  /** Pilots whose wait's deadline passed more than 6 hours ago without a wake-up (alarm). */
  StuckPilots: undefined,
} as const;
export type MetricName = keyof typeof METRIC;

type Dimension<N extends MetricName> = (typeof METRIC)[N] extends string
  ? { [K in (typeof METRIC)[N]]: string } & Record<string, string>
  : Record<string, never>;

const GAUGES = new Set<MetricName>(['PilotsByPhase', 'StuckPilots']);

let metrics: Metrics | undefined;
type Counts = Map<string, { name: MetricName; dimensions: Record<string, string>; value: number }>;
// Counts of one invocation, by metric and dimensions, published together at
// its end: one EMF line for the totals and one per dimension value, not one
// per event (a certification step sends hundreds of e-mails). Scoped per
// invocation, because the local stack runs many at once in one process.
const scope = new AsyncLocalStorage<Counts>();
/** Counts made outside any invocation (a script, a test calling a service): published by the next flushMetrics(). */
const unscoped: Counts = new Map();

/**
 * Counts `value` (1) of the metric, broken down by its dimension. Values are
 * ids of kinds and reasons, never personal data.
 */
export const count = <N extends MetricName>(name: N, dimensions?: Dimension<N>, value = 1): void => {
  const counts = scope.getStore() ?? unscoped;
  const dims: Record<string, string> = { ...(dimensions ?? {}) };
  const id = `${name}|${JSON.stringify(dims)}`;
  const entry = counts.get(id) ?? { name, dimensions: dims, value: 0 };
  entry.value = GAUGES.has(name) ? value : entry.value + value;
  counts.set(id, entry);
};

/** Runs one invocation with counts of its own, and publishes them when it ends, whether it succeeded or failed. */
export const withMetrics = async <T>(fn: () => Promise<T>): Promise<T> => {
  const counts: Counts = new Map();
  try {
    return await scope.run(counts, fn);
  } finally {
    publish(counts);
  }
};

/** Publishes what was counted outside any invocation. */
export const flushMetrics = (): void => publish(unscoped);

const publish = (counts: Counts): void => {
  if (counts.size === 0) return;
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  const entries = [...counts.values()];
  counts.clear();
  const totals = new Map<MetricName, number>();
  for (const { name, dimensions, value } of entries) {
    if (Object.keys(dimensions).length > 0) {
      // One line per dimension value: EMF aggregates by the set of dimension values.
      const single = metrics.singleMetric();
      single.addDimensions(dimensions);
      single.addMetric(name, MetricUnit.Count, value);
    }
    totals.set(name, (totals.get(name) ?? 0) + value);
  }
  for (const [name, value] of totals) metrics.addMetric(name, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
};
