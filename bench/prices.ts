/**
 * AWS on-demand prices for eu-north-1 (Stockholm), as the bench's cost model
 * uses them. Taken from the AWS pricing pages on the date below; check them
 * again before quoting a figure, since AWS changes prices without notice.
 * Free tiers are left out on purpose: the municipality's account runs other
 * workloads that use them up.
 */
export const PRICES = {
  asOf: '2026-11-23',
  region: 'eu-north-1',
  currency: 'USD',
  /** Step Functions Standard: per state transition. */
  stepFunctionsPerTransition: 0.025 / 1000,
  /** EventBridge Scheduler: per schedule invocation (creating and deleting schedules is free). */
  schedulerPerInvocation: 1 / 1_000_000,
  /** SES: per e-mail, counted per recipient. */
  sesPerEmail: 0.1 / 1000,
  /** Lambda on arm64 (Graviton): per GB-second of duration, and per request. */
  lambdaPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1_000_000,
  /** DynamoDB on-demand: per write request unit and per read request unit. */
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  /** API Gateway HTTP API: per request (the first 300 million a month). */
  httpApiPerRequest: 1 / 1_000_000,
} as const;

/**
 * Danish kroner per US dollar, to put the cost beside the course budget.
 * An assumption of the same date, rounded: the krone follows the euro, and
 * the dollar has moved between 6.3 and 7.2 DKK in recent years.
 */
export const DKK_PER_USD = { asOf: '2026-11-23', rate: 6.5 } as const;

/** The programme's course budget, 1.6 million DKK a year (Jobcenter København's figure). */
export const COURSE_BUDGET_DKK_PER_YEAR = 1_600_000;

/** A year of a whole municipality's programme: 50 pilots. */
export const PILOTS_PER_YEAR = 50;
