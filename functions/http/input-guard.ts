import { parse as parseCsvRecords } from 'csv-parse/sync';
import { containsCpr, numberContainsCpr } from '../domain/cpr.js';
import { CprRefusedError, PayloadTooLargeError, ValidationError, type FieldIssue } from '../domain/errors.js';
import { MAX_BODY_BYTES, mediaTypeOf } from './body.js';
import type { ApiEvent } from './types.js';

// The one guard every request passes before any handler runs (apiHandler and
// signedHandler use it as middleware, so a route added later cannot forget
// it). It reads every text the sender controls: the path parameters, the
// query, the webhook-id header (it becomes part of a key) and the body, as
// JSON at any depth, CSV cells and headers, form fields or lines of text. It
// refuses, with a 4xx that names the field and never its value:
//   - a CPR number anywhere (400 cpr_refused);
//   - input past the limits below, or text that is not well-formed Unicode
//     (400 validation_failed), a body over MAX_BODY_BYTES (413).
// The limits are far above any valid request and only bound the work: the
// schemas behind them keep their own, smaller limits and messages.

/** JSON nested deeper than this is refused before it is parsed. */
export const MAX_DEPTH = 32;
/** The longest string (in UTF-16 units) in a JSON body, a query value or a path parameter. */
export const MAX_STRING = 10_000;
/** The most items in one JSON array (the largest batch, a voucher load, is 2,000). */
export const MAX_ARRAY = 10_000;
/** The most fields in one JSON object. */
export const MAX_KEYS = 1_000;
/** The longest path parameter (a link token is about 200 characters). */
export const MAX_PATH_PARAM = 1_024;
/** Standard Webhooks: a webhook-id is printable ASCII, at most 256 characters. */
export const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

const tooLong = (max: number) => `is longer than ${max} characters`;

/** With the u flag a surrogate matches only when unpaired: one that no UTF-8 can encode, and DynamoDB's tools cannot print. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
export const isWellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);

/** A field's name for a path, or a stand-in when the name itself is not fit to be shown back. */
const shown = (name: string, stand: string) => (name.length <= 64 && isWellFormed(name) && !containsCpr(name) ? name : stand);
const NOT_UNICODE = 'is not well-formed Unicode (a lone surrogate)';

/** Throws the 4xx for the first problem found in the request, or returns when it may go on. */
export const guardRequest = (event: ApiEvent): void => {
  const cpr: string[] = [];
  const issues: FieldIssue[] = [];
  const text = (value: string, path: string, max = MAX_STRING) => {
    if (!isWellFormed(value)) issues.push({ path, message: NOT_UNICODE, code: 'not_unicode' });
    else if (value.length > max) issues.push({ path, message: tooLong(max), code: 'too_big', max, format: 'string' });
    else if (containsCpr(value)) cpr.push(path);
  };

  for (const [name, value] of Object.entries(event.pathParameters ?? {})) text(value ?? '', name, MAX_PATH_PARAM);
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    const field = `query.${shown(name, '(name)')}`;
    text(name, field, 64);
    text(value ?? '', field);
  }
  const webhookId = event.headers?.['webhook-id'];
  if (webhookId !== undefined) {
    if (!WEBHOOK_ID.test(webhookId)) {
      issues.push({ path: 'webhook-id', message: 'must be 1-256 printable ASCII characters (Standard Webhooks)', code: 'webhook_id_format' });
    } else if (containsCpr(webhookId)) cpr.push('webhook-id');
  }
  if (issues.length === 0) guardBody(event, text, cpr, issues);

  if (issues.length > 0) throw new ValidationError(issues);
  if (cpr.length > 0) throw new CprRefusedError(cpr);
};

type TextCheck = (value: string, path: string, max?: number) => void;

const guardBody = (event: ApiEvent, text: TextCheck, cpr: string[], issues: FieldIssue[]) => {
  if (event.body === undefined || event.body === null || event.body === '') return;
  if (!event.isBase64Encoded && !isWellFormed(event.body)) {
    issues.push({ path: '(body)', message: NOT_UNICODE, code: 'not_unicode' });
    return;
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the body is ${bytes.byteLength} bytes; at most ${MAX_BODY_BYTES} (512 KiB) are accepted`);
  }
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    issues.push({ path: '(body)', message: 'is not well-formed UTF-8', code: 'not_utf8' });
    return;
  }
  const mediaType = mediaTypeOf(event);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) guardJson(body, text, cpr, issues);
  else if (mediaType === 'text/csv' || mediaType === 'application/csv') guardCsv(body, text);
  else if (mediaType === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(body)) {
      const field = shown(name, '(name)');
      text(name, field, 64);
      text(value, field);
    }
  } else guardLines(body, text);
};

/**
 * JSON: the depth is counted on the text, before it is parsed; then every
 * string, key and number is read with an explicit stack (no recursion).
 * `\ud800` escapes parse to lone surrogates, which the text check refuses.
 */
const guardJson = (body: string, text: TextCheck, cpr: string[], issues: FieldIssue[]) => {
  if (jsonDepth(body) > MAX_DEPTH) {
    issues.push({ path: '(body)', message: `is nested more than ${MAX_DEPTH} levels deep`, code: 'too_deep', max: MAX_DEPTH });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // The handler answers malformed JSON (or refuses the media type) itself; look at the text as lines.
    guardLines(body, text);
    return;
  }
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: here, path } = stack.pop()!;
    const name = path.join('.') || '(body)';
    if (typeof here === 'string') text(here, name);
    else if (typeof here === 'number') {
      if (numberContainsCpr(here)) cpr.push(name);
    } else if (Array.isArray(here)) {
      if (here.length > MAX_ARRAY) issues.push({ path: name, message: `has more than ${MAX_ARRAY} items`, code: 'too_big', max: MAX_ARRAY, format: 'array' });
      else for (let i = here.length - 1; i >= 0; i--) stack.push({ value: here[i], path: [...path, String(i)] });
    } else if (here !== null && typeof here === 'object') {
      const entries = Object.entries(here);
      if (entries.length > MAX_KEYS) issues.push({ path: name, message: `has more than ${MAX_KEYS} fields`, code: 'too_many_fields', max: MAX_KEYS });
      else {
        for (let i = entries.length - 1; i >= 0; i--) {
          const [key, item] = entries[i]!;
          const field = shown(key, '(key)');
          if (field === '(key)') text(key, [...path, field].join('.'), MAX_STRING);
          stack.push({ value: item, path: [...path, field] });
        }
      }
    }
  }
};

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), counted without parsing. */
export const jsonDepth = (body: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
};

/**
 * CSV: every cell, the header's included, named `line N, <column>` as the
 * enrolment report names them. A file csv-parse cannot read is looked at
 * line by line instead (the handler then says what is wrong with it).
 */
const guardCsv = (body: string, text: TextCheck) => {
  const firstLine = body.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsvRecords(body, { bom: true, delimiter, relax_column_count: true, info: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch {
    guardLines(body, text);
    return;
  }
  const header = records[0]?.record ?? [];
  const columnName = (i: number) => {
    const h = (header[i] ?? '').trim();
    return h !== '' ? shown(h, `column ${i + 1}`) : `column ${i + 1}`;
  };
  let line = 1;
  records.forEach(({ record, info }, r) => {
    // info.lines is where the record ends; a cell spread over lines is named by its last line.
    line = info.lines ?? line;
    record.forEach((cell, i) => text(cell, r === 0 ? `line ${line}, column ${i + 1}` : `line ${line}, ${columnName(i)}`, MAX_STRING));
  });
};

/** Any other text: line by line. */
const guardLines = (body: string, text: TextCheck) => {
  body.split(/\r?\n/).forEach((line, i) => text(line, `line ${i + 1}`, MAX_BODY_BYTES));
};
