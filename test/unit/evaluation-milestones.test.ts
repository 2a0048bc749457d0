import { describe, expect, it } from 'vitest';
import { evaluatePilot, type ParticipantFacts } from '../../functions/domain/evaluation.js';

const at = '2024-03-01T09:00:00Z';
const some = (n: number, facts: ParticipantFacts): ParticipantFacts[] => Array.from({ length: n }, () => ({ ...facts }));

describe('the enrolled milestone', () => {
  it('counts those given a place on the course, not the basic track nor the waiting list', () => {
    const participants = [
      ...some(10, { status: 'enrolled', enrolledAt: at }),
      ...some(4, { status: 'started', enrolledAt: at, startedAt: at }),
      ...some(2, { status: 'dropped-out', enrolledAt: at, startedAt: at }),
      ...some(4, { status: 'basic-track', enrolledAt: at }),
      ...some(3, { status: 'waitlisted', enrolledAt: at }),
    ];

    const { milestones } = evaluatePilot({
      targetEmploymentRate: 0.4,
      budgetDkk: 0,
      participants,
      milestones: [{ metric: 'enrolled', target: 20, by: '2024-03-31' }],
    });

    expect(milestones).toEqual([{ metric: 'enrolled', target: 20, by: '2024-03-31', actual: 16, met: false }]);
  });
});
