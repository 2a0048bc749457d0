import type { Language } from './format.js';

// A management e-mail is written once as a list of blocks, then rendered
// twice: to HTML (html.ts) and to plain text (text.ts). The text alternative
// therefore always carries the same content as the HTML, in the same order.
// Block text is plain text, never markup: the HTML renderer escapes it.

/** good: on target, met; warn: adjust, at risk soon; bad: close, not met, at risk; info: uncertain, neutral notice. */
export type Tone = 'good' | 'warn' | 'bad' | 'info';

/**
 * A table cell: its text, with a tone where the value is a verdict (met /
 * not met); `lines` follow in the same style (a list of risks), `notes` in
 * small print (what a phase waits for).
 */
export type Cell = string | { text: string; tone?: Tone; lines?: string[]; notes?: string[] };

export interface Column {
  title: string;
  align?: 'left' | 'right';
  /** A share of the table's width, in percent. */
  width?: number;
  /** Keep the cells on one line (dates, "5 af 14 (36 %)"). */
  nowrap?: boolean;
}

export type Block =
  /** A headline box: a small label above a large title, with explanatory lines. */
  | { kind: 'callout'; tone: Tone; label: string; title: string; lines: string[] }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; muted?: boolean }
  /** Label / value rows, the value right-aligned: key figures. */
  | { kind: 'facts'; rows: { label: string; value: string; strong?: boolean }[] }
  | { kind: 'table'; columns: Column[]; rows: Cell[][] }
  /** Horizontal bars, each as wide as its value's share of the largest value. */
  | { kind: 'bars'; rows: { label: string; value: number; highlight?: boolean }[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'button'; text: string; url: string };

export interface MailDocument {
  language: Language;
  /** The headline of the mail (and the HTML <title>). */
  title: string;
  /** The line mail clients show beside the subject in the inbox. */
  preheader: string;
  blocks: Block[];
  /** Small print at the bottom. */
  footer: string[];
}

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}
