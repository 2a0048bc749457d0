import { describe, expect, it } from 'vitest';
import { renderVoucherMail, type VoucherMailView } from '../../functions/mail/voucher.js';
import { azureVoucher } from '../support/mail-examples.js';

const unwrapped = (text: string) => text.replace(/\s+/g, ' ');
/** The hidden inbox preview line at the top of the HTML. */
const preheader = (html: string) => html.match(/<div style="display:none;[^"]*">([^<]*)<\/div>/)?.[1];

describe('voucher e-mail', () => {
  it('greets the participant and gives the code, the exam, the deadline, the expiry, and what to do if they cannot make it', () => {
    const mail = renderVoucherMail(azureVoucher('da'));

    expect(mail.subject).toBe('Din voucherkode til eksamen i «AZ-900: Microsoft Azure Fundamentals»');
    expect(mail.html).toContain('<html lang="da">');
    expect(mail.html).toContain('Hej Søren Østergaard');
    expect(mail.html).toContain('Koden er sponsoreret af Microsoft og er en del af forløbet «Azure with Microsoft».');
    // The code in full, in a monospace box, after the greeting and before the dates.
    expect(mail.html).toMatch(/<td[^>]*font-family:Consolas,Menlo,Courier New,Courier,monospace;[^>]*>AZ9-K7QW-3XPL-0O1I<\/td>/);
    expect(mail.html.indexOf('Hej Søren')).toBeLessThan(mail.html.indexOf('AZ9-K7QW-3XPL-0O1I'));
    expect(mail.html.indexOf('AZ9-K7QW-3XPL-0O1I')).toBeLessThan(mail.html.indexOf('Tag eksamen senest</td>'));
    expect(mail.html).toMatch(/Eksamen<\/td>\s*<td[^>]*>AZ-900: Microsoft Azure Fundamentals<\/td>/);
    expect(mail.html).toMatch(/Tag eksamen senest<\/td>\s*<td[^>]*>15\. februar 2021<\/td>/);
    expect(mail.html).toMatch(/Koden udløber<\/td>\s*<td[^>]*>30\. juni 2021<\/td>/);
    expect(mail.html).toContain('Koden er personlig. Del den ikke med nogen');
    expect(mail.html).toContain('Hvis du ikke kan nå at tage eksamen senest 15. februar 2021, så kontakt din konsulent i jobcentret');
    expect(mail.html).not.toMatch(/nyt forsøg|igen/);

    // The text alternative: the code whole, on a line of its own, under its label.
    expect(mail.text).toContain('\nDIN PERSONLIGE VOUCHERKODE\nAZ9-K7QW-3XPL-0O1I\n');
    expect(mail.text).toMatch(/^Tag eksamen senest: +15\. februar 2021$/m);
    expect(mail.text).toMatch(/^Koden udløber: +30\. juni 2021$/m);
    expect(unwrapped(mail.text)).toContain('så kontakt din konsulent i jobcentret så hurtigt som muligt.');
  });

  it('is written in English on request', () => {
    const mail = renderVoucherMail(azureVoucher('en'));

    expect(mail.subject).toBe('Your voucher code for the exam «AZ-900: Microsoft Azure Fundamentals»');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Hello Søren Østergaard,');
    expect(mail.html).toMatch(/>AZ9-K7QW-3XPL-0O1I<\/td>/);
    expect(mail.html).toMatch(/Take the exam by<\/td>\s*<td[^>]*>15 February 2021<\/td>/);
    expect(mail.html).toMatch(/The code expires<\/td>\s*<td[^>]*>30 June 2021<\/td>/);
    expect(mail.html).toContain('The code is personal. Do not share it with anyone');
    expect(mail.html).toContain('please contact your consultant at the job centre');
    expect(mail.text).toContain('\nYOUR PERSONAL VOUCHER CODE\nAZ9-K7QW-3XPL-0O1I\n');
    expect(mail.text).toMatch(/^Take the exam by: +15 February 2021$/m);
    for (const body of [mail.subject, mail.html, mail.text]) expect(body).not.toMatch(/eksamen|Koden|februar|jobcentret/);
  });

  it('writes Danish when no language is given', () => {
    const { language: _, ...view } = azureVoucher('en');
    expect(renderVoucherMail(view).subject).toMatch(/^Din voucherkode/);
  });

  it('says kindly that a second code is for a new attempt', () => {
    const da = renderVoucherMail(azureVoucher('da', 2));
    expect(da.subject).toBe('Din nye voucherkode til eksamen i «AZ-900: Microsoft Azure Fundamentals»');
    expect(da.html).toContain('Din voucherkode til et nyt forsøg');
    expect(da.html).toContain('Her er en ny voucherkode, så du kan tage eksamen i «AZ-900: Microsoft Azure Fundamentals» en gang til.');
    expect(da.html).toContain('Det er helt almindeligt at bruge mere end ét forsøg, så bare rolig.');
    expect(da.html).toContain('Held og lykke med det nye forsøg!');
    expect(da.text).toContain('\nDIN VOUCHERKODE TIL FORSØG 2\nAZ9-RT2M-8VNC-5HJD\n');

    const en = renderVoucherMail(azureVoucher('en', 2));
    expect(en.subject).toBe('Your new voucher code for the exam «AZ-900: Microsoft Azure Fundamentals»');
    expect(en.html).toContain('Many people need more than one attempt, so don&#39;t worry.');
    expect(unwrapped(en.text)).toContain("Many people need more than one attempt, so don't worry.");
    expect(en.html).toContain('Good luck with your new attempt!');
  });

  it('keeps the code out of the subject and the inbox preview', () => {
    for (const language of ['da', 'en'] as const) {
      const mail = renderVoucherMail(azureVoucher(language));
      expect(mail.subject).not.toContain('AZ9-K7QW');
      expect(preheader(mail.html)).toBe(
        language === 'da' ? 'Koden er personlig. Tag eksamen senest 15. februar 2021.' : 'The code is personal. Take the exam by 15 February 2021.',
      );
    }
  });

  it('shows a long code whole on one text line', () => {
    const code = 'ABCDEFGHIJ-KLMNOPQRST-UVWXYZ0123-4567890ABC-DEFGHIJKLM-NOPQRSTUVW-XYZ';
    const mail = renderVoucherMail({ ...azureVoucher('da'), code });
    expect(mail.text.split('\n')).toContain(code);
    expect(mail.html).toContain(`>${code}</td>`);
  });

  it('escapes every value in the HTML, and a code that looks like a replacement pattern stays as it is', () => {
    const mail = renderVoucherMail({
      ...azureVoucher('da'),
      participantName: '<script>alert(1)</script>',
      pilot: { name: 'A & B "hold" 2' },
      sponsor: '<b>Microsoft</b>',
      exam: "<img src=x onerror='x'>",
      code: "$&-$'-<i>",
    });

    expect(mail.html).not.toMatch(/<script|<b>|<img|<i>/);
    expect(mail.html).toContain('Hej &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('«A &amp; B &quot;hold&quot; 2»');
    expect(mail.html).toContain('sponsoreret af &lt;b&gt;Microsoft&lt;/b&gt;');
    expect(mail.html).toContain('&lt;img src=x onerror=&#39;x&#39;&gt;');
    expect(mail.html).toContain('>$&amp;-$&#39;-&lt;i&gt;</td>');
    // The plain text is not HTML: it shows the values as they are.
    expect(mail.text).toContain('Hej <script>alert(1)</script>');
    expect(mail.text).toContain("\n$&-$'-<i>\n");
  });

  it('holds no participant data but the name it greets, even when the view carries more', () => {
    const view = {
      ...azureVoucher('da'),
      participantId: 'participant-7f3a',
      cpr: '0101901234',
      email: 'soren@example.dk',
      reference: 'SAG-2020-4711',
      otherParticipants: [{ name: 'Mette Hansen', code: 'AZ9-XXXX-YYYY-ZZZZ' }],
    } as VoucherMailView;
    const mail = renderVoucherMail(view);

    for (const body of [mail.subject, mail.html, mail.text]) {
      for (const value of ['participant-7f3a', '0101901234', 'soren@example.dk', 'SAG-2020-4711', 'Mette Hansen', 'AZ9-XXXX']) {
        expect(body).not.toContain(value);
      }
      expect(body).not.toMatch(/undefined|null|NaN|\[object|voucher-code-[0-9a-f]{8}/);
    }
    expect(mail.html.split('Søren Østergaard')).toHaveLength(2);
    expect(mail.text.split('Søren Østergaard')).toHaveLength(2);
    expect(mail.html.split('AZ9-K7QW-3XPL-0O1I')).toHaveLength(2);
    expect(mail.text.split('AZ9-K7QW-3XPL-0O1I')).toHaveLength(2);
  });
});
