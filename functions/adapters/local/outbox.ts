import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMime } from '../../mail/mime.js';
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
/** An outbox file written for a send-once key: its name ends with the key's hash. */
const TAGGED = /-([0-9a-f]{16})\.eml$/;

export const outboxMailer = (dir: string, clock: Clock): Mailer => {
  // The send-once keys already in the outbox, by their hash: read from the
  // folder once (after a restart), then kept, so a send is not a folder scan.
  let written: Promise<Map<string, string>> | undefined;
  const writtenTags = () =>
    (written ??= readdir(dir)
      .catch(() => [] as string[])
      .then(
        (files) =>
          new Map(
            files.flatMap((f): [string, string][] => {
              const m = TAGGED.exec(f);
              return m ? [[m[1]!, f]] : [];
            }),
          ),
      ));

  return {
    async send(mail) {
      const tag = mail.key ? createHash('sha256').update(mail.key).digest('hex').slice(0, 16) : undefined;
      const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
      let raw: Buffer | undefined;
      const composed = async () =>
        (raw ??= await buildMime({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: mail.attachments,
          messageId: mail.messageId,
          date: mail.date,
        }));
      try {
        await mkdir(dir, { recursive: true });
        const tags = await writtenTags();
        const existing = tag ? tags.get(tag) : undefined;
        if (existing) return { providerMessageId: `outbox:${join(dir, existing)}` };
        // Mails sent in the same millisecond (a batch sends several at once) each get their own file.
        for (let n = 1; ; n++) {
          const name = `${stamp}-${mail.label}${n > 1 ? `-${n}` : ''}${tag ? `-${tag}` : ''}.eml`;
          const file = join(dir, name);
          if (existsSync(file)) continue;
          try {
            await writeFile(`${file}.partial`, await composed(), { flag: 'wx' });
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            continue;
          }
          await rename(`${file}.partial`, file);
          if (tag) tags.set(tag, name);
          return { providerMessageId: `outbox:${file}` };
        }
      } catch (error) {
        // A full disk or a read-only folder: refused like SES refuses, so the same retry path runs locally.
        throw new MailRefusedError('unavailable', { cause: error });
      }
    },
  };
};
