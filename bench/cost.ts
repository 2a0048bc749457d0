import type { EngineResult } from './engine.js';
import { COURSE_BUDGET_DKK_PER_YEAR, DKK_PER_USD, PILOTS_PER_YEAR, PRICES } from './prices.js';

// What a pilot costs on AWS, from the counts an engine run measured (per
// pilot), at the prices of bench/prices.ts. Lambda's billed duration is
// stood in for by the handlers' local durations (each invocation timed where
// the local stack calls it) at the memory every function has
// (ProjectFunction: 512 MB, arm64): a proxy, since a Lambda's CPU share at
// 512 MB and DynamoDB's latency on AWS differ from this machine's.

/** ProjectFunction's memorySize (infra/constructs/project-function.ts), the same for every function. */
export const LAMBDA_MEMORY_MB = 512;

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostSection {
  /** The engine run the counts come from. */
  basedOn: { pilots: number; participantsPerPilot: number; companiesPerPilot: number };
  prices: typeof PRICES;
  perPilot: CostLine[];
  perPilotUsd: number;
  perParticipantUsd: number;
  /** Per participant in ordinary employment at follow-up, as the pilot's own evaluation counted them. */
  perJobUsd: number;
  year: { pilots: number; usd: number; dkk: number; dkkPerUsd: number };
  /** The year's AWS cost as a share of the programme's course budget (1.6 million DKK a year). */
  courseBudget: { dkkPerYear: number; share: number };
}

export const costOf = (run: EngineResult): CostSection => {
  const p = run.perPilot;
  const gbSeconds = (p.lambdaMs / 1000) * (LAMBDA_MEMORY_MB / 1024);
  const perPilot: CostLine[] = [
    { item: 'Step Functions', quantity: p.stateTransitions, unit: 'state transitions', usd: p.stateTransitions * PRICES.stepFunctionsPerTransition },
    { item: 'EventBridge Scheduler', quantity: p.schedulerInvocations, unit: 'invocations', usd: p.schedulerInvocations * PRICES.schedulerPerInvocation },
    { item: 'SES', quantity: p.emails, unit: 'e-mails (recipients)', usd: p.emails * PRICES.sesPerEmail },
    { item: 'Lambda requests', quantity: p.lambdaInvocations, unit: 'invocations', usd: p.lambdaInvocations * PRICES.lambdaPerRequest },
    { item: 'Lambda duration', quantity: gbSeconds, unit: `GB-s (${LAMBDA_MEMORY_MB} MB)`, usd: gbSeconds * PRICES.lambdaPerGbSecond },
    { item: 'DynamoDB writes', quantity: p.dynamo.writeUnits, unit: 'write request units', usd: p.dynamo.writeUnits * PRICES.dynamoPerWriteUnit },
    { item: 'DynamoDB reads', quantity: p.dynamo.readUnits, unit: 'read request units', usd: p.dynamo.readUnits * PRICES.dynamoPerReadUnit },
    { item: 'HTTP API', quantity: p.apiRequests, unit: 'requests', usd: p.apiRequests * PRICES.httpApiPerRequest },
  ];
  const perPilotUsd = perPilot.reduce((s, l) => s + l.usd, 0);
  const jobsPerPilot = run.outcome.employed / run.pilots;
  const yearUsd = perPilotUsd * PILOTS_PER_YEAR;
  const yearDkk = yearUsd * DKK_PER_USD.rate;
  return {
    basedOn: { pilots: run.pilots, participantsPerPilot: run.participantsPerPilot, companiesPerPilot: run.companiesPerPilot },
    prices: PRICES,
    perPilot,
    perPilotUsd,
    perParticipantUsd: perPilotUsd / run.participantsPerPilot,
    perJobUsd: jobsPerPilot > 0 ? perPilotUsd / jobsPerPilot : Number.POSITIVE_INFINITY,
    year: { pilots: PILOTS_PER_YEAR, usd: yearUsd, dkk: yearDkk, dkkPerUsd: DKK_PER_USD.rate },
    courseBudget: { dkkPerYear: COURSE_BUDGET_DKK_PER_YEAR, share: yearDkk / COURSE_BUDGET_DKK_PER_YEAR },
  };
};
