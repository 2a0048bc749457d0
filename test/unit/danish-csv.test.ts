import { describe, expect, it } from 'vitest';
import { batchRows } from '../../functions/domain/batch-rows.js';
import { isoDate } from '../../functions/domain/danish-cells.js';
import { parseParticipantsCsv } from '../../functions/domain/participants-csv.js';

// Danish spreadsheets: Danish column names, words and dates, as Excel saves
// them (BOM, semicolons, CRLF), read as the API's codes.

const EXAM_COLUMNS = { reference: ['reference', 'sagsnummer'], result: ['result', 'resultat'], date: ['date', 'dato'] };
const FOLLOW_UP_COLUMNS = { reference: ['reference', 'sagsnummer'], outcome: ['outcome', 'udfald'] };

describe('Danish CSV', () => {
  it('reads exam results with bestået / ikke bestået / udeblevet and dd-mm-åååå or dd.mm.åååå dates', () => {
    const csv =
      '\ufeffSagsnummer;Resultat;Dato\r\nKK-1;bestået;07-02-2028\r\nKK-2;Ikke bestået;7.2.2028\r\nKK-3;udeblevet;2028-02-07\r\nKK-4;passed;07/02/2028\r\n';
    const rows = batchRows({ kind: 'csv', text: csv }, { key: 'results', columns: EXAM_COLUMNS, maxRows: 10 });
    expect(rows.map((r) => ('value' in r ? r.value : r))).toEqual([
      { reference: 'KK-1', result: 'passed', date: '2028-02-07' },
      { reference: 'KK-2', result: 'failed', date: '2028-02-07' },
      { reference: 'KK-3', result: 'no-show', date: '2028-02-07' },
      { reference: 'KK-4', result: 'passed', date: '2028-02-07' },
    ]);
  });

  it('reads follow-up outcomes in Danish words beside the English codes', () => {
    const words = ['fuldtid', 'Deltid', 'løntilskud', 'praktik', 'uddannelse', 'ledig', 'ukendt', 'employed-full-time'];
    const csv = `reference;udfald\n${words.map((w, i) => `KK-${i};${w}`).join('\n')}\n`;
    const rows = batchRows({ kind: 'csv', text: csv }, { key: 'outcomes', columns: FOLLOW_UP_COLUMNS, maxRows: 10 });
    expect(rows.map((r) => ('value' in r ? (r.value as { outcome: string }).outcome : r))).toEqual([
      'employed-full-time',
      'employed-part-time',
      'wage-subsidy',
      'internship',
      'education',
      'unemployed',
      'unknown',
      'employed-full-time',
    ]);
  });

  it('leaves what is neither a Danish word nor a Danish date for the schema to refuse, naming the field', () => {
    expect(isoDate('31-13-2028')).toBe('2028-13-31');
    expect(isoDate('i går')).toBe('i går');
    const rows = batchRows({ kind: 'csv', text: 'reference;resultat\nKK-1;måske\n' }, { key: 'results', columns: EXAM_COLUMNS, maxRows: 10 });
    expect(rows).toEqual([{ line: 2, value: { reference: 'KK-1', result: 'måske' } }]);
  });

  it('reads participants with Danish column names and language', () => {
    const csv = '\ufeffSagsnummer;Navn;E-mail;Fødselsår;Målgruppe;Sprog\r\nKK-1;Anna;anna@example.test;1965;ledige-50-plus;engelsk\r\n';
    expect(parseParticipantsCsv(csv, 10)).toEqual([
      { line: 2, value: { reference: 'KK-1', name: 'Anna', email: 'anna@example.test', birthYear: 1965, targetGroup: 'ledige-50-plus', language: 'en' } },
    ]);
  });
});
