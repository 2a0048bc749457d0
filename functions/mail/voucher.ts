import { randomUUID } from 'node:crypto';
import type { Block, MailDocument, RenderedMail } from './document.js';
import { html, renderHtml } from './html.js';
import { phrases } from './i18n.js';
import { formatDate, type Language } from './format.js';
import { renderText } from './text.js';

// The voucher e-mail: unlike the management e-mails it goes to one
// participant, a citizen. It hands over their personal certification code
// (domain/vouchers.ts: one code, one participant), says which exam, by when to take it, when
// the code expires, that it must not be shared, and whom to contact if they
// cannot make it. It names nobody but the recipient, and keeps the code out
// of the subject and the inbox preview (lock screens, shared inboxes).

export interface VoucherMailView {
  pilot: { name: string };
  sponsor: string;
  exam: string;
  code: string;
  /** The last day to take the exam (a calendar date in Copenhagen). */
  examDeadline: string;
  /** The last day the code can be used (a calendar date). */
  codeExpiresOn: string;
  /** 2: a retake after a failed or missed first attempt. */
  attempt: 1 | 2;
  participantName: string;
  /** Danish unless the participant chose English. */
  language?: Language;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const MONO = 'font-family:Consolas,Menlo,Courier New,Courier,monospace;';

/** The code in a box of its own, large and in monospace so 0/O and 1/l can be told apart; the whole code selects with one click. */
const codeBox = (label: string, code: string) =>
  html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;margin:4px 0 20px;">
<tr><td align="center" bgcolor="#edf2f8" style="background:#edf2f8;border:1px solid #4a6f9c;padding:16px 20px 20px;${FONT}color:#1e3a5f;">
<div style="font-size:12px;line-height:16px;font-weight:bold;text-transform:uppercase;letter-spacing:0.5px;margin:0 0 10px;">${label}</div>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 auto;"><tr>
<td bgcolor="#ffffff" style="background:#ffffff;border:2px dashed #4a6f9c;padding:12px 20px;${MONO}font-size:26px;line-height:32px;font-weight:bold;letter-spacing:2px;color:#1f2937;word-break:break-all;-webkit-user-select:all;user-select:all;">${code}</td>
</tr></table>
</td></tr>
</table>`;

export const renderVoucherMail = (view: VoucherMailView): RenderedMail => {
  const language = view.language ?? 'da';
  const p = phrases(language);
  const v = p.voucher;
  const deadline = formatDate(view.examDeadline, language);
  const expires = formatDate(view.codeExpiresOn, language);
  const label = v.codeLabel(view.attempt);

  // The document model has no block for a code, so the HTML gets a
  // placeholder paragraph, swapped for the code box after rendering; the
  // text gets a callout, which puts the code on a line of its own.
  const marker = `voucher-code-${randomUUID()}`;
  const document = (code: Block): MailDocument => ({
    language,
    title: v.title(view.attempt),
    preheader: v.preheader(deadline),
    blocks: [
      { kind: 'paragraph', text: v.greeting(view.participantName) },
      { kind: 'paragraph', text: v.intro(view.exam, view.sponsor, view.pilot.name, view.attempt) },
      code,
      {
        kind: 'facts',
        rows: [
          { label: v.exam, value: view.exam },
          { label: v.examDeadline, value: deadline, strong: true },
          { label: v.codeExpiresOn, value: expires },
        ],
      },
      { kind: 'heading', text: v.howTo },
      { kind: 'list', items: v.steps(deadline) },
      { kind: 'heading', text: v.personalHeading },
      { kind: 'paragraph', text: v.personal },
      { kind: 'heading', text: v.cannotHeading },
      { kind: 'paragraph', text: v.cannot(deadline) },
      { kind: 'paragraph', text: v.goodLuck(view.attempt) },
    ],
    footer: [v.footer(view.pilot.name)],
  });

  const withMarker = renderHtml(document({ kind: 'paragraph', text: marker }));
  const placeholder = new RegExp(`<p [^>]*>${marker}</p>`);
  if (!placeholder.test(withMarker)) throw new Error('voucher mail: the code placeholder was not rendered');

  return {
    subject: v.subject(view.exam, view.attempt),
    html: withMarker.replace(placeholder, () => codeBox(label, view.code).value),
    text: renderText(document({ kind: 'callout', tone: 'info', label, title: view.code, lines: [] })),
  };
};
