import { describe, expect, it } from 'vitest';
import type { Pilot } from '../../functions/domain/pilot.js';
import { lastDayBefore, timelineOf } from '../../web/src/timeline.js';
import { pilotInput } from '../support/fixtures.js';

// The web page's timeline of a pilot: the phases that apply, their dates from
// the workflow's own rules, and which is past, current and next.

const azure = (fields: Partial<Pilot> = {}, input: Record<string, unknown> = {}): Pilot => ({
  ...pilotInput(input),
  id: 'p1',
  status: 'draft',
  placesTaken: 0,
  counts: { waitlisted: 0, 'basic-track': 0, enrolled: 0, started: 0, 'dropped-out': 0, completed: 0 },
  createdAt: '2020-01-20T08:00:00.000Z',
  createdBy: 'c',
  updatedAt: '2020-01-20T08:00:00.000Z',
  ...fields,
});

describe('the timeline of a pilot', () => {
  it('has every phase of an exam course with a match event, with the dates the workflow keeps', () => {
    expect(timelineOf(azure()).map(({ phase, from, to }) => ({ phase, from, to }))).toEqual([
      { phase: 'recruitment', from: '2020-02-01', to: '2020-03-01' },
      { phase: 'course', from: '2020-03-16', to: '2020-04-12' },
      { phase: 'certification', from: '2020-04-13', to: '2020-05-10' },
      { phase: 'match-event', from: '2021-01-20', to: '2021-01-20' },
      { phase: 'internships', from: '2021-01-21', to: '2021-03-17' },
      { phase: 'follow-up', from: '2021-03-17', to: '2021-04-07' },
      { phase: 'evaluation', from: '2021-04-08', to: undefined },
    ]);
  });

  it('leaves out certification for a diploma course and the event and internships without an event', () => {
    const phases = timelineOf(azure({}, { course: { start: '2020-03-16', weeks: 4, ending: 'diploma' }, matchEvent: undefined })).map((s) => s.phase);
    expect(phases).toEqual(['recruitment', 'course', 'follow-up', 'evaluation']);
  });

  it('marks a draft as all ahead, the first phase next', () => {
    expect(timelineOf(azure()).map((s) => s.state)).toEqual(['next', 'later', 'later', 'later', 'later', 'later', 'later']);
  });

  it('marks a running pilot past, current, next and later around its phase', () => {
    const states = timelineOf(azure({ status: 'running', phase: 'certification' })).map((s) => s.state);
    expect(states).toEqual(['past', 'past', 'current', 'next', 'later', 'later', 'later']);
  });

  it('extends recruitment to the decision date while the pilot waits for a decision', () => {
    const steps = timelineOf(azure({ status: 'running', phase: 'recruitment', waitingFor: 'recruitment-decision', recruitmentDecisionBy: '2020-03-15' }));
    expect(steps[0]).toMatchObject({ phase: 'recruitment', to: '2020-03-15', state: 'current' });
  });

  it('shows a pilot closed early as past up to the close, the rest never reached', () => {
    const states = timelineOf(azure({ status: 'closed', phase: 'closed', closedAt: '2020-03-20T10:00:00.000Z' })).map((s) => s.state);
    expect(states).toEqual(['past', 'past', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('shows the evaluation done, on the day it ran, once the outcome is written (closed early or after follow-up)', () => {
    const early = timelineOf(azure({ status: 'closed', phase: 'closed', closedAt: '2020-03-20T10:00:00.000Z' }), '2020-03-20T10:00:00.000Z');
    expect(early.map((s) => s.state)).toEqual(['past', 'past', 'skipped', 'skipped', 'skipped', 'skipped', 'past']);
    expect(early.at(-1)).toMatchObject({ phase: 'evaluation', from: '2020-03-20' });
    // Follow-up recorded for everyone before its window ended: evaluated then, before the plan's evaluation day.
    const done = timelineOf(azure({ status: 'closed', phase: 'closed', closedAt: '2021-03-30T08:00:00.000Z' }), '2021-03-30T08:00:00.000Z');
    expect(done.map((s) => s.state)).toEqual(['past', 'past', 'past', 'past', 'past', 'past', 'past']);
    // Evaluated while still running (the close step follows): evaluation done, not "later".
    const evaluating = timelineOf(azure({ status: 'running', phase: 'evaluation' }), '2021-04-08T08:00:00.000Z');
    expect(evaluating.at(-1)!.state).toBe('past');
  });

  it("names a deadline by the phase's last day (a deadline is 00:00 Copenhagen after it)", () => {
    expect(lastDayBefore('2020-03-01T23:00:00.000Z')).toBe('2020-03-01');
    expect(lastDayBefore('2020-04-12T22:00:00.000Z')).toBe('2020-04-12');
  });
});
