import type { Block, Cell, MailDocument } from './document.js';
import { phrases } from './i18n.js';

// The plain-text alternative of the same blocks the HTML shows. Lines are
// wrapped at 76 characters so they survive quoted replies; tables too wide
// for that are written as one small record per row instead of columns.

const WIDTH = 76;
const BAR_WIDTH = 24;

/**
 * The units a line may break between. A figure and its unit stay together
 * ("40 %", "1.600.000 kr."): a reader must never see "40" end one line
 * and "%" start the next.
 */
const words = (text: string): string[] =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .reduce<string[]>((out, word) => {
      const last = out.length - 1;
      // "%-interval" too: "95 %-interval" is one unit as much as "40 %".
      if (last >= 0 && /^(%|kr\.?)(-\p{L}+)?[),.;:]*$/u.test(word) && /\d$/.test(out[last]!)) out[last] = `${out[last]} ${word}`;
      else out.push(word);
      return out;
    }, []);

/** Words wrapped to `width`; a word longer than the width (a URL) stays whole on its own line. */
export const wrap = (text: string, width = WIDTH, indent = ''): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of words(text)) {
    if (line && (indent + line + ' ' + word).length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.length ? lines : [''];
};

const chars = (s: string) => [...s].length;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - chars(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - chars(s))) + s;

const cellText = (c: Cell): string => (typeof c === 'string' ? c : [[c.text, ...(c.lines ?? [])].join(', '), ...(c.notes ?? [])].join(' – '));

const table = (b: Extract<Block, { kind: 'table' }>): string[] => {
  const rows = b.rows.map((r) => r.map(cellText));
  const widths = b.columns.map((c, i) => Math.max(chars(c.title), ...rows.map((r) => chars(r[i] ?? ''))));
  const total = widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
  if (total <= WIDTH) {
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (b.columns[i]?.align === 'right' ? padStart(c, widths[i]!) : padEnd(c, widths[i]!)))
        .join('  ')
        .trimEnd();
    return [line(b.columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  }
  // Too wide for columns: the first column heads each record, the others follow as "title: value".
  return rows.flatMap((r, n) => [
    ...(n > 0 ? [''] : []),
    ...wrap(r[0] ?? ''),
    ...r.slice(1).flatMap((v, i) => wrap(`${b.columns[i + 1]?.title ?? ''}: ${v}`, WIDTH, '  ')),
  ]);
};

/** "Label:  value" with the values in one column; a row that does not fit puts its value on the next line. */
const facts = (rows: Extract<Block, { kind: 'facts' }>['rows']): string[] => {
  const valueWidth = Math.max(...rows.map((r) => chars(r.value)));
  const labelWidth = Math.min(WIDTH - valueWidth - 1, Math.max(...rows.map((r) => chars(r.label) + 1)));
  return rows.flatMap((r) => {
    const label = `${r.label}:`;
    return chars(label) > labelWidth ? [...wrap(label), `  ${r.value}`] : [`${padEnd(label, labelWidth)} ${r.value}`];
  });
};

const bars = (rows: Extract<Block, { kind: 'bars' }>['rows']): string[] => {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labelWidth = Math.max(...rows.map((r) => chars(r.label)));
  const valueWidth = Math.max(...rows.map((r) => String(r.value).length));
  return rows.map((r) => {
    const filled = max <= 0 || r.value <= 0 ? 0 : Math.max(1, Math.round((r.value / max) * BAR_WIDTH));
    return `${padEnd(r.label, labelWidth)}  ${padStart(String(r.value), valueWidth)}  ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  });
};

const block = (b: Block): string[] => {
  switch (b.kind) {
    case 'callout':
      return [b.label.toLocaleUpperCase('da'), ...wrap(b.title), ...b.lines.flatMap((l) => wrap(l))];
    case 'heading':
      return [b.text, '-'.repeat(chars(b.text))];
    case 'paragraph':
      return wrap(b.text);
    case 'facts':
      return facts(b.rows);
    case 'table':
      return table(b);
    case 'bars':
      return bars(b.rows);
    case 'list':
      return b.items.flatMap((i) => wrap(i, WIDTH, '  ').map((l, n) => (n === 0 ? `- ${l.slice(2)}` : l)));
    case 'button':
      return [`${b.text}:`, b.url];
  }
};

export const renderText = (doc: MailDocument): string => {
  // A heading sits directly on the block it heads; other blocks are separated by a blank line.
  const body: string[][] = [];
  doc.blocks.forEach((b, i) => {
    const lines = block(b);
    if (i > 0 && doc.blocks[i - 1]!.kind === 'heading') body[body.length - 1]!.push(...lines);
    else body.push(lines);
  });
  const sections = [
    [phrases(doc.language).sender],
    [doc.title, '='.repeat(chars(doc.title))],
    ...body,
    ...(doc.footer.length ? [['-- ', ...doc.footer.flatMap((f) => wrap(f))]] : []),
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
};
