// Writes docs/openapi.json: the API as OpenAPI 3.1, generated from the route
// contracts (functions/contracts) of the routes table, the same document
// GET /openapi.json answers. Run: npm run openapi. test/unit/api-contract.test.ts
// fails while the checked-in file differs from what this writes.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_ROUTES } from '../functions/api/routes.js';
import { openApiDocument } from '../functions/contracts/openapi.js';

export const OPENAPI_FILE = resolve(import.meta.dirname, '..', 'docs', 'openapi.json');

/** The document as checked in: two-space JSON with a final newline. */
export const openApiText = () => `${JSON.stringify(openApiDocument(API_ROUTES), null, 2)}\n`;

if (process.argv[1] === import.meta.filename) {
  writeFileSync(OPENAPI_FILE, openApiText());
  console.log(`wrote ${OPENAPI_FILE}`);
}
