/**
 * Sends one e-mail, already composed as MIME: SES v2 on AWS, an outbox of
 * .eml files locally. Composing (nodemailer's MailComposer) and the
 * send-once bookkeeping live above the port; this only delivers.
 */
export interface OutgoingMail {
  from: string;
  to: string[];
  /** The whole message, headers and body, as RFC 5322 bytes. */
  raw: Buffer;
  /** The Message-ID header's value, for the record. */
  messageId: string;
  /** A short name for the outbox file (no personal data): "outcome-da". */
  label: string;
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
