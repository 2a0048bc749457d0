import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../ports/clock.js';
import type { Mailer } from '../../ports/mailer.js';

/**
 * The local stand-in for SES: each e-mail becomes a real .eml file in the
 * outbox folder, named by the (local) time it was sent and what it is.
 * Any mail program opens them.
 */
export const outboxMailer = (dir: string, clock: Clock): Mailer => ({
  async send(mail) {
    await mkdir(dir, { recursive: true });
    const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
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
  },
});
