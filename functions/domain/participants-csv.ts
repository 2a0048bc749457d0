import { parse, CsvError } from 'csv-parse/sync';
import { ValidationError } from './errors.js';

// Participants arrive as the CSV consultants export from their spreadsheets.
// Danish Excel writes semicolons and a UTF-8 byte-order mark; others write
// commas. The header row names the columns, in any order, in English or
// Danish (the first name of each entry is the documented one):

const COLUMNS = {
  reference: ['reference', 'ref', 'sagsreference', 'sagsnummer'],
  name: ['name', 'navn'],
  email: ['email', 'e-mail', 'mail'],
  birthYear: ['birthyear', 'fødselsår', 'foedselsaar'],
  ageBand: ['ageband', 'aldersgruppe'],
  targetGroup: ['targetgroup', 'målgruppe', 'maalgruppe'],
  screening: ['screening'],
  riskMarkers: ['riskmarkers', 'risikomarkører', 'risikomarkoerer'],
  language: ['language', 'sprog'],
} as const;
type Column = keyof typeof COLUMNS;

export const CSV_COLUMNS = Object.keys(COLUMNS) as Column[];

const columnFor = (header: string): Column | undefined => {
  const h = header.trim().toLowerCase().replace(/[\s_]/g, '');
  return CSV_COLUMNS.find((c) => (COLUMNS[c] as readonly string[]).includes(h));
};

export type CsvRow = { line: number; value: Record<string, unknown> } | { line: number; error: string };

/**
 * Parses a participants CSV into one entry per data row, each with its line
 * number. A row that cannot be read as a participant (wrong number of
 * fields) becomes an error entry for the batch report; a file that cannot be
 * read at all (no header, unknown column, unclosed quote) is a ValidationError.
 * Messages never quote cell contents, which might hold personal data.
 */
export const parseParticipantsCsv = (text: string, maxRows: number): CsvRow[] => {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    const code = error instanceof CsvError ? error.code : 'unreadable';
    throw new ValidationError([{ path: line ? `line ${line}` : '(body)', message: csvProblem(code) }]);
  }

  const [header, ...rows] = records;
  if (!header) throw new ValidationError([{ path: '(body)', message: 'the CSV is empty; the first line must name the columns' }]);

  const columns = header.record.map((h, i) => {
    const column = columnFor(h);
    if (!column) {
      throw new ValidationError([
        { path: `line 1, column ${i + 1}`, message: `unknown column; the columns are ${CSV_COLUMNS.join(', ')}` },
      ]);
    }
    return column;
  });
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate) throw new ValidationError([{ path: 'line 1', message: `column ${duplicate} appears twice` }]);
  if (rows.length > maxRows) {
    throw new ValidationError([{ path: '(body)', message: `has ${rows.length} rows; at most ${maxRows} in one request` }]);
  }

  return rows.map(({ record, info }): CsvRow => {
    if (record.length !== columns.length) {
      return { line: info.lines, error: `has ${record.length} fields, the header has ${columns.length}` };
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record[i] ?? '';
      if (cell !== '') value[column] = cellValue(column, cell);
    });
    if (value.screening !== undefined || value.riskMarkers !== undefined) {
      value.screening = {
        ...(value.screening !== undefined ? { result: value.screening } : {}),
        ...(value.riskMarkers !== undefined ? { riskMarkers: value.riskMarkers } : {}),
      };
      delete value.riskMarkers;
    }
    return { line: info.lines, value };
  });
};

const cellValue = (column: Column, cell: string): unknown => {
  if (column === 'birthYear' && /^\d+$/.test(cell)) return Number(cell);
  // Several markers in one cell, separated by "|" or spaces.
  if (column === 'riskMarkers') return cell.split(/[|\s]+/).filter(Boolean);
  return cell;
};

const count = (s: string, ch: string) => s.split(ch).length - 1;

const csvProblem = (code: string): string =>
  ({
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'a quote is followed by something other than a separator',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quote is followed by something other than a separator',
  })[code] ?? 'is not readable as CSV';
