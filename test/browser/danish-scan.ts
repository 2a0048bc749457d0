import { dictionaries } from '../../web/src/i18n.js';

// What must never show on the Danish page, for the browser tests that walk it.

/**
 * Every phrase of the English table that differs from its Danish twin (the
 * literal parts around its placeholders, 10 characters or more).
 */
export const englishPhrases = [
  ...new Set(
    (Object.keys(dictionaries.en) as (keyof typeof dictionaries.en)[])
      .filter((k) => dictionaries.en[k] !== dictionaries.da[k])
      .flatMap((k) => dictionaries.en[k].split(/\{[^}]*\}/).map((f) => f.trim()))
      .filter((f) => f.length >= 10 && !Object.values(dictionaries.da).some((d) => d.includes(f))),
  ),
];

/** Every code with a dot or dash the page translates (`pilot.resumed`, `employed-full-time`, `no-show`). */
export const rawCodes = [
  ...new Set(
    Object.keys(dictionaries.da)
      .filter((k) => /^(status|phase|pstatus|outcome|exam|rec|risk|wait|row|dropout|answer|itype|istatus|audit|issue|reason|metric|mail|funnel)\./.test(k))
      .map((k) => k.slice(k.indexOf('.') + 1))
      .filter((code) => /[-._]/.test(code)),
  ),
];

/** The English phrases and raw codes in a text read from the Danish page, each named with `where`. */
export const notDanish = (where: string, body: string): string[] => [
  ...englishPhrases.filter((phrase) => body.includes(phrase)).map((phrase) => `${where}: "${phrase}"`),
  ...rawCodes.filter((code) => new RegExp(`(^|[^\\w.-])${code.replace(/[.]/g, '\\.')}($|[^\\w-])`).test(body)).map((code) => `${where}: code ${code}`),
];
