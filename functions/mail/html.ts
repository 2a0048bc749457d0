import type { Block, Cell, MailDocument, Tone } from './document.js';
import { phrases } from './i18n.js';

// HTML for mail clients, Outlook's Word engine included: layout with nested
// tables, inline styles only, no images, no flex or grid, no <style> block
// (Gmail drops it in some views). Bars are table cells with a background
// colour and a width in percent.
//
// Everything interpolated is escaped: pilot names, reasons and risk texts
// come from users. Markup is built only with the `html` tag below, which
// escapes every value unless it is itself the result of an `html` tag.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Interpolation = SafeHtml | string | number | null | undefined | false | Interpolation[];

const interpolate = (value: Interpolation): string => {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeHtml(String(value));
};

/** Markup with every interpolated value escaped (quotes too, so values are safe inside attributes). */
export const html = (strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml =>
  new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? interpolate(values[i]!) : ''), ''));

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const INK = '#1f2937';
const MUTED = '#5b6472';
const BRAND = '#002e5d';
const RULE = '#e3e7ec';
const BAR = '#2b5f9e';
const BAR_HIGHLIGHT = '#1e7b45';
const TRACK = '#e9eef4';

/** Text colour, background and border of each tone; text colours keep at least 4.5:1 contrast on their background. */
const TONES: Record<Tone, { ink: string; background: string; border: string }> = {
  good: { ink: '#14532d', background: '#e8f5ec', border: '#1e7b45' },
  warn: { ink: '#6b4200', background: '#fff5dc', border: '#c98a00' },
  bad: { ink: '#8c1d24', background: '#fdecee', border: '#b42318' },
  info: { ink: '#1e3a5f', background: '#edf2f8', border: '#4a6f9c' },
};

/** A full-width layout table; `role="presentation"` so screen readers do not announce it as data. */
const layoutTable = (content: SafeHtml, style = ''): SafeHtml =>
  html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;${style}">${content}</table>`;

const callout = (b: Extract<Block, { kind: 'callout' }>): SafeHtml => {
  const t = TONES[b.tone];
  return layoutTable(
    html`<tr><td style="background:${t.background};border-left:6px solid ${t.border};padding:16px 20px;${FONT}color:${t.ink};">
<div style="font-size:12px;line-height:16px;font-weight:bold;text-transform:uppercase;letter-spacing:0.5px;">${b.label}</div>
<div style="font-size:21px;line-height:28px;font-weight:bold;margin:4px 0 ${b.lines.length ? '8px' : '0'};">${b.title}</div>
${b.lines.map((line) => html`<div style="font-size:15px;line-height:22px;margin:0 0 4px;">${line}</div>`)}
</td></tr>`,
    'margin:0 0 20px;',
  );
};

const heading = (text: string): SafeHtml =>
  html`<h2 style="margin:28px 0 10px;padding:0 0 6px;border-bottom:2px solid ${BRAND};${FONT}font-size:17px;line-height:22px;color:${BRAND};">${text}</h2>`;

const paragraph = (text: string, muted = false): SafeHtml =>
  html`<p style="margin:0 0 12px;${FONT}font-size:${muted ? '13px' : '15px'};line-height:${muted ? '19px' : '22px'};color:${muted ? MUTED : INK};">${text}</p>`;

const facts = (rows: Extract<Block, { kind: 'facts' }>['rows']): SafeHtml =>
  layoutTable(
    html`${rows.map(
      (r) => html`<tr>
<td style="padding:7px 12px 7px 0;border-bottom:1px solid ${RULE};${FONT}font-size:15px;line-height:20px;color:${INK};vertical-align:top;">${r.label}</td>
<td align="right" style="padding:7px 0;border-bottom:1px solid ${RULE};${FONT}font-size:15px;line-height:20px;color:${INK};white-space:nowrap;vertical-align:top;${r.strong ? 'font-weight:bold;' : ''}">${r.value}</td>
</tr>`,
    )}`,
    'margin:0 0 8px;',
  );

const dataTable = (b: Extract<Block, { kind: 'table' }>): SafeHtml => {
  const column = (i: number) => b.columns[i] ?? { title: '' };
  const width = (i: number) => {
    const w = column(i).width;
    return w === undefined ? '' : `width:${w}%;`;
  };
  const nowrap = (i: number) => (column(i).nowrap ? 'white-space:nowrap;' : '');
  const cell = (c: Cell, i: number): SafeHtml => {
    const { text, tone, lines = [], notes = [] } = typeof c === 'string' ? { text: c } : c;
    const style = tone ? `color:${TONES[tone].ink};font-weight:bold;` : `color:${INK};`;
    return html`<td align="${column(i).align ?? 'left'}" style="padding:7px 8px;border-bottom:1px solid ${RULE};${FONT}font-size:14px;line-height:19px;vertical-align:top;${nowrap(i)}${style}">${lines.length ? [text, ...lines].map((l, n) => html`<div style="margin:${n ? '6px' : '0'} 0 0;">${l}</div>`) : text}${notes.map((n) => html`<div style="font-size:12px;line-height:17px;color:${tone ? TONES[tone].ink : MUTED};font-weight:normal;">${n}</div>`)}</td>`;
  };
  return layoutTable(
    html`<tr>${b.columns.map(
      (c, i) =>
        html`<th align="${c.align ?? 'left'}"${c.width === undefined ? '' : html` width="${c.width}%"`} style="padding:7px 8px;background:#f1f4f8;border-bottom:1px solid #c9d1db;${FONT}font-size:12px;line-height:16px;font-weight:bold;color:${MUTED};text-transform:uppercase;letter-spacing:0.3px;vertical-align:bottom;${width(i)}">${c.title}</th>`,
    )}</tr>${b.rows.map((row) => html`<tr>${row.map(cell)}</tr>`)}`,
    'margin:0 0 8px;',
  );
};

/**
 * One bar per row: label, track, count. The filled cell's width is the
 * row's share of the largest value; a non-zero value gets at least 1 % so it
 * shows, and an empty or full bar is a single cell (Outlook draws a
 * zero-width cell anyway).
 */
export const barRow = (label: string, value: number, max: number, highlight = false): SafeHtml => {
  const share = max <= 0 || value <= 0 ? 0 : Math.max(1, Math.min(100, Math.round((value / max) * 100)));
  const bar = (width: number, colour: string) =>
    html`<td width="${width}%" style="width:${width}%;background:${colour};height:18px;font-size:1px;line-height:1px;">&nbsp;</td>`;
  const track = layoutTable(html`<tr>${share > 0 ? bar(share, highlight ? BAR_HIGHLIGHT : BAR) : ''}${share < 100 ? bar(100 - share, TRACK) : ''}</tr>`);
  return html`<tr>
<td width="40%" style="width:40%;padding:5px 12px 5px 0;${FONT}font-size:14px;line-height:18px;color:${INK};vertical-align:middle;${highlight ? 'font-weight:bold;' : ''}">${label}</td>
<td width="48%" style="width:48%;padding:5px 0;vertical-align:middle;">${track}</td>
<td width="12%" align="right" style="width:12%;padding:5px 0 5px 10px;${FONT}font-size:15px;line-height:18px;color:${INK};font-weight:bold;white-space:nowrap;vertical-align:middle;">${value}</td>
</tr>`;
};

const bars = (rows: Extract<Block, { kind: 'bars' }>['rows']): SafeHtml => {
  const max = Math.max(0, ...rows.map((r) => r.value));
  return layoutTable(html`${rows.map((r) => barRow(r.label, r.value, max, r.highlight))}`, 'margin:0 0 8px;');
};

const list = (items: string[]): SafeHtml =>
  html`<ul style="margin:0 0 20px;padding:0 0 0 22px;${FONT}font-size:15px;line-height:22px;color:${INK};">${items.map(
    (i) => html`<li style="margin:0 0 4px;">${i}</li>`,
  )}</ul>`;

/** A link drawn as a button with a table cell, which Outlook renders (it ignores padding on <a>). */
const button = (text: string, url: string): SafeHtml =>
  html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:8px 0 16px;"><tr>
<td bgcolor="${BRAND}" style="background:${BRAND};padding:12px 22px;"><a href="${url}" style="${FONT}font-size:16px;line-height:20px;font-weight:bold;color:#ffffff;text-decoration:none;">${text}</a></td>
</tr></table>
<p style="margin:0 0 16px;${FONT}font-size:12px;line-height:17px;color:${MUTED};word-break:break-all;">${url}</p>`;

export const blockHtml = (b: Block): SafeHtml => {
  switch (b.kind) {
    case 'callout':
      return callout(b);
    case 'heading':
      return heading(b.text);
    case 'paragraph':
      return paragraph(b.text, b.muted);
    case 'facts':
      return facts(b.rows);
    case 'table':
      return dataTable(b);
    case 'bars':
      return bars(b.rows);
    case 'list':
      return list(b.items);
    case 'button':
      return button(b.text, b.url);
  }
};

/** The whole message: a 640 px column on a grey background, the brand band on top, small print below. */
export const renderHtml = (doc: MailDocument): string => {
  const p = phrases(doc.language);
  return `<!DOCTYPE html>
${html`<html lang="${doc.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${doc.title}</title>
</head>
<body style="margin:0;padding:0;background:#eef1f4;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:#eef1f4;">${doc.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;background:#eef1f4;border-collapse:collapse;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid #d5dbe2;border-collapse:collapse;">
<tr><td style="background:${BRAND};padding:14px 28px;${FONT}font-size:13px;line-height:18px;color:#ffffff;letter-spacing:0.3px;">${p.sender}</td></tr>
<tr><td style="padding:24px 28px 12px;">
<h1 style="margin:0 0 18px;${FONT}font-size:23px;line-height:30px;color:${BRAND};">${doc.title}</h1>
${doc.blocks.map(blockHtml)}
</td></tr>
<tr><td style="padding:14px 28px 20px;border-top:1px solid ${RULE};">${doc.footer.map(
  (f) => html`<p style="margin:0 0 6px;${FONT}font-size:12px;line-height:17px;color:${MUTED};">${f}</p>`,
)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`}
`;
};
