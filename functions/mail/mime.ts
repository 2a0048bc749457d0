import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailAttachment } from './document.js';

// A rendered mail as a raw MIME message, for the local outbox's .eml files
// (functions/adapters/local/outbox.ts); on AWS, SES v2's simple content
// composes it, so this module (and nodemailer) is in no Lambda bundle.
// nodemailer's MailComposer writes the MIME: multipart/alternative with the
// text part first and the HTML last (clients show the last one they can),
// multipart/mixed around it when there are attachments, RFC 2047 encoded
// headers for æøå, and quoted-printable or base64 bodies as the content needs.

export interface MimeMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
  messageId?: string;
  /** The Date header. The product's clock, not the machine's: on the fast-forwarded local stack a mail must be dated when the product sent it. */
  date?: Date;
}

export const buildMime = async (message: MimeMessage): Promise<Buffer> =>
  new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    ...(message.headers ? { headers: message.headers } : {}),
    ...(message.messageId ? { messageId: message.messageId } : {}),
    ...(message.date ? { date: message.date } : {}),
    // The message must not reach for files or URLs named in its content.
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
  })
    .compile()
    .build();
