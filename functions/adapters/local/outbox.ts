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
    const file = join(dir, `${stamp}-${mail.label}.eml`);
    await writeFile(file, mail.raw);
    return { providerMessageId: `outbox:${file}` };
  },
});
