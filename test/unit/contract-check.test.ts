import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type { EvaluationSchema, OutcomeSchema } from '../../functions/contracts/outcome.js';
import type { ParticipantSchema } from '../../functions/contracts/participants.js';
import type { PilotSchema } from '../../functions/contracts/pilots.js';
import type { SurveyResultsSchema } from '../../functions/contracts/survey.js';
import type { Evaluation, Outcome } from '../../functions/domain/evaluation.js';
import type { Participant } from '../../functions/domain/participant.js';
import type { Pilot } from '../../functions/domain/pilot.js';
import type { SurveyResults } from '../../functions/domain/survey-results.js';
import { outcomeFigures, pilotFigures } from '../../functions/domain/access.js';
import { evaluatePilot, type EvaluationInput, type ParticipantFacts } from '../../functions/domain/evaluation.js';
import { emptyTally, surveyResults } from '../../functions/domain/survey-results.js';
import { checkAnswer, checkRequest, ContractViolation } from '../support/contract.js';
import { pilotInput } from '../support/fixtures.js';

// The check every local test's API call goes through (test/support/api.ts):
// it must refuse what the contract does not declare, or those tests prove
// nothing about the contract. And the contracts of the outcome and the pilot
// must take what the domain really makes: each comparison, the effect or why
// there is none, the certainty, the survey, and the figures-only projections.

const PILOT = '6f1c2b1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/** As the HTTP client reads it: JSON, with nothing undefined. */
const sent = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const check = (method: string, path: string, status: number, body: unknown) => () => checkAnswer(method, path, status, sent(body));

const facts = (n: number, employed: number, opts: { recorded?: boolean } = {}): ParticipantFacts[] =>
  Array.from({ length: n }, (_, i) => ({
    status: 'completed',
    enrolledAt: '2021-03-01T08:00:00.000Z',
    startedAt: '2021-03-08T08:00:00.000Z',
    completedAt: '2021-04-16T08:00:00.000Z',
    certified: true,
    ...(opts.recorded === false ? {} : { followUp: i < employed ? 'employed-full-time' : i % 2 ? 'unemployed' : 'unknown' }),
  }));

const outcomeOf = (input: Partial<EvaluationInput> & { participants: ParticipantFacts[] }, survey = false) => {
  const evaluation = evaluatePilot({ targetEmploymentRate: 0.4, budgetDkk: 400_000, followUpReached: true, ...input });
  const tally = emptyTally();
  tally.satisfaction['very-satisfied'] = 5;
  tally.satisfaction.satisfied = 1;
  tally.selfReliance['on-my-own'] = 4;
  tally.selfReliance.partly = 2;
  tally.respected.yes = 6;
  tally.jobSearch['a-little'] = 6;
  return {
    pilotId: PILOT,
    evaluatedAt: '2021-07-01T08:00:00.000Z',
    closedEarly: false,
    phaseReached: 'evaluation',
    evaluation,
    ...(survey ? { survey: surveyResults({ tally, answers: 6, mailed: 8, codes: 2, targets: { satisfied: 0.95, selfReliant: 0.7 } }) } : {}),
    override: { recommendation: 'adjust' as const, reason: 'Holdet var lille', by: 'bo@kk.test', at: '2021-07-02T08:00:00.000Z' },
    recommendation: 'adjust' as const,
    personalDataDeletedAfter: '2022-07-01',
    overrideUntil: '2021-07-15T08:00:00.000Z',
    overrideOpen: true,
  };
};

describe('the answer check of the test API', () => {
  it('refuses a field the contract does not declare, a missing one, and a status it does not declare', () => {
    const team = { pilotId: PILOT, team: ['bo@kk.test'] };
    expect(check('POST', `/pilots/${PILOT}/team`, 200, team)).not.toThrow();
    expect(check('POST', `/pilots/${PILOT}/team`, 200, { ...team, secret: 'x' })).toThrow(/fields its contract does not declare: secret/);
    expect(check('POST', `/pilots/${PILOT}/team`, 200, { pilotId: PILOT })).toThrow(ContractViolation);
    expect(check('POST', `/pilots/${PILOT}/team`, 201, team)).toThrow(/which its contract does not declare/);
    // An error must be the error body, every issue with its code.
    expect(check('POST', `/pilots/${PILOT}/team`, 400, { error: 'validation_failed', message: 'x', issues: [{ path: 'email', message: 'x' }] })).toThrow(
      /not the error body/,
    );
  });

  it('holds a page to its declared status, and takes the subject access page beside its JSON', () => {
    expect(() => checkAnswer('POST', `/pilots/${PILOT}/survey/codes`, 201, '<!doctype html>')).not.toThrow();
    expect(() => checkAnswer('POST', `/pilots/${PILOT}/survey/codes`, 200, '<!doctype html>')).toThrow(/does not declare/);
    expect(() => checkAnswer('POST', `/pilots/${PILOT}/survey/codes`, 201, { codes: [] })).toThrow(/says a page/);
    // A refusal page of a link is a page, not an error body.
    expect(() => checkAnswer('GET', '/links/abc', 410, '<!doctype html>')).not.toThrow();
    expect(() => checkAnswer('POST', '/subject-access', 200, '<!doctype html>')).not.toThrow();
    expect(check('POST', '/subject-access', 200, { reference: 'KK-1', generatedAt: '2021-07-01T08:00:00.000Z', pilots: [], extra: 1 })).toThrow(/extra/);
  });
});

describe('the published document, held against the same traffic', () => {
  it('takes a body the API takes, and refuses one it would refuse', () => {
    // A row of an attendance list: who, and a status with its own fields (a strict shape in JSON Schema too).
    const ok = {
      changes: [
        { reference: 'KK-1', status: 'started' },
        { participantId: OTHER, status: 'dropped-out', reason: 'found-job' },
      ],
    };
    expect(() => checkRequest('POST', `/pilots/${PILOT}/participants/status`, 200, ok)).not.toThrow();
    expect(() =>
      checkRequest('POST', `/pilots/${PILOT}/participants/status`, 200, { changes: [{ reference: 'KK-1', status: 'started', reason: 'found-job' }] }),
    ).toThrow(/GET \/openapi.json refuses/);
    expect(() => checkRequest('PUT', `/pilots/${PILOT}/comparison-group`, 200, { size: 40, employed: 9 })).not.toThrow();
    expect(() => checkRequest('PUT', `/pilots/${PILOT}/comparison-group`, 200, { size: 40 })).toThrow(ContractViolation);
    // A batch reports its bad rows rejected: it took them, but says they are bad.
    const bad = { participants: [{ reference: 'KK-1' }] };
    const report = { pilotId: PILOT, rows: [{ index: 0, outcome: 'rejected' }] };
    expect(() => checkRequest('POST', `/pilots/${PILOT}/participants`, 200, bad, report)).not.toThrow();
    expect(() => checkRequest('POST', `/pilots/${PILOT}/participants`, 200, bad, { ...report, rows: [{ index: 0, outcome: 'enrolled' }] })).toThrow(
      ContractViolation,
    );
    // A refused request is no claim about the document.
    expect(() => checkRequest('PUT', `/pilots/${PILOT}/comparison-group`, 400, { size: 40 })).not.toThrow();
  });
});

describe('the outcome contract, against what the evaluation makes', () => {
  it("declares every field of the domain's outcome, evaluation, survey results and participant (kept by typecheck)", () => {
    expectTypeOf<Exclude<keyof Outcome, keyof z.infer<typeof OutcomeSchema>>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Evaluation, keyof z.infer<typeof EvaluationSchema>>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof SurveyResults, keyof z.infer<typeof SurveyResultsSchema>>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof Participant, keyof z.infer<typeof ParticipantSchema>>>().toEqualTypeOf<never>();
  });

  it('takes an outcome compared with a counted group (the effect by Newcombe), with the survey, whole and as figures', () => {
    const outcome = outcomeOf(
      { participants: facts(14, 8), comparison: { kind: 'group', source: 'Ledige akademikere', period: '2021' }, comparisonGroup: { size: 240, employed: 62 } },
      true,
    );
    expect(outcome.evaluation.effect?.method).toBe('newcombe');
    expect(outcome.evaluation.certainty).not.toBeNull();
    expect(outcome.survey?.breakdown?.satisfied.met).toBe(false);
    expect(check('GET', `/pilots/${PILOT}/outcome`, 200, outcome)).not.toThrow();
    expect(check('GET', `/pilots/${PILOT}/outcome`, 200, outcomeFigures(outcome))).not.toThrow();
    // The override's author is a person: the figures never carry it, and the whole answer must.
    const { by: _by, ...anonymous } = outcome.override;
    expect(check('GET', `/pilots/${PILOT}/outcome`, 200, { ...outcome, override: { ...anonymous, author: 'x' } })).toThrow(ContractViolation);
  });

  it('takes a published rate without its n (fixed-rate), a group never counted, and a pilot closed before follow-up', () => {
    const fixed = outcomeOf({ participants: facts(10, 3), comparison: { kind: 'rate', source: 'Jobindsats', period: '2020', rate: 0.2 } });
    expect(fixed.evaluation.effect?.method).toBe('fixed-rate');
    expect(check('GET', `/pilots/${PILOT}/outcome`, 200, fixed)).not.toThrow();

    const uncounted = outcomeOf({ participants: facts(10, 3), comparison: { kind: 'group', source: 'Ledige', period: '2021' } });
    expect(uncounted.evaluation).toMatchObject({ effect: null, effectNotMeasured: 'no-comparison-counts', comparison: { rate: null, interval: null } });
    expect(check('GET', `/pilots/${PILOT}/outcome`, 200, uncounted)).not.toThrow();

    const closed = outcomeOf({
      participants: facts(10, 0, { recorded: false }),
      followUpReached: false,
      comparison: { kind: 'rate', source: 'Jobindsats', period: '2020', rate: 0.2, n: 5000 },
    });
    expect(closed.evaluation).toMatchObject({
      employment: null,
      employmentNotMeasured: 'closed-before-follow-up',
      certainty: null,
      effect: null,
      effectNotMeasured: 'employment-not-measured',
    });
    expect(check('GET', `/pilots/${PILOT}/outcome`, 200, closed)).not.toThrow();
  });
});

describe('the pilot contract', () => {
  it('declares every attribute a pilot item can have (the domain type, kept by typecheck)', () => {
    expectTypeOf<Exclude<keyof Pilot, keyof z.infer<typeof PilotSchema>>>().toEqualTypeOf<never>();
  });

  it('takes a pilot with a comparison, its group counts, survey targets and report points, whole and as figures', () => {
    const pilot = {
      ...pilotInput({
        comparison: { kind: 'group', source: 'Ledige', period: '2021' },
        targets: { satisfied: 0.95 },
        reports: [{ at: 'midway' }, { at: '2020-04-01' }],
        team: ['bo@kk.test'],
      }),
      id: PILOT,
      status: 'running',
      placesTaken: 0,
      counts: { waitlisted: 0, 'basic-track': 0, enrolled: 0, started: 0, 'dropped-out': 0, completed: 0 },
      createdAt: '2020-01-20T08:00:00.000Z',
      createdBy: 'bo@kk.test',
      updatedAt: '2020-01-20T08:00:00.000Z',
      comparisonGroup: { size: 240, employed: 62, recordedAt: '2021-05-01T08:00:00.000Z' },
    };
    expect(check('POST', '/pilots', 201, pilot)).not.toThrow();
    expect(check('GET', '/pilots', 200, { items: [pilot, pilotFigures(pilot)] })).not.toThrow();
    expect(check('PUT', `/pilots/${OTHER}/comparison-group`, 200, { ...pilot, comparisonGroup: { size: 240 } })).toThrow(ContractViolation);
  });
});
