// Refusal of Danish CPR numbers (personal ID numbers, DDMMYY-XXXX).
//
// The product must never store one, so any input that contains something
// shaped like a CPR number is refused before it is stored or logged. We do
// not rely on the modulus-11 check: CPR numbers issued since 2007 need not
// satisfy it. Instead:
//   - the text is first brought to Unicode's compatibility form (NFKC), so a
//     full-width digit or dash, or a no-break space, is the character it
//     stands for;
//   - DD MM YY XXXX with a separator anywhere between the parts (a dash of
//     any kind, U+2011 included, a dot, a slash or spaces, as a person types
//     it: 040190-1234, 04.01.90-1234, 04 01 90 1234, 040190.1234) is refused
//     when DD and MM could be a day and a month: the separator makes the
//     intent plain, so we err on the side of refusing;
//   - ten digits in a row are refused when the first six form a real date
//     (DDMMYY in some century), so ordinary ten-digit numbers like
//     "1234567890" (month 34) pass.
// Digits that are part of a longer run of digits are not CPR-shaped, so
// phone numbers (+45 and 8 digits), CVR numbers (8 digits), dates written
// 2020-03-16 or 16.03.2020 and amounts pass.

/** Dashes a keyboard, a word processor or a phone may put between the parts (after NFKC). */
const DASHES = '\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63';
/** Between two parts: spaces, and at most one dash, dot or slash among them. */
const SEP = `[ \\t]{0,3}[${DASHES}./]?[ \\t]{0,3}`;
const SHAPED = new RegExp(`(?<!\\d)(\\d{2})(${SEP})(\\d{2})(${SEP})(\\d{2})(${SEP})(\\d{4})(?!\\d)`, 'g');

// The product's own ids (participants, pilots) are random UUIDs, and about one
// in a few thousand holds a CPR-shaped run ("ab310590-1234-…" reads as
// 310590-1234): refusing it would refuse the product's own reference to a
// participant in exam results or a follow-up (found by npm run bench, 9,000
// participants). A whole UUID is an id the product made, not personal data,
// wherever it stands in a text (a CSV line, a link).
const OWN_IDS = /(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/gi;

const daysInMonth = (month: number, twoDigitYear: number): number => {
  if (month === 2) {
    // 29 February exists for some century of every YY divisible by 4 (1900 is
    // not a leap year, but 2000 is), so YY % 4 === 0 allows the 29th.
    return twoDigitYear % 4 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

const isRealDate = (day: number, month: number, year: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(month, year);

const isPlausibleDayMonth = (day: number, month: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= 31;

/** True when `text` contains something shaped like a CPR number. */
export const containsCpr = (text: string): boolean => {
  const normal = text.normalize('NFKC').replace(OWN_IDS, ' ');
  for (const m of normal.matchAll(SHAPED)) {
    const [, dd, s1, mm, s2, yy, s3] = m as unknown as string[];
    const day = Number(dd);
    const month = Number(mm);
    const separated = `${s1}${s2}${s3}` !== '';
    if (separated ? isPlausibleDayMonth(day, month) : isRealDate(day, month, Number(yy))) return true;
  }
  return false;
};

/** A number sent as JSON loses a CPR number's leading zero: 0101901234 -> 101901234. */
export const numberContainsCpr = (value: number): boolean =>
  Number.isInteger(value) && value >= 0 && value < 1e10 && containsCpr(String(value).padStart(10, '0'));

/**
 * The paths (`participants.2.name`) of every string inside `value` that
 * contains something CPR-shaped. Object keys are checked too, since a CSV
 * header or a JSON key is input like any other. It walks with its own stack,
 * not by recursion, so no nesting depth can exhaust the call stack.
 */
export const findCprPaths = (value: unknown, path: string[] = []): string[] => {
  // Each entry names its parent rather than copying the path, so deep input costs linear work;
  // `key`: the entry is an object key to check, so paths come out in document order.
  interface Entry {
    value: unknown;
    segment?: string;
    parent?: Entry;
    key?: string;
  }
  const nameOf = (entry: Entry): string => {
    const segments: string[] = [];
    for (let e: Entry | undefined = entry; e; e = e.parent) if (e.segment !== undefined) segments.push(e.segment);
    return [...path, ...segments.reverse()].join('.') || '(body)';
  };
  const found: string[] = [];
  const stack: Entry[] = [{ value }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const here = entry.value;
    if (entry.key !== undefined) {
      if (containsCpr(entry.key)) found.push(nameOf(entry));
    } else if (typeof here === 'string') {
      if (containsCpr(here)) found.push(nameOf(entry));
    } else if (typeof here === 'number') {
      if (numberContainsCpr(here)) found.push(nameOf(entry));
    } else if (Array.isArray(here)) {
      for (let i = here.length - 1; i >= 0; i--) stack.push({ value: here[i], segment: String(i), parent: entry });
    } else if (here !== null && typeof here === 'object') {
      const entries = Object.entries(here);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        stack.push({ value: item, segment: key, parent: entry }, { value: undefined, segment: '(key)', parent: entry, key });
      }
    }
  }
  return found;
};
