import { describe, expect, it } from 'vitest';
import { esportOutcome, recruitmentEscalation } from '../support/mail-examples.js';
import { renderEscalationMail } from '../../functions/mail/escalation.js';
import { buildMime } from '../../functions/mail/mime.js';
import { renderOutcomeMail } from '../../functions/mail/outcome.js';

// A small MIME reader, enough to take apart what MailComposer writes: headers
// (unfolded), multipart bodies split on their boundary, and the two transfer
// encodings it uses for text (quoted-printable, base64). It is written here,
// not taken from nodemailer, so the test checks the message and not the library against itself.

interface Part {
  headers: Record<string, string>;
  body: string;
}

const parsePart = (raw: string): Part => {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(split + 4) };
};

const param = (header: string | undefined, name: string): string | undefined => header?.match(new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i'))?.[1];

const children = (part: Part): Part[] => {
  const boundary = param(part.headers['content-type'], 'boundary');
  if (!boundary) throw new Error(`not multipart: ${part.headers['content-type']}`);
  const [, ...rest] = part.body.split(`--${boundary}`);
  const end = rest.findIndex((r) => r.startsWith('--'));
  return rest.slice(0, end).map((r) => parsePart(r.replace(/^\r\n/, '').replace(/\r\n$/, '')));
};

const bytesFromQuotedPrintable = (body: string): Buffer => {
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
};

const decodeBody = (part: Part): string => {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return bytesFromQuotedPrintable(part.body).toString('utf8');
  return part.body;
};

/** RFC 2047 encoded words, whitespace between adjacent ones dropped. */
const decodeHeader = (value: string): string =>
  value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : bytesFromQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );

const contentType = (part: Part) => part.headers['content-type']?.split(';')[0]?.trim().toLowerCase();

describe('buildMime', () => {
  it('writes a parseable message: multipart/mixed around multipart/alternative (text, then html) and the CSV attachment', async () => {
    const mail = renderOutcomeMail(esportOutcome('da'));
    const raw = await buildMime({
      from: 'Pilotprojekter <pilot@example.kk.dk>',
      to: ['ledelse@example.kk.dk', 'udvalg@example.kk.dk'],
      ...mail,
      messageId: '<outcome-esport-2021@pilot.example.kk.dk>',
      headers: { 'X-Pilot-Id': 'esport-2021' },
    });

    const message = parsePart(raw.toString('ascii'));
    expect(
      raw.every((b) => b < 128),
      'the raw message is 7-bit',
    ).toBe(true);
    expect(message.headers['mime-version']).toBe('1.0');
    expect(message.headers.from).toBe('Pilotprojekter <pilot@example.kk.dk>');
    expect(message.headers.to).toBe('ledelse@example.kk.dk, udvalg@example.kk.dk');
    expect(message.headers['message-id']).toBe('<outcome-esport-2021@pilot.example.kk.dk>');
    expect(message.headers['x-pilot-id']).toBe('esport-2021');
    expect(message.headers.subject).toMatch(/^=\?UTF-8\?[QB]\?/i);
    expect(decodeHeader(message.headers.subject!)).toBe('Resultat af pilotprojektet «E-sportsinstruktører»: Fortsæt');

    expect(contentType(message)).toBe('multipart/mixed');
    const [alternative, attachment, ...more] = children(message);
    expect(more).toEqual([]);
    expect(contentType(alternative!)).toBe('multipart/alternative');
    const [text, html] = children(alternative!);
    expect(text!.headers['content-type']).toMatch(/^text\/plain; charset=utf-8/i);
    expect(html!.headers['content-type']).toMatch(/^text\/html; charset=utf-8/i);

    // The Danish characters survive the transfer encoding.
    const textBody = decodeBody(text!);
    expect(textBody.replace(/\s+/g, ' ')).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(textBody).toContain('Deltagernes situation ved opfølgningen');
    expect(textBody.replace(/\r\n/g, '\n')).toBe(mail.text);
    const htmlBody = decodeBody(html!);
    expect(htmlBody).toContain('Fortsæt og indarbejd i det faste tilbud');
    expect(htmlBody.replace(/\r\n/g, '\n')).toBe(mail.html);

    expect(attachment!.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/i);
    expect(attachment!.headers['content-disposition']).toMatch(/^attachment; filename=e-sportsinstruktoerer-resultat\.csv$/);
    expect(decodeBody(attachment!).replace(/\r\n/g, '\n')).toBe(String(mail.attachments![0]!.content).replace(/\r\n/g, '\n'));
    expect(decodeBody(attachment!)).toContain('nøgletal,værdi');
  });

  it('writes multipart/alternative at the top when there is no attachment, with an English subject left unencoded', async () => {
    const mail = renderEscalationMail(recruitmentEscalation('en'));
    const raw = await buildMime({ from: 'pilot@example.kk.dk', to: ['ledelse@example.kk.dk'], ...mail });

    const message = parsePart(raw.toString('ascii'));
    expect(contentType(message)).toBe('multipart/alternative');
    expect(children(message).map(contentType)).toEqual(['text/plain', 'text/html']);
    expect(decodeHeader(message.headers.subject!)).toBe(mail.subject);
    expect(message.headers['message-id']).toMatch(/^<.+@.+>$/);
    expect(decodeBody(children(message)[0]!)).toContain('Recruitment has ended with 12 enrolled.');
  });

  it('encodes a Danish subject with æøå and a name with «» so it decodes back exactly', async () => {
    const subject = 'Pilotprojektet «Ældre på nettet – Østerbro & Åbyhøj» er i risiko: for få tilmeldte';
    const raw = await buildMime({ from: 'pilot@example.kk.dk', to: ['a@example.kk.dk'], subject, html: '<p>æøå</p>', text: 'æøå ÆØÅ' });

    const message = parsePart(raw.toString('ascii'));
    expect(message.headers.subject).not.toContain('æ');
    expect(decodeHeader(message.headers.subject!)).toBe(subject);
    expect(decodeBody(children(message)[0]!)).toBe('æøå ÆØÅ');
  });
});
