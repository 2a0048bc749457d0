import { describe, expect, it } from 'vitest';
import { isValidCvr } from '../../functions/domain/company.js';
import { noticesOf, lastDayOf, deadlineOf } from '../../functions/domain/lifecycle.js';
import { candidateCode, scheduleMeetings } from '../../functions/domain/match-schedule.js';
import { pilotInput } from '../support/fixtures.js';

const candidates = (n: number) => Array.from({ length: n }, (_, i) => ({ participantId: `p${String(i).padStart(2, '0')}` }));
const event = { date: '2021-01-20', startTime: '09:00', slotMinutes: 20 };

describe('scheduling candidates into confirmed slots', () => {
  it('fills every slot when there are enough candidates, nobody twice with one company or in two places at once', () => {
    const meetings = scheduleMeetings(
      [
        { companyId: 'a', slots: 4 },
        { companyId: 'b', slots: 3 },
        { companyId: 'c', slots: 2 },
      ],
      candidates(5),
      event,
    );
    expect(meetings).toHaveLength(9);
    const pairs = new Set(meetings.map((m) => `${m.companyId}|${m.participantId}`));
    expect(pairs.size).toBe(9);
    const busy = new Set(meetings.map((m) => `${m.round}|${m.participantId}`));
    expect(busy.size).toBe(9);
    // Spread: with 9 meetings over 5 candidates, each has 1 or 2.
    const per = candidates(5).map((c) => meetings.filter((m) => m.participantId === c.participantId).length);
    expect(Math.min(...per)).toBe(1);
    expect(Math.max(...per)).toBe(2);
  });

  it('gives times in Copenhagen: 09:00 in winter is 08:00 UTC, meetings of 20 minutes', () => {
    const [first, second] = scheduleMeetings([{ companyId: 'a', slots: 2 }], candidates(2), event);
    expect(first).toMatchObject({ round: 0, start: '2021-01-20T08:00:00.000Z', end: '2021-01-20T08:20:00.000Z' });
    expect(second).toMatchObject({ round: 1, start: '2021-01-20T08:20:00.000Z' });
    const [summer] = scheduleMeetings([{ companyId: 'a', slots: 1 }], candidates(1), { ...event, date: '2021-06-10' });
    expect(summer!.start).toBe('2021-06-10T07:00:00.000Z');
  });

  it('leaves a slot empty when no candidate can take it', () => {
    // One candidate, one company with 3 slots: they can meet only once.
    expect(scheduleMeetings([{ companyId: 'a', slots: 3 }], candidates(1), event)).toHaveLength(1);
    expect(scheduleMeetings([{ companyId: 'a', slots: 3 }], [], event)).toEqual([]);
  });

  it('gives a candidate the company they asked for', () => {
    const meetings = scheduleMeetings(
      [
        { companyId: 'a', slots: 1 },
        { companyId: 'b', slots: 1 },
      ],
      [{ participantId: 'x' }, { participantId: 'y', preferences: ['b'] }, { participantId: 'z', preferences: ['a'] }],
      event,
    );
    expect(meetings.find((m) => m.companyId === 'a')!.participantId).toBe('z');
    expect(meetings.find((m) => m.companyId === 'b')!.participantId).toBe('y');
  });

  it('rotates which company picks first, and is the same every time', () => {
    const companies = [
      { companyId: 'a', slots: 2 },
      { companyId: 'b', slots: 2 },
    ];
    const once = scheduleMeetings(companies, candidates(4), event);
    expect(scheduleMeetings(companies, candidates(4), event)).toEqual(once);
    // Round 0: a picks first (p00); round 1: b picks first.
    expect(once.filter((m) => m.round === 1).map((m) => m.companyId)).toEqual(['b', 'a']);
  });

  it('codes candidates K01, K02, ... (wider for 100 or more)', () => {
    expect(candidateCode(0, 90)).toBe('K01');
    expect(candidateCode(89, 90)).toBe('K90');
    expect(candidateCode(4, 120)).toBe('K005');
  });
});

describe('CVR numbers', () => {
  it('accepts real ones and refuses a wrong check digit', () => {
    expect(isValidCvr('13612870')).toBe(true); // Microsoft Danmark ApS
    expect(isValidCvr('13612871')).toBe(false);
    expect(isValidCvr('03612870')).toBe(false);
    expect(isValidCvr('1361287')).toBe(false);
  });
});

describe('the match event waits', () => {
  const pilot = pilotInput();
  it('reminds companies 7 and 2 days before the response deadline ends', () => {
    expect(lastDayOf(pilot, 'match-answers')).toBe('2021-01-08');
    expect(deadlineOf(pilot, 'match-answers')).toBe('2021-01-08T23:00:00.000Z');
    expect(noticesOf(pilot, 'match-answers')).toEqual([
      { notice: 'match-reminder-1', at: '2021-01-01T23:00:00.000Z' },
      { notice: 'match-reminder-2', at: '2021-01-06T23:00:00.000Z' },
    ]);
  });

  it('never lets the answers run past the event, nor start before certification ends', () => {
    expect(lastDayOf({ ...pilot, matchEvent: { ...pilot.matchEvent!, responseDeadline: '2020-04-01' } }, 'match-answers')).toBe(
      lastDayOf(pilot, 'certification-end'),
    );
    expect(lastDayOf(pilot, 'match-event')).toBe('2021-01-20');
    expect(lastDayOf({ ...pilot, matchDecisionBy: '2021-01-25' }, 'match-decision')).toBe('2021-01-25');
  });
});
