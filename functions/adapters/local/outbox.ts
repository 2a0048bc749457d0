import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../ports/clock.js';
import { MailRefusedError, type Mailer } from '../../ports/mailer.js';

/** The local stack's sender: a .local domain, never a real one, set by the local composition root (infra/local/runtime.ts). */
export const LOCAL_MAIL_FROM = 'Pilotprojekter <pilotprojekter@jobcenter.local>';

/**
 * The local stand-in for SES: each e-mail becomes a real .eml file in the
 * outbox folder, named by the (local) time it was sent and what it is.
 * Any mail program opens them.
 */
export const outboxMailer = (dir: string, clock: Clock): Mailer => ({
  async send(mail) {
    const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
    try {
      await mkdir(dir, { recursive: true });
      // Mails sent in the same millisecond (a batch sends several at once) each get their own file.
      for (let n = 1; ; n++) {
        const file = join(dir, `${stamp}-${mail.label}${n > 1 ? `-${n}` : ''}.eml`);
        try {
          await writeFile(file, mail.raw, { flag: 'wx' });
          return { providerMessageId: `outbox:${file}` };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
    } catch (error) {
      // A full disk or a read-only folder: refused like SES refuses, so the same retry path runs locally.
      throw new MailRefusedError('unavailable', { cause: error });
    }
  },
});
