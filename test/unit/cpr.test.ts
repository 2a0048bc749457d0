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

// The shapes a person types, generated from a few birth dates and serials, and
// what the product and its users send that must pass. At least 100 of each kind.
describe('CPR detection, table-driven', () => {
  const dates = ['040190', '311299', '290200', '010101', '150385', '300675'];
  const serial = '1234';
  const split = (d: string) => [d.slice(0, 2), d.slice(2, 4), d.slice(4, 6)] as const;
  const between = ['-', '\u2011', '\u2010', '\u2012', '\u2013', '\u2014', '\u2212', '\ufe63', '\uff0d', '.', '/', ' ', '\u00a0', '\u202f', '  ', ' - ', '\t'];
  const positives: [string, string][] = [];
  for (const d of dates) {
    const [dd, mm, yy] = split(d);
    for (const sep of between) positives.push([`${d}${sep}${serial}`, `DDMMYY${JSON.stringify(sep)}XXXX`]);
    positives.push([`${dd}.${mm}.${yy}-${serial}`, 'DD.MM.YY-XXXX']);
    positives.push([`${dd} ${mm} ${yy} ${serial}`, 'DD MM YY XXXX']);
    positives.push([`${dd}-${mm}-${yy}-${serial}`, 'DD-MM-YY-XXXX']);
    positives.push([`${dd}/${mm}/${yy} ${serial}`, 'DD/MM/YY XXXX']);
    positives.push([`${dd}.${mm}.${yy}.${serial}`, 'DD.MM.YY.XXXX']);
    positives.push([`${d}${serial}`, 'ten digits']);
    positives.push([`cpr:${d}${serial}`, 'ten digits after a label']);
    positives.push([`Borger ${d}-${serial} har ringet`, 'inside a sentence']);
    positives.push([`KK-${d}-${serial}`, 'inside a case reference']);
    positives.push([[...`${d}-${serial}`].map((c) => (c === '-' ? '\uff0d' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join(''), 'full-width digits']);
  }

  const uuids = Array.from({ length: 30 }, (_, i) => `ab${dates[i % dates.length]}-${serial}-4abc-8def-${String(i).padStart(12, '0')}`);
  const negatives: [string, string][] = [
    ...uuids.map((u): [string, string] => [u, "the product's own UUID with a CPR-shaped run"]),
    ...uuids.slice(0, 5).map((u): [string, string] => [`line for ${u};passed`, 'a UUID inside a CSV line']),
    ...['13612870', '10150817', '25313763', '30060946', '21659509'].flatMap((cvr): [string, string][] => [
      [cvr, 'a CVR number'],
      [`CVR ${cvr}`, 'a labelled CVR number'],
      [`DK${cvr}`, 'an EU VAT number'],
    ]),
    ...['12345678', '31129912', '04019012', '20304050', '70121416'].flatMap((n): [string, string][] => [
      [n, 'a phone number, 8 digits'],
      [`+45 ${n}`, 'a phone number with +45'],
      [`+45${n}`, 'a phone number with +45, no space'],
      [`0045 ${n}`, 'a phone number with 0045'],
      [`${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}`, 'a phone number in pairs'],
      [`+45 ${n.slice(0, 4)} ${n.slice(4)}`, 'a phone number in fours'],
    ]),
    ['2020-03-16', 'an ISO date'],
    ['16.03.2020', 'a Danish date'],
    ['16-03-2020', 'a date with dashes'],
    ['16/03/2020', 'a date with slashes'],
    ['2020-03-16T08:00:00.000Z', 'a timestamp'],
    ['16.03.2020 kl. 09:00-10:20', 'a date and a time range'],
    ['1.600.000 kr.', 'an amount'],
    ['1 600 000 DKK', 'an amount with spaces'],
    ['DKK 12.345.678,90', 'an amount with decimals'],
    ['400000', 'a budget'],
    ['0.4', 'a rate'],
    ['KK-2020-0042', 'a case reference'],
    ['AZ-900', 'an exam'],
    ['AZ12-3456-XK90', 'a voucher code'],
    ['1234567890', 'ten digits whose month would be 34'],
    ['3102991234', '31 February'],
    ['01019012345', 'eleven digits'],
    ['msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', 'a webhook id'],
    ['1764500000', 'epoch seconds now'],
    ['Microsoft', 'a sponsor'],
    ['borger har fået job', 'a reason'],
  ];

  it('covers at least 100 shapes of each kind', () => {
    expect(positives.length).toBeGreaterThanOrEqual(100);
    expect(negatives.length).toBeGreaterThanOrEqual(100);
  });

  it.each(positives)('refuses %j (%s)', (text) => {
    expect(containsCpr(text)).toBe(true);
  });

  it.each(negatives)('lets %j pass (%s)', (text) => {
    expect(containsCpr(text)).toBe(false);
  });

  it('walks JSON nested far deeper than any call stack without recursing', () => {
    let deep: unknown = 'borger 040190-1234';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findCprPaths(deep)).toHaveLength(1);
  });
});
