import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEM_TYPES } from '../../functions/store/table.js';

// docs/PRIVACY.md is the record of processing a data protection officer reads.
// It stays true to what the product stores: every kind of item the code writes
// (its `entity`) is in ITEM_TYPES, and each has exactly one row in the record's
// table of items, and the record names no item the code does not write.

const ROOT = new URL('../../', import.meta.url).pathname;

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

/** Every `entity` value a module of the product writes: `entity: 'x'` in an item, or `':entity': 'x'` in an update. */
const entitiesInCode = () =>
  new Set(
    sources('functions')
      .filter((file) => !file.startsWith('functions/adapters/local/'))
      .flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:\bentity: |':entity': )'([a-z-]+)'/g)].map((m) => m[1]!)),
  );

/** The first cells of the table under "What is stored, item by item". */
const itemsInRecord = () => {
  const text = readFileSync(join(ROOT, 'docs/PRIVACY.md'), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('What is stored, item by item'));
  expect(section, 'docs/PRIVACY.md has the section "What is stored, item by item"').toBeDefined();
  return [...section!.matchAll(/^\| `([a-z-]+)` \|(.*)\|(.*)\|\s*$/gm)].map((m) => ({ entity: m[1]!, holds: m[2]!.trim(), kept: m[3]!.trim() }));
};

describe('the record of processing (docs/PRIVACY.md)', () => {
  it('ITEM_TYPES lists every kind of item the code writes, and nothing else', () => {
    expect([...entitiesInCode()].sort()).toEqual([...ITEM_TYPES].sort());
  });

  it('has one row for each item type, saying what personal data it holds and how long it is kept', () => {
    const rows = itemsInRecord();
    expect(rows.map((r) => r.entity)).toEqual([...ITEM_TYPES]);
    for (const row of rows) {
      expect(row.holds, row.entity).not.toBe('');
      expect(row.kept, row.entity).not.toBe('');
    }
  });

  it('says who sees personal data, what companies and management receive, and the citizen’s rights by their routes', () => {
    const text = readFileSync(join(ROOT, 'docs/PRIVACY.md'), 'utf8');
    for (const fact of [
      "candidates' display names",
      'counts only',
      'figures only',
      'admins',
      'POST /subject-access',
      'DELETE /pilots/{id}/participants/{pid}',
      'GET /pilots/{id}/access-log',
      'customer-managed KMS key',
      'No CPR number',
    ]) {
      expect(text, fact).toContain(fact);
    }
  });
});
