import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../ports/clock.js';
import { MailRefusedError, type Mailer } from '../../ports/mailer.js';

/** The local stack's sender: a .local domain, never a real one, set by the local composition root (infra/local/runtime.ts). */
export const LOCAL_MAIL_FROM = 'Pilotprojekter <pilotprojekter@jobcenter.local>';

/**
 * The local stand-in for SES: each e-mail becomes a real .eml file in the
 * outbox folder, named by the (local) time it was sent and what it is.
 * Any mail program opens them.
 *
 * A stack killed after writing a message but before recording it as sent
 * sends it again after the restart (mailing.ts takes the claim over). The
 * file name ends with a hash of the send-once key, so the outbox sees the
 * message is there and does not write a second one; and a file appears
 * whole or not at all (written aside, then renamed).
 */
export const outboxMailer = (dir: string, clock: Clock): Mailer => ({
  async send(mail) {
    const tag = mail.key ? `-${createHash('sha256').update(mail.key).digest('hex').slice(0, 16)}` : '';
    const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `${stamp}-${mail.label}${tag}.eml`);
    try {
      await mkdir(dir, { recursive: true });
      if (tag) {
        const existing = (await readdir(dir)).find((f) => f.endsWith(`${tag}.eml`));
        if (existing) return { providerMessageId: `outbox:${join(dir, existing)}` };
      }
      await writeFile(`${file}.partial`, mail.raw);
      await rename(`${file}.partial`, file);
    } catch (error) {
      // A full disk or a read-only folder: refused like SES refuses, so the same retry path runs locally.
      throw new MailRefusedError('unavailable', { cause: error });
    }
    return { providerMessageId: `outbox:${file}` };
  },
});
