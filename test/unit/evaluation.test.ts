import { describe, expect, it } from 'vitest';
import { evaluatePilot, withIntervals, type Evaluation, type ParticipantFacts, type Ratio } from '../../functions/domain/evaluation.js';

// Employment is measured by follow-up: with none recorded, the evaluation
// claims no employment figure, and says why.

const started = (n: number, extra: Partial<ParticipantFacts> = {}): ParticipantFacts[] =>
  Array.from({ length: n }, () => ({ status: 'completed', enrolledAt: '2020-03-01T08:00:00Z', startedAt: '2020-03-16T08:00:00Z', ...extra }));

describe('an evaluation without follow-up', () => {
  it('closed before follow-up: employment null, the reason, no employed count, no cost per job, uncertain', () => {
    const e = evaluatePilot({ targetEmploymentRate: 0.4, budgetDkk: 400_000, participants: started(4) });

    expect(e.employment).toBeNull();
    expect(e.employmentNotMeasured).toBe('closed-before-follow-up');
    expect(e.funnel).toMatchObject({ started: 4, completed: 4, employed: null });
    expect(e.cost).toEqual({ budgetDkk: 400_000, perParticipant: 100_000, perJob: null });
    expect(e.recommendation).toBe('uncertain');
  });

  it('follow-up reached with nothing recorded says so', () => {
    const e = evaluatePilot({ followUpReached: true, targetEmploymentRate: 0.4, budgetDkk: 1, participants: started(2) });

    expect(e).toMatchObject({ employment: null, employmentNotMeasured: 'no-follow-up-recorded' });
  });

  it('one recorded situation makes it measured, the rest counted as unknown', () => {
    const e = evaluatePilot({ targetEmploymentRate: 0.4, budgetDkk: 1, participants: [...started(3), ...started(1, { followUp: 'employed-full-time' })] });

    expect(e.employmentNotMeasured).toBeUndefined();
    expect(e.employment?.rate).toMatchObject({ count: 1, of: 4, rate: 0.25 });
    expect(e.employment?.unknown.count).toBe(3);
    expect(e.funnel.employed).toBe(1);
  });
});

describe('how sure, and compared with what', () => {
  const fiveOfFourteen = () => [...started(5, { followUp: 'employed-full-time' }), ...started(9, { followUp: 'unemployed' })];

  it('every employment rate carries its Wilson interval; the certainty says the target 40 % lies inside 16–61 %', () => {
    const e = evaluatePilot({ targetEmploymentRate: 0.4, budgetDkk: 1, participants: fiveOfFourteen() });

    expect(e.employment!.rate.interval!.low).toBeCloseTo(0.163, 3);
    expect(e.employment!.rate.interval!.high).toBeCloseTo(0.612, 3);
    expect(e.certainty).toMatchObject({ position: 'around', target: 0.4 });
    expect(e.certainty!.cohortToTell).toBeGreaterThan(500);
    expect(e.recommendation).toBe('adjust');
  });

  it('wholly above a low target, wholly below a high one: no cohort size needed', () => {
    expect(evaluatePilot({ targetEmploymentRate: 0.1, budgetDkk: 1, participants: fiveOfFourteen() }).certainty).toMatchObject({
      position: 'above',
      cohortToTell: null,
    });
    expect(evaluatePilot({ targetEmploymentRate: 0.8, budgetDkk: 1, participants: fiveOfFourteen() }).certainty).toMatchObject({
      position: 'below',
      cohortToTell: null,
    });
  });

  it('not measured: no certainty, and a named comparison says why there is no effect', () => {
    const e = evaluatePilot({
      targetEmploymentRate: 0.4,
      budgetDkk: 1,
      participants: started(3),
      comparison: { kind: 'rate', source: 'Jobindsats', period: '2023', rate: 0.2 },
    });
    expect(e).toMatchObject({ certainty: null, effect: null, effectNotMeasured: 'employment-not-measured' });
  });

  it('a rate with its n is compared by Newcombe, counted as rate × n', () => {
    const e = evaluatePilot({
      targetEmploymentRate: 0.4,
      budgetDkk: 1,
      participants: fiveOfFourteen(),
      comparison: { kind: 'rate', source: 'Jobindsats', period: '2023', rate: 0.2, n: 1000 },
    });
    expect(e.comparison).toMatchObject({ rate: 0.2, count: 200, of: 1000 });
    expect(e.effect).toMatchObject({ method: 'newcombe', position: 'around' });
    expect(e.effect!.difference).toBeCloseTo(5 / 14 - 0.2, 12);
  });

  it('an outcome written before intervals gets them, and its certainty, from its counts', () => {
    const e = evaluatePilot({ targetEmploymentRate: 0.4, budgetDkk: 1, participants: fiveOfFourteen() });
    const strip = ({ interval: _, ...r }: Ratio) => r;
    const { certainty: _c, ...old } = {
      ...e,
      employment: { ...e.employment!, rate: strip(e.employment!.rate) as Ratio, fullTime: strip(e.employment!.fullTime) as Ratio },
    };

    const again = withIntervals(old as Evaluation);
    expect(again.employment!.rate.interval).toEqual(e.employment!.rate.interval);
    expect(again.employment!.fullTime.interval).toEqual(e.employment!.fullTime.interval);
    expect(again.certainty).toEqual(e.certainty);
  });
});
