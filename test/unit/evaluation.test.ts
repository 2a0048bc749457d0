import { describe, expect, it } from 'vitest';
import { evaluatePilot, type ParticipantFacts } from '../../functions/domain/evaluation.js';

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
    expect(e.employment?.rate).toEqual({ count: 1, of: 4, rate: 0.25 });
    expect(e.employment?.unknown.count).toBe(3);
    expect(e.funnel.employed).toBe(1);
  });
});
