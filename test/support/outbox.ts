import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The local stack's outbox (.eml files) as tests read it.

/** A quoted-printable e-mail as the text it carries (UTF-8): soft line breaks joined, `=XX` bytes decoded. */
export const decodedEml = (eml: string): string =>
  Buffer.from(
    eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

/** The outbox's e-mails whose file name contains `kind` (`-voucher-`, `survey-invitation`), decoded, in file order. */
export const outboxMails = (outboxDir: string, kind: string): string[] =>
  readdirSync(outboxDir)
    .filter((f) => f.includes(kind))
    .map((f) => decodedEml(readFileSync(join(outboxDir, f), 'utf8')));
