/**
 * Sends one e-mail, rendered but not composed: SES v2's simple content on
 * AWS (SES writes the MIME, attachments included), an outbox of .eml files
 * locally (composed there with nodemailer's MailComposer, functions/mail/mime.ts).
 * So the composer is in no Lambda bundle. The send-once bookkeeping lives
 * above the port; this only delivers.
 */
export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  /** The plain-text alternative, with the same content as the HTML. */
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
  /** Our id for the message, for the record (and the .eml's Message-ID; SES sets its own). */
  messageId: string;
  /** When the product sent it, by its clock (on the fast-forwarded local stack, not the machine's). */
  date: Date;
  /** A short name for the outbox file (no personal data): "outcome-da". */
  label: string;
  /**
   * The send-once key (mailing.ts): the same message sent again after a crash
   * between sending and recording it has the same key. A mailer that can
   * (the local outbox) delivers each key once; SES has no such key.
   */
  key?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
}

/** Why a send was refused, without personal data: what an operator acts on. */
export type MailRefusal = 'rejected' | 'throttled' | 'bad-address' | 'not-verified' | 'paused' | 'unavailable';

/**
 * The mail service refused the message (SES: the sandbox's unverified
 * recipient, its sending rate, a malformed address, the account paused; the
 * outbox: a write that failed). Adapters translate their own exceptions into
 * this; the sender records it and tries again later.
 */
export class MailRefusedError extends Error {
  override readonly name = 'MailRefusedError';
  constructor(
    readonly reason: MailRefusal,
    options?: { cause?: unknown },
  ) {
    super(`the mail service refused the message: ${reason}`, options);
  }
}
