import { describe, expect, it } from 'vitest';
import { ESCALATION_RISKS } from '../../functions/domain/risks.js';
import { renderEscalationMail, type EscalationMailView } from '../../functions/mail/escalation.js';
import { recruitmentEscalation } from '../support/mail-examples.js';

const unwrapped = (text: string) => text.replace(/\s+/g, ' ');

describe('escalation e-mail', () => {
  it('says a pilot short of its minimum cohort is at risk, with 12 enrolled of a minimum of 30, what to do and by when', () => {
    const mail = renderEscalationMail(recruitmentEscalation('da'));

    expect(mail.subject).toBe('Pilotprojektet «Byggeriets IT, hold 2» er i risiko: for få tilmeldte (frist 12. marts 2021)');
    expect(mail.html).toContain('For få tilmeldte');
    expect(mail.html).toContain('Rekrutteringen er slut med 12 tilmeldte. Der skal være mindst 30, før forløbet kan gennemføres.');
    expect(mail.html).toMatch(/Tilmeldte<\/td>\s*<td[^>]*>12<\/td>/);
    expect(mail.html).toMatch(/Mindste antal deltagere<\/td>\s*<td[^>]*>30<\/td>/);
    expect(mail.html).toContain('Forlæng rekrutteringen');
    expect(mail.html).toContain('Luk pilotprojektet');
    expect(mail.html).toContain(
      'Beslut senest 12. marts 2021. Har du ikke forlænget rekrutteringen eller lukket pilotprojektet inden da, lukker det af sig selv ved udgangen af dagen.',
    );
    // The situation comes first, the actions after it, the deadline last.
    expect(mail.html.indexOf('For få tilmeldte')).toBeLessThan(mail.html.indexOf('Hvad kan du gøre?'));
    expect(mail.html.indexOf('Hvad kan du gøre?')).toBeLessThan(mail.html.indexOf('Beslut senest'));
    expect(unwrapped(mail.text)).toContain('Rekrutteringen er slut med 12 tilmeldte.');
    expect(mail.text).toContain('- Forlæng rekrutteringen');
  });

  it('is written in English on request', () => {
    const mail = renderEscalationMail(recruitmentEscalation('en'));

    expect(mail.subject).toBe('The pilot «Byggeriets IT, hold 2» is at risk: too few enrolled (deadline 12 March 2021)');
    expect(mail.html).toContain('Recruitment has ended with 12 enrolled. The course needs at least 30 to run.');
    expect(mail.html).toContain('Extend recruitment');
    expect(mail.html).toContain('it closes by itself at the end of that day');
    expect(mail.html).not.toMatch(/tilmeldte|Frist/);
  });

  it.each(ESCALATION_RISKS.flatMap((risk) => (['da', 'en'] as const).map((language) => [risk, language] as const)))(
    'renders %s in %s with its situation, actions and deadline, and nothing left unfilled',
    (risk, language) => {
      const mail = renderEscalationMail({ pilot: { id: 'p', name: 'Azure with Microsoft' }, risk, details: {}, decideBy: '2021-01-20', language });

      expect(mail.subject).toContain('«Azure with Microsoft»');
      expect(mail.html).toContain(language === 'da' ? '20. januar 2021' : '20 January 2021');
      expect(mail.html).toMatch(/<li[^>]*>[^<]{10,}<\/li>/);
      for (const body of [mail.subject, mail.html, mail.text]) expect(body).not.toMatch(/undefined|null|NaN|\[object/);
    },
  );

  it.each([
    [
      'no-company-answer',
      { invited: 9, answered: 0 },
      'Ingen af de 9 inviterede virksomheder har bekræftet pladser til matcharrangementet.',
      'lukker pilotprojektet af sig selv',
    ],
    ['voucher-shortage', { needed: 40, available: 25, expiresOn: '2021-06-30' }, 'Der er 25 ledige voucherkoder til 40 kandidater', 'kan ikke gå til eksamen'],
    [
      'follow-up-incomplete',
      { withoutOutcome: 6, started: 14 },
      'ikke registreret for 6 af 14 deltagere',
      'evalueres pilotprojektet med de tal, der er registreret',
    ],
  ] as const)('states %s with its numbers and what happens at the deadline', (risk, details, situation, consequence) => {
    const mail = renderEscalationMail({ pilot: { id: 'p', name: 'X' }, risk, details, decideBy: '2021-01-20' });

    expect(mail.html).toContain(situation);
    expect(mail.html).toContain(consequence);
  });

  it('shows a date detail as a date, a large number with digit grouping, and an unknown key as it is, escaped', () => {
    const view: EscalationMailView = {
      pilot: { id: 'p', name: 'X' },
      risk: 'voucher-shortage',
      details: { expiresOn: '2021-06-30', needed: 1200, available: 800, '<i>note</i>': '<b>x</b>' },
    };
    const da = renderEscalationMail(view);
    expect(da.html).toMatch(/Koderne udløber<\/td>\s*<td[^>]*>30\. juni 2021<\/td>/);
    expect(da.html).toMatch(/Kandidater, der mangler en kode<\/td>\s*<td[^>]*>1\.200<\/td>/);
    expect(da.html).toContain('&lt;i&gt;note&lt;/i&gt;');
    expect(da.html).not.toMatch(/<i>|<b>x/);
    expect(renderEscalationMail({ ...view, language: 'en' }).html).toMatch(/Candidates without a code<\/td>\s*<td[^>]*>1,200<\/td>/);
  });

  it('without a deadline, says none is set instead of promising an automatic close', () => {
    const { decideBy: _, ...view } = recruitmentEscalation('da');
    const mail = renderEscalationMail(view);

    expect(mail.subject).toBe('Pilotprojektet «Byggeriets IT, hold 2» er i risiko: for få tilmeldte');
    expect(mail.html).toContain('Der er ikke sat en frist.');
    expect(mail.html).not.toContain('af sig selv');
  });

  it('escapes the pilot name', () => {
    const mail = renderEscalationMail({ ...recruitmentEscalation('da'), pilot: { id: 'p', name: '<script>alert(1)</script>' } });

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('«&lt;script&gt;alert(1)&lt;/script&gt;»');
  });
});
