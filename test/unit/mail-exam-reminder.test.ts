import { describe, expect, it } from 'vitest';
import { EXAM_RESULTS } from '../../functions/domain/vouchers.js';
import { renderExamReminderMail, type ExamReminderMailView } from '../../functions/mail/exam-reminder.js';
import { phrases } from '../../functions/mail/i18n.js';

/** Azure with Microsoft (autumn 2020): 3 of 12 candidates with a code have no result, a week before the exam deadline. */
const azureReminder = (language: 'da' | 'en' = 'da'): ExamReminderMailView => ({
  pilot: { id: 'azure-2020', name: 'Azure with Microsoft' },
  listUrl: 'https://pilot.example.kk.dk/pilots/azure-2020/vouchers',
  exam: 'AZ-900: Microsoft Azure Fundamentals',
  withoutResult: 3,
  withCode: 12,
  examDeadline: '2021-03-15',
  language,
});

const listItems = (html: string) => [...html.matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1]);

describe('exam results reminder e-mail', () => {
  it('tells the consultant, in Danish, how many results are missing, what to record, where and by when', () => {
    const mail = renderExamReminderMail(azureReminder());

    expect(mail.subject).toBe('Påmindelse: Registrér eksamensresultaterne for pilotprojektet «Azure with Microsoft» senest 15. marts 2021');
    expect(mail.html).toContain('<html lang="da">');
    expect(mail.html).toContain('Der mangler 3 eksamensresultater');
    expect(mail.html).toContain('3 af de 12 kandidater med en voucherkode har endnu ikke fået registreret et eksamensresultat.');
    expect(mail.html).toContain('til eksamen i «AZ-900: Microsoft Azure Fundamentals»');
    expect(listItems(mail.html)).toEqual(EXAM_RESULTS.map((r) => phrases('da').examReminder.results[r]));
    expect(listItems(mail.html)).toEqual(['Bestået', 'Ikke bestået', 'Udeblevet – kandidaten mødte ikke op til eksamen']);
    expect(mail.html).toContain('sammen med datoen for eksamen');
    expect(mail.html).toContain('<a href="https://pilot.example.kk.dk/pilots/azure-2020/vouchers"');
    expect(mail.html).toContain('POST /pilots/azure-2020/exam-results');
    expect(mail.html).toContain(
      'Fristen er 15. marts 2021. Derefter slutter certificeringen med de resultater, der er registreret, og kandidater uden et resultat tæller ikke som certificerede.',
    );
    // The text alternative carries the same content.
    expect(mail.text).toContain('PÅMINDELSE\nDer mangler 3 eksamensresultater');
    expect(mail.text).toContain('Registrér eksamensresultaterne:\nhttps://pilot.example.kk.dk/pilots/azure-2020/vouchers');
    expect(mail.text).toMatch(/Uden registreret resultat: +3\n/);
    expect(mail.text).toMatch(/Frist: +15\. marts 2021\n/);
    expect(mail.text).toContain('- Ikke bestået');
    expect(mail.text.split('\n').every((l) => [...l].length <= 76 || !/\s/.test(l))).toBe(true);
  });

  it('says the same in English', () => {
    const mail = renderExamReminderMail(azureReminder('en'));

    expect(mail.subject).toBe('Reminder: Record the exam results for the pilot «Azure with Microsoft» by 15 March 2021');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('3 exam results are missing');
    expect(mail.html).toContain('3 of the 12 candidates with a voucher code have no exam result recorded yet.');
    expect(listItems(mail.html)).toEqual(['Passed', 'Failed', 'No-show – the candidate did not turn up for the exam']);
    expect(mail.html).toContain('POST /pilots/azure-2020/exam-results');
    expect(mail.html).toContain(
      'The deadline is 15 March 2021. After that the certification phase ends with the results recorded, and candidates without a result are not counted as certified.',
    );
    expect(mail.text).toContain('Record the exam results:\nhttps://pilot.example.kk.dk/pilots/azure-2020/vouchers');
    expect(mail.html).not.toMatch(/Påmindelse|Fristen|kandidater/);
  });

  it('uses the singular for one missing result and for one candidate, in both languages', () => {
    const one = { ...azureReminder(), withoutResult: 1 };
    expect(renderExamReminderMail(one).html).toContain('Der mangler 1 eksamensresultat<');
    expect(renderExamReminderMail(one).html).toContain('1 af de 12 kandidater med en voucherkode har endnu ikke');
    const en = renderExamReminderMail({ ...one, language: 'en' });
    expect(en.html).toContain('1 exam result is missing');
    expect(en.html).toContain('1 of the 12 candidates with a voucher code has no exam result recorded yet.');

    const alone = { ...azureReminder(), withoutResult: 1, withCode: 1 };
    expect(renderExamReminderMail(alone).html).toContain('Kandidaten med en voucherkode har endnu ikke fået registreret et eksamensresultat.');
    expect(renderExamReminderMail({ ...alone, language: 'en' }).html).toContain('The candidate with a voucher code has no exam result recorded yet.');
    expect(renderExamReminderMail({ ...alone, language: 'en' }).html).not.toMatch(/1 of (the )?1 /);
  });

  it('groups large counts by the language, and still reads right when nothing is missing', () => {
    const many = { ...azureReminder(), withoutResult: 1234, withCode: 1600 };
    expect(renderExamReminderMail(many).html).toContain('1.234 af de 1.600 kandidater');
    expect(renderExamReminderMail({ ...many, language: 'en' }).html).toContain('1,234 of the 1,600 candidates');

    const none = renderExamReminderMail({ ...azureReminder(), withoutResult: 0 });
    expect(none.html).toContain('Alle eksamensresultater er registreret');
    expect(none.html).not.toContain('Der mangler 0');
  });

  it('formats the deadline as a date in each language, and leaves anything else as it is', () => {
    expect(renderExamReminderMail({ ...azureReminder(), examDeadline: '2021-01-01' }).subject).toMatch(/senest 1\. januar 2021$/);
    expect(renderExamReminderMail({ ...azureReminder('en'), examDeadline: '2020-12-24' }).subject).toMatch(/by 24 December 2020$/);
    expect(renderExamReminderMail({ ...azureReminder(), examDeadline: 'snart' }).html).toContain('Fristen er snart.');
  });

  it('leaves the exam out when none is known', () => {
    const mail = renderExamReminderMail({ ...azureReminder(), exam: '' });
    expect(mail.html).toContain('der har fået en voucherkode.');
    expect(mail.html).not.toContain('«»');
    expect(mail.text).not.toMatch(/^Eksamen:/m);
  });

  it('escapes the pilot name, the exam and the pilot id, and names no candidate', () => {
    const mail = renderExamReminderMail({
      ...azureReminder(),
      pilot: { id: 'x"><img src=x onerror=alert(1)>', name: '<script>alert("navn")</script> & Co' },
      exam: '<b>AZ-900</b>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('«&lt;script&gt;alert(&quot;navn&quot;)&lt;/script&gt; &amp; Co»');
    expect(mail.html).toContain('«&lt;b&gt;AZ-900&lt;/b&gt;»');
    expect(mail.html).toContain('POST /pilots/x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;/exam-results');
    // Plain text is not markup: the text alternative and the subject carry the name as it is.
    expect(mail.text).toContain('<script>alert("navn")</script> & Co');
    expect(mail.subject).toContain('«<script>alert("navn")</script> & Co»');
  });

  it('refuses a link that is not http(s), and escapes one with quotes inside its attribute', () => {
    expect(() => renderExamReminderMail({ ...azureReminder(), listUrl: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => renderExamReminderMail({ ...azureReminder(), listUrl: ' JavaScript:alert(1)' })).toThrow(/http/);
    expect(() => renderExamReminderMail({ ...azureReminder(), listUrl: 'data:text/html,<script>' })).toThrow(/http/);
    const mail = renderExamReminderMail({ ...azureReminder(), listUrl: 'https://x.example/a?b="><script>' });
    expect(mail.html).toContain('href="https://x.example/a?b=&quot;&gt;&lt;script&gt;"');
    expect(mail.html).not.toContain('<script>');
  });
});
