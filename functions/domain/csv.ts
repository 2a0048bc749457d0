import { parse, CsvError } from 'csv-parse/sync';
import { ValidationError } from './errors.js';

// Reading a CSV whose header row names its columns, for every upload that
// takes one (participants, exam results, follow-up): Danish Excel writes
// semicolons and a UTF-8 byte-order mark, others write commas, and the
// columns come in any order under any of their accepted names.

/** Each column's accepted header names, lower-case without spaces or underscores. */
export type Columns = Record<string, readonly string[]>;

const columnFor = (columns: Columns, header: string): string | undefined => {
  const h = header.trim().toLowerCase().replace(/[\s_]/g, '');
  return Object.keys(columns).find((c) => columns[c]!.includes(h));
};

export type CsvRow = { line: number; value: Record<string, unknown> } | { line: number; error: string };

/**
 * Parses a CSV into one entry per data row, each with the line it begins on.
 * A row that cannot be read (wrong number of fields) becomes an error entry
 * for the batch report; a file that cannot be read at all (no header, unknown
 * column, unclosed quote) is a ValidationError. Messages never quote cell
 * contents, which might hold personal data.
 */
export const parseCsv = (
  text: string,
  columnNames: Columns,
  maxRows: number,
  cellValue: (column: string, cell: string) => unknown = (_, cell) => cell,
): CsvRow[] => {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';

  let records: { record: string[]; info: { bytes: number } }[];
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
    const code = error instanceof CsvError ? error.code : 'unreadable';
    // csv-parse reports where it gave up (for an unclosed quote, the end of the file); name where the quote opened.
    const line =
      code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    throw new ValidationError([{ path: line ? `line ${line}` : '(body)', message: csvProblem(code), code: csvProblemCode(code) }]);
  }
  const lineOf = startLines(text, records);

  const [header, ...rows] = records;
  if (!header) throw new ValidationError([{ path: '(body)', message: 'the CSV is empty; the first line must name the columns', code: 'csv_empty' }]);

  const columns = header.record.map((h, i) => {
    const column = columnFor(columnNames, h);
    if (!column) {
      throw new ValidationError([
        {
          path: `line 1, column ${i + 1}`,
          message: `unknown column; the columns are ${Object.keys(columnNames).join(', ')}`,
          code: 'csv_unknown_column',
          values: Object.keys(columnNames),
        },
      ]);
    }
    return column;
  });
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate) throw new ValidationError([{ path: 'line 1', message: `column ${duplicate} appears twice`, code: 'csv_duplicate_column', column: duplicate }]);
  if (rows.length > maxRows) {
    throw new ValidationError([{ path: '(body)', message: `has ${rows.length} rows; at most ${maxRows} in one request`, code: 'too_many_rows', max: maxRows }]);
  }

  return rows.map(({ record }, i): CsvRow => {
    const line = lineOf[i + 1]!;
    if (record.length !== columns.length) {
      return { line, error: `has ${record.length} fields, the header has ${columns.length}` };
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record[i] ?? '';
      if (cell !== '') value[column] = cellValue(column, cell);
    });
    return { line, value };
  });
};

/**
 * The line each record begins on. csv-parse's own line count gives where a
 * record ends, and counts a CRLF inside quotes twice; so count from the
 * bytes instead: a record begins after the previous one's last byte and any
 * empty lines.
 */
const startLines = (text: string, records: { info: { bytes: number } }[]): number[] => {
  const bytes = Buffer.from(text, 'utf8');
  const lines: number[] = [];
  let offset = 0;
  let line = 1;
  for (const { info } of records) {
    while (offset < bytes.length && (bytes[offset] === 0x0a || bytes[offset] === 0x0d || (offset === 0 && bytes[0] === 0xef))) {
      if (offset === 0 && bytes[0] === 0xef) {
        offset += 3; // the byte-order mark
        continue;
      }
      if (bytes[offset] === 0x0a) line++;
      offset++;
    }
    lines.push(line);
    for (; offset < info.bytes && offset < bytes.length; offset++) if (bytes[offset] === 0x0a) line++;
  }
  return lines;
};

/** The line on which the quote that is never closed opens (a doubled quote inside quotes toggles twice). */
const unclosedQuoteLine = (text: string): number | undefined => {
  let line = 1;
  let openedOn: number | undefined;
  for (const ch of text) {
    if (ch === '\n') line++;
    else if (ch === '"') openedOn = openedOn === undefined ? line : undefined;
  }
  return openedOn;
};

const count = (s: string, ch: string) => s.split(ch).length - 1;

const csvProblem = (code: string): string =>
  ({
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'a quote is followed by something other than a separator',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quote is followed by something other than a separator',
  })[code] ?? 'is not readable as CSV';

/** The stable code of a CSV that cannot be read, for a page to say in its reader's language. */
const csvProblemCode = (code: string): string =>
  code === 'CSV_QUOTE_NOT_CLOSED'
    ? 'csv_quote_not_closed'
    : code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
      ? 'csv_stray_quote'
      : 'csv_unreadable';
