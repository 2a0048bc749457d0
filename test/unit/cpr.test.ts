import { describe, expect, it } from 'vitest';
import { containsCpr, findCprPaths } from '../../functions/domain/cpr.js';

describe('CPR detection', () => {
  it.each([
    ['010190-1234', 'DDMMYY-XXXX'],
    ['0101901234', 'ten digits forming a date'],
    ['Anna 311299-4321 Hansen', 'inside other text'],
    ['290200-1234', '29 February in a leap year (2000)'],
    ['cpr: 150385 1234', 'space between the parts'],
    ['3112994321', 'the last day of a year'],
  ])('refuses %s (%s)', (text) => {
    expect(containsCpr(text)).toBe(true);
  });

  it.each([
    ['1234567890', 'ten digits whose month would be 34'],
    ['3102991234', '31 February'],
    ['2902991234', '29 February in a year with no leap year in any century'],
    ['01019012345', 'eleven digits: part of a longer number'],
    ['KK-2020-0042', 'a case reference'],
    ['+45 12 34 56 78', 'a phone number'],
    ['2020-03-16', 'an ISO date'],
    ['0000001234', 'day zero'],
  ])('accepts %s (%s)', (text) => {
    expect(containsCpr(text)).toBe(false);
  });

  it('refuses a dashed form whose day and month could be a date without checking the modulus-11 rule', () => {
    // 010190-1235 fails modulus 11; CPR numbers issued since 2007 need not pass it.
    expect(containsCpr('010190-1235')).toBe(true);
  });

  it('names every field that holds one, in nested input, and never the value', () => {
    const paths = findCprPaths({ participants: [{ name: 'ok' }, { name: 'x', reference: '0101901234', tags: ['311299-4321'] }] });
    expect(paths).toEqual(['participants.1.reference', 'participants.1.tags.0']);
  });

  it('finds a CPR number sent as a JSON number, which has lost its leading zero', () => {
    expect(findCprPaths({ reference: 101901234 })).toEqual(['reference']);
    expect(findCprPaths({ budgetDkk: 1_600_000 })).toEqual([]);
  });

  it('checks object keys too', () => {
    expect(findCprPaths({ '010190-1234': 'x' })).toEqual(['(key)']);
  });

  it("lets the product's own UUIDs through, even one with a CPR-shaped run inside", () => {
    expect(findCprPaths({ results: [{ participantId: 'ab310590-1234-4abc-8def-0123456789ab', result: 'passed' }] })).toEqual([]);
    expect(findCprPaths({ note: 'ab310590-1234 is not an id' })).toEqual(['note']);
  });
});
