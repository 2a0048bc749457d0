// Refusal of Danish CPR numbers (personal ID numbers, DDMMYY-XXXX).
//
// The product must never store one, so any input that contains something
// shaped like a CPR number is refused before it is stored or logged. We do
// not rely on the modulus-11 check: CPR numbers issued since 2007 need not
// satisfy it. Instead:
//   - DDMMYY-XXXX (dash, space or slash between the parts) is refused when DD
//     and MM could be a day and a month: the separator makes the intent plain,
//     so we err on the side of refusing;
//   - ten digits in a row are refused when the first six form a real date
//     (DDMMYY in some century), so ordinary ten-digit numbers like
//     "1234567890" (month 34) pass.
// Digits that are part of a longer run of digits are not CPR-shaped.

const SEPARATED = /(?<!\d)(\d{2})(\d{2})(\d{2})[-–/ ](\d{4})(?!\d)/g;
const PLAIN = /(?<!\d)(\d{2})(\d{2})(\d{2})(\d{4})(?!\d)/g;

const daysInMonth = (month: number, twoDigitYear: number): number => {
  if (month === 2) {
    // 29 February exists for some century of every YY divisible by 4 (1900 is
    // not a leap year, but 2000 is), so YY % 4 === 0 allows the 29th.
    return twoDigitYear % 4 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

// The product's own ids (participants, pilots) are random UUIDs, and about one
// in a few thousand holds a CPR-shaped run ("ab310590-1234-…" reads as
// 310590-1234): refusing it would refuse the product's own reference to a
// participant in exam results or a follow-up (found by npm run bench, 9,000
// participants). A whole UUID is an id the product made, not personal data.
const OWN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isRealDate = (day: number, month: number, year: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(month, year);

const isPlausibleDayMonth = (day: number, month: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= 31;

/** True when `text` contains something shaped like a CPR number. */
export const containsCpr = (text: string): boolean => {
  for (const m of text.matchAll(SEPARATED)) {
    if (isPlausibleDayMonth(Number(m[1]), Number(m[2]))) return true;
  }
  for (const m of text.matchAll(PLAIN)) {
    if (isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return true;
  }
  return false;
};

/**
 * The paths (`participants.2.name`) of every string inside `value` that
 * contains something CPR-shaped. Object keys are checked too, since a CSV
 * header or a JSON key is input like any other.
 */
export const findCprPaths = (value: unknown, path: string[] = []): string[] => {
  const here = path.join('.') || '(body)';
  if (typeof value === 'string') return !OWN_ID.test(value) && containsCpr(value) ? [here] : [];
  if (typeof value === 'number') {
    // A CPR number sent as a JSON number loses a leading zero: 0101901234 -> 101901234.
    return Number.isInteger(value) && containsCpr(String(value).padStart(10, '0')) ? [here] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => findCprPaths(item, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(containsCpr(key) ? [[...path, '(key)'].join('.')] : []),
      ...findCprPaths(item, [...path, key]),
    ]);
  }
  return [];
};
