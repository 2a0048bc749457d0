import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFLICT_REASONS } from '../../functions/domain/errors.js';
import { ApiError } from '../../web/src/api.js';
import { dictionaries, setLanguage, type Language } from '../../web/src/i18n.js';
import { conflictMessage, issueMessage } from '../../web/src/ui.js';

// The page says every refusal the API can give in Danish and in English:
// each 409's reason, and each field issue's code, hand-written ones included.

// setLanguage remembers the choice in the browser; here there is none.
Object.assign(globalThis, {
  localStorage: { getItem: () => null, setItem: () => undefined },
  document: { documentElement: {}, title: '' },
});
afterEach(() => setLanguage('da'));

const sayIn = <T>(language: Language, say: () => T): T => {
  setLanguage(language);
  return say();
};

/** The facts a 409 of each reason carries (as the API sends them). */
const FACTS: Record<string, Record<string, unknown>> = {
  'not-running': { status: 'paused' },
  'not-paused': { status: 'running' },
  'not-recruiting': { status: 'closed' },
  'date-in-past': { date: '2020-01-01', today: '2020-02-01' },
  'transition-not-allowed': { from: 'completed', to: 'started', allowed: [] },
  'override-window-closed': { until: '2021-03-15T08:00:00.000Z' },
  'no-exam': { ending: 'diploma' },
  'below-confirmed': { confirmedSlots: 4 },
  'over-company-cap': { maxSlots: 6, slotsLeft: 10, mostYouCanConfirm: 6 },
  'event-full': { slotsLeft: 2, mostYouCanConfirm: 2 },
  'team-full': { max: 20 },
  'cvr-registered': { companyId: '7a3c2f9e-5d1b-4c8a-9e2f-1b3d5c7a9e0f' },
};

const generic = (language: Language) => (language === 'da' ? dictionaries.da['error.conflictDa'] : '');

describe("the page's words for the API's refusals", () => {
  it.each(CONFLICT_REASONS)('says the 409 %s in Danish and in English, with its facts', (reason) => {
    const error = new ApiError(409, 'conflict', 'an English sentence for developers', [], { reason, ...FACTS[reason] });
    const da = sayIn('da', () => conflictMessage(error));
    const en = sayIn('en', () => conflictMessage(error));
    for (const [language, text] of [
      ['da', da],
      ['en', en],
    ] as const) {
      expect(text, language).not.toBe(generic(language));
      expect(text, language).not.toMatch(/[{}]|an English sentence/);
      expect(text, language).not.toContain(reason);
    }
    expect(da).not.toBe(en);
  });

  it("says a closed recruitment with its last day, and the facts in the reader's words", () => {
    const closed = new ApiError(409, 'conflict', 'x', [], { reason: 'not-recruiting', closedOn: '2020-02-14' });
    expect(sayIn('da', () => conflictMessage(closed))).toBe('Rekrutteringen er lukket; sidste dag var 14. feb. 2020.');
    const moved = new ApiError(409, 'conflict', 'x', [], { reason: 'transition-not-allowed', from: 'completed', to: 'started' });
    expect(sayIn('da', () => conflictMessage(moved))).toBe('Status kan ikke skifte fra "Gennemført" til "Startet".');
    expect(sayIn('en', () => conflictMessage(moved))).toBe('The status cannot change from "Completed" to "Started".');
  });

  it('says every issue code the API writes by hand in both languages', () => {
    // The codes the functions write themselves (zod's own are said by their kind: too_big, invalid_format, ...).
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const written = new Set(
      sources(resolve(import.meta.dirname, '../../functions'))
        .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bcode: '([a-z_]+)'(?=\s*[,}])/g)].map((m) => m[1]!))
        .filter((code) => !['custom', 'invalid', 'path_parameter_required'].includes(code)),
    );
    for (const code of ['csv_quote_not_closed', 'csv_stray_quote', 'csv_unreadable']) written.add(code);
    expect(written.size).toBeGreaterThan(40);
    for (const code of written) {
      const issue = { path: 'field', message: 'an English sentence for developers', code, max: 5, min: 1, values: ['reference', 'name'], column: 'reference' };
      for (const language of ['da', 'en'] as const) {
        const text = sayIn(language, () => issueMessage(issue));
        expect(text, `${code} (${language})`).not.toMatch(/[{}]|an English sentence/);
        expect(text, `${code} (${language})`).not.toBe(dictionaries[language]['issue.invalid']);
        // No raw code: never the code itself, and no snake_case code inside the sentence.
        expect(text, `${code} (${language})`).not.toBe(code);
        expect(text, `${code} (${language})`).not.toMatch(/[a-z]+_[a-z]+/);
      }
    }
  });

  it('says a number that must be whole as such (zod reports it as the type int: a count of people, of codes)', () => {
    const issue = { path: 'comparison.n', message: 'Invalid input: expected int, received number', code: 'invalid_type', expected: 'int' };
    expect(sayIn('da', () => issueMessage(issue))).toBe('skal være et helt tal');
    expect(sayIn('en', () => issueMessage(issue))).toBe('must be a whole number');
    expect(sayIn('da', () => issueMessage({ ...issue, expected: 'number' }))).toBe('skal være et tal');
  });
});
