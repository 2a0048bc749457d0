import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors.js';
import { parseParticipantsCsv } from '../../functions/domain/participants-csv.js';

/** The ValidationError `fn` throws; fails the test when it throws nothing or something else. */
const validationErrorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
};

const BOM = '\ufeff';

describe('parseParticipantsCsv: reading files', () => {
  it('reads a comma-separated file into one value per row, keyed by the documented column names', () => {
    // Prepare
    const csv = [
      'reference,name,email,birthYear,targetGroup,language',
      'KK-2020-0042,Anna Hansen,anna@example.dk,1985,job-ready-academics,da',
      'KK-2020-0043,Bo Jensen,bo@example.dk,1979,job-ready-academics,en',
    ].join('\n');

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([
      {
        line: 2,
        value: {
          reference: 'KK-2020-0042',
          name: 'Anna Hansen',
          email: 'anna@example.dk',
          birthYear: 1985,
          targetGroup: 'job-ready-academics',
          language: 'da',
        },
      },
      {
        line: 3,
        value: {
          reference: 'KK-2020-0043',
          name: 'Bo Jensen',
          email: 'bo@example.dk',
          birthYear: 1979,
          targetGroup: 'job-ready-academics',
          language: 'en',
        },
      },
    ]);
  });

  it('reads a semicolon file as Danish Excel writes it: byte-order mark, CRLF line ends, Danish headers', () => {
    // Prepare
    const csv =
      BOM +
      ['Sagsnummer;Navn;Målgruppe;Fødselsår;Sprog', 'KK-1;Søren Ørsted, jr.;unemployed-50-plus;1965;da', 'KK-2;Åse Æbelø;unemployed-50-plus;1962;en', ''].join(
        '\r\n',
      );

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess: the BOM does not stick to the first header, the comma in a name does not split it, no "\r" is left on the last cell
    expect(rows).toEqual([
      { line: 2, value: { reference: 'KK-1', name: 'Søren Ørsted, jr.', targetGroup: 'unemployed-50-plus', birthYear: 1965, language: 'da' } },
      { line: 3, value: { reference: 'KK-2', name: 'Åse Æbelø', targetGroup: 'unemployed-50-plus', birthYear: 1962, language: 'en' } },
    ]);
  });

  it('matches header names in any order and any case, ignoring spaces and underscores', () => {
    // Prepare
    const csv = 'TARGET_GROUP,Birth Year,Name,REF\nactivity-ready,1988,Carl Nielsen,KK-7\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([{ line: 2, value: { targetGroup: 'activity-ready', birthYear: 1988, name: 'Carl Nielsen', reference: 'KK-7' } }]);
  });

  it.each([
    ['sagsreference', 'reference', 'KK-9'],
    ['navn', 'name', 'Dorte'],
    ['e-mail', 'email', 'dorte@example.dk'],
    ['mail', 'email', 'dorte@example.dk'],
    ['fødselsår', 'birthYear', 1970],
    ['foedselsaar', 'birthYear', 1970],
    ['aldersgruppe', 'ageBand', '50+'],
    ['målgruppe', 'targetGroup', 'unskilled'],
    ['maalgruppe', 'targetGroup', 'unskilled'],
    ['sprog', 'language', 'en'],
  ])('reads the Danish header "%s" as the column %s', (header, column, expected) => {
    // Prepare
    const csv = `${header}\n${String(expected)}\n`;

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([{ line: 2, value: { [column]: expected } }]);
  });

  it('turns a birthYear of digits into a number and leaves any other birthYear as text for validation to refuse', () => {
    // Prepare
    const csv = 'reference,birthYear\nKK-1,1985\nKK-2,198x\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([
      { line: 2, value: { reference: 'KK-1', birthYear: 1985 } },
      { line: 3, value: { reference: 'KK-2', birthYear: '198x' } },
    ]);
  });

  it('omits empty cells, including cells of only spaces, instead of sending empty strings', () => {
    // Prepare
    const csv = 'reference;name;email;birthYear;ageBand;targetGroup\nKK-1;Anna;;;50+;unemployed-50-plus\nKK-2;Bo;  ;1970;;unskilled\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([
      { line: 2, value: { reference: 'KK-1', name: 'Anna', ageBand: '50+', targetGroup: 'unemployed-50-plus' } },
      { line: 3, value: { reference: 'KK-2', name: 'Bo', birthYear: 1970, targetGroup: 'unskilled' } },
    ]);
  });

  it('returns no rows for a file that has only its header', () => {
    // Act
    const rows = parseParticipantsCsv('reference,name,targetGroup\r\n', 100);

    // Assess
    expect(rows).toEqual([]);
  });
});

describe('parseParticipantsCsv: screening columns', () => {
  it('combines the screening and riskMarkers columns into one screening object', () => {
    // Prepare
    const csv = 'reference,screening,riskMarkers\nKK-1,needs-basic-skills,cognitive|weak-danish\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([{ line: 2, value: { reference: 'KK-1', screening: { result: 'needs-basic-skills', riskMarkers: ['cognitive', 'weak-danish'] } } }]);
  });

  it('splits the risk markers of one cell on "|" or spaces, in any mix', () => {
    // Prepare
    const csv = 'reference;risikomarkører\nKK-1;reading-writing|no-pc-access\nKK-2;cognitive  weak-danish | obs-note\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([
      { line: 2, value: { reference: 'KK-1', screening: { riskMarkers: ['reading-writing', 'no-pc-access'] } } },
      { line: 3, value: { reference: 'KK-2', screening: { riskMarkers: ['cognitive', 'weak-danish', 'obs-note'] } } },
    ]);
  });

  it('makes a screening of the result alone when no markers are given, and none when both cells are empty', () => {
    // Prepare
    const csv = 'reference,screening,riskMarkers\nKK-1,ready,\nKK-2,,\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([
      { line: 2, value: { reference: 'KK-1', screening: { result: 'ready' } } },
      { line: 3, value: { reference: 'KK-2' } },
    ]);
  });
});

describe('parseParticipantsCsv: rows that cannot be read and line numbers', () => {
  it('reports a row with the wrong number of fields as an error entry with its line number, keeping the other rows', () => {
    // Prepare
    const csv = 'reference,name,targetGroup\nKK-1,Anna,unskilled\nKK-2,Zebulon-Distinctive,unskilled,extra\nKK-3\nKK-4,Dorte,unskilled\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows).toEqual([
      { line: 2, value: { reference: 'KK-1', name: 'Anna', targetGroup: 'unskilled' } },
      { line: 3, error: 'has 4 fields, the header has 3' },
      { line: 4, error: 'has 1 fields, the header has 3' },
      { line: 5, value: { reference: 'KK-4', name: 'Dorte', targetGroup: 'unskilled' } },
    ]);
    expect(JSON.stringify(rows.filter((r) => 'error' in r))).not.toContain('Zebulon');
  });

  it('counts the header as line 1 and skips blank lines without renumbering the rows after them', () => {
    // Prepare
    const csv = 'reference,name\n\nKK-1,Anna\n\n\nKK-2,Bo\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows.map((r) => r.line)).toEqual([3, 6]);
  });

  it('keeps the line numbers of later rows right after a quoted field that spans lines', () => {
    // Prepare: KK-1's name spans lines 2-4, KK-2 is on line 5 and KK-3 (a field short) on line 6
    const csv = 'reference,name,targetGroup\nKK-1,"Anna\nMaria\nHansen",unskilled\nKK-2,Bo,unskilled\nKK-3,Cy\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows[0]).toMatchObject({ value: { reference: 'KK-1', name: 'Anna\nMaria\nHansen' } });
    expect(rows.slice(1)).toEqual([
      { line: 5, value: { reference: 'KK-2', name: 'Bo', targetGroup: 'unskilled' } },
      { line: 6, error: 'has 2 fields, the header has 3' },
    ]);
  });

  it("keeps line numbers right in a CRLF file whose quoted field holds a bare LF line break (Excel's Alt+Enter)", () => {
    // Prepare: KK-1's name spans lines 2-3, KK-2 is on line 4, KK-3 on line 5
    const csv = 'reference;name;targetGroup\r\nKK-1;"Anna\nHansen";unskilled\r\nKK-2;Bo;unskilled\r\nKK-3;Cy\r\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows.slice(1).map((r) => r.line)).toEqual([4, 5]);
  });

  // Regression: csv-parse's `info.lines` is the line a record ENDS on; a row spanning lines 2-4 was reported as line 4.
  it('numbers a row whose quoted field spans lines by the line it begins on', () => {
    // Prepare
    const csv = 'reference,name,targetGroup\nKK-1,"Anna\nMaria\nHansen",unskilled,extra\nKK-2,Bo,unskilled\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows[0]).toEqual({ line: 2, error: 'has 4 fields, the header has 3' });
  });

  // Regression: csv-parse's `info.lines` counts a CRLF inside quotes twice, pushing every later row one line down.
  it('keeps line numbers right in a CRLF file whose quoted field holds a CRLF line break', () => {
    // Prepare: KK-1's name spans lines 2-3, KK-2 is on line 4, KK-3 on line 5
    const csv = 'reference;name;targetGroup\r\nKK-1;"Anna\r\nHansen";unskilled\r\nKK-2;Bo;unskilled\r\nKK-3;Cy\r\n';

    // Act
    const rows = parseParticipantsCsv(csv, 100);

    // Assess
    expect(rows.slice(1)).toEqual([
      { line: 4, value: { reference: 'KK-2', name: 'Bo', targetGroup: 'unskilled' } },
      { line: 5, error: 'has 2 fields, the header has 3' },
    ]);
  });
});

describe('parseParticipantsCsv: files that cannot be read at all', () => {
  it('refuses an unknown column, naming its line and column but not its header text', () => {
    // Act
    const error = validationErrorOf(() => parseParticipantsCsv('reference,name,Kierkegaard-Notes\nKK-1,Anna,x\n', 100));

    // Assess
    expect(error.issues).toEqual([
      {
        path: 'line 1, column 3',
        message: expect.stringContaining('unknown column'),
        code: 'csv_unknown_column',
        values: expect.arrayContaining(['reference', 'name', 'email']),
      },
    ]);
    expect(error.issues?.[0]?.message).toContain('reference, name, email');
    expect(error.message).not.toContain('Kierkegaard');
  });

  it('refuses a column given twice, even under two of its names', () => {
    // Act
    const error = validationErrorOf(() => parseParticipantsCsv('ref;navn;Reference\nKK-1;Anna;KK-1\n', 100));

    // Assess
    expect(error.issues).toEqual([{ path: 'line 1', message: 'column reference appears twice', code: 'csv_duplicate_column', column: 'reference' }]);
  });

  it.each([
    ['an empty file', ''],
    ['a byte-order mark alone', BOM],
    ['blank lines alone', '\r\n\r\n'],
  ])('refuses %s, asking for a header line', (_, csv) => {
    // Act
    const error = validationErrorOf(() => parseParticipantsCsv(csv, 100));

    // Assess
    expect(error.issues).toEqual([{ path: '(body)', message: expect.stringContaining('first line must name the columns'), code: 'csv_empty' }]);
  });

  it('refuses a quoted field that is never closed, naming a line and not the cell', () => {
    // Prepare
    const csv = 'reference,name,targetGroup\nKK-1,Anna,unskilled\nKK-2,"Zebulon Distinctive,unskilled\nKK-3,Cy,unskilled\n';

    // Act
    const error = validationErrorOf(() => parseParticipantsCsv(csv, 100));

    // Assess
    expect(error.issues).toEqual([{ path: expect.stringMatching(/^line \d+$/), message: 'a quoted field is never closed', code: 'csv_quote_not_closed' }]);
    expect(error.message).not.toContain('Zebulon');
  });

  // Regression: for an unclosed quote csv-parse names the end of the file, far from the mistake in a long file.
  it('names the line where a never-closed quote opens', () => {
    // Prepare
    const csv = 'reference,name,targetGroup\nKK-1,Anna,unskilled\nKK-2,"Zebulon Distinctive,unskilled\nKK-3,Cy,unskilled\n';

    // Act
    const error = validationErrorOf(() => parseParticipantsCsv(csv, 100));

    // Assess
    expect(error.issues).toEqual([{ path: 'line 3', message: 'a quoted field is never closed', code: 'csv_quote_not_closed' }]);
  });

  it('refuses a closing quote followed by text, naming its line and not the cell', () => {
    // Act
    const error = validationErrorOf(() => parseParticipantsCsv('reference,name\nKK-1,"Anna" Zebulon-Distinctive\n', 100));

    // Assess
    expect(error.issues).toEqual([{ path: 'line 2', message: 'a quote is followed by something other than a separator', code: 'csv_stray_quote' }]);
    expect(error.message).not.toContain('Zebulon');
  });

  it('refuses more rows than allowed in one request, counting unreadable rows too', () => {
    // Prepare
    const csv = 'reference,name\nKK-1,Anna\nKK-2\nKK-3,Cy\n';

    // Act
    const error = validationErrorOf(() => parseParticipantsCsv(csv, 2));

    // Assess
    expect(error.issues).toEqual([{ path: '(body)', message: 'has 3 rows; at most 2 in one request', code: 'too_many_rows', max: 2 }]);
  });

  it('accepts exactly as many rows as allowed', () => {
    // Act
    const rows = parseParticipantsCsv('reference,name\nKK-1,Anna\nKK-2,Bo\n', 2);

    // Assess
    expect(rows).toHaveLength(2);
  });
});
