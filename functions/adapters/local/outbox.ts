import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../ports/clock.js';
import type { Mailer } from '../../ports/mailer.js';

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
    await mkdir(dir, { recursive: true });
    const tag = mail.key ? `-${createHash('sha256').update(mail.key).digest('hex').slice(0, 16)}` : '';
    if (tag) {
      const existing = (await readdir(dir)).find((f) => f.endsWith(`${tag}.eml`));
      if (existing) return { providerMessageId: `outbox:${join(dir, existing)}` };
    }
    const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `${stamp}-${mail.label}${tag}.eml`);
    await writeFile(`${file}.partial`, mail.raw);
    await rename(`${file}.partial`, file);
    return { providerMessageId: `outbox:${file}` };
  },
});
