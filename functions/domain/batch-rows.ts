import * as z from 'zod';
import { findCprPaths } from './cpr.js';
import { CprRefusedError, ValidationError } from './errors.js';
import { parseCsv, type Columns, type CsvRow } from './csv.js';
import { danishCell } from './danish-cells.js';
import { toFieldIssues } from './validation.js';

// A batch request of rows, as JSON ({ "<key>": [...] }) or CSV, turned into
// one entry per row with where it came from, for a per-row report. A batch
// with a CPR number anywhere is refused whole, before anything is applied.

export type BatchRow = { index: number; value: unknown } | CsvRow;
/** The most rows one attendance list (a status change a row) may carry: any cohort in the seeds, well inside an API call. */
export const MAX_STATUS_ROWS = 1000;

export type BatchRequest = { kind: 'json'; body: unknown } | { kind: 'csv'; text: string };

/** Where a row came from, for its report entry and its messages. */
export const rowWhere = (row: BatchRow) => ('line' in row ? { line: row.line } : { index: row.index });

export const batchRows = (request: BatchRequest, opts: { key: string; columns: Columns; maxRows: number }): BatchRow[] => {
  let rows: BatchRow[];
  if (request.kind === 'csv') {
    // A spreadsheet's Danish words and dates become the API's codes, as if typed in English.
    rows = parseCsv(request.text, opts.columns, opts.maxRows, danishCell);
  } else {
    const schema = z.object({ [opts.key]: z.array(z.unknown()).min(1, 'must not be empty').max(opts.maxRows) }).strict();
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
    rows = (parsed.data[opts.key] as unknown[]).map((value, index) => ({ index, value }));
  }
  const cpr = rows.flatMap((row) =>
    'value' in row ? findCprPaths(row.value).map((field) => ('line' in row ? `line ${row.line}, ${field}` : `${opts.key}.${row.index}.${field}`)) : [],
  );
  if (cpr.length > 0) throw new CprRefusedError(cpr);
  return rows;
};
