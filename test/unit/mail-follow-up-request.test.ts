import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_OUTCOMES } from '../../functions/domain/evaluation.js';
import { followUpRequest } from '../support/mail-examples.js';
import { renderFollowUpRequestMail } from '../../functions/mail/follow-up-request.js';
import { phrases } from '../../functions/mail/i18n.js';

describe('follow-up request e-mail', () => {
  it("asks the consultant to record each participant's situation, one of seven, at the link, by the deadline", () => {
    const mail = renderFollowUpRequestMail(followUpRequest('da', 0));

    expect(mail.subject).toBe('Registrér opfølgningen for pilotprojektet «Online marketing supporter» senest 1. februar 2021');
    expect(mail.html).toContain('Der mangler en registrering for 4 deltagere.');
    expect(mail.html).toContain('Vælg én af disse syv situationer for hver deltager:');
    const items = [...mail.html.matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual(FOLLOW_UP_OUTCOMES.map((o) => phrases('da').outcomes[o]));
    expect(items).toEqual([
      'Ordinært job, fuld tid',
      'Ordinært job, deltid',
      'Job med løntilskud',
      'Virksomhedspraktik',
      'Uddannelse',
      'Fortsat ledig',
      'Ukendt',
    ]);
    expect(mail.html).toContain('<a href="https://pilot.example.kk.dk/pilots/online-marketing-2020/follow-up"');
    expect(mail.html).toContain('Åbn deltagerlisten');
    expect(mail.text).toContain('Åbn deltagerlisten:\nhttps://pilot.example.kk.dk/pilots/online-marketing-2020/follow-up');
    expect(mail.html).not.toContain('Påmindelse');
  });

  it('says it is a reminder, and the last one, in the subject and at the top', () => {
    const first = renderFollowUpRequestMail(followUpRequest('da', 1));
    expect(first.subject).toMatch(/^Påmindelse: Registrér opfølgningen/);
    expect(first.html).toContain('Der mangler stadig opfølgning for 4 deltagere');
    expect(first.html.indexOf('Påmindelse')).toBeLessThan(first.html.indexOf('Vælg én af disse syv'));

    const last = renderFollowUpRequestMail(followUpRequest('da', 2));
    expect(last.subject).toMatch(/^Sidste påmindelse: /);
    expect(last.html).toContain('Dette er den sidste påmindelse før fristen 1. februar 2021.');
    expect(last.text).toContain('SIDSTE PÅMINDELSE');

    const en = renderFollowUpRequestMail(followUpRequest('en', 2));
    expect(en.subject).toBe('Final reminder: Record the follow-up for the pilot «Online marketing supporter» by 1 February 2021');
    expect(en.html).toContain('The follow-up is still missing for 4 participants');
    expect([...en.html.matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(FOLLOW_UP_OUTCOMES.map((o) => phrases('en').outcomes[o]));
  });

  it('uses the singular for one participant', () => {
    const mail = renderFollowUpRequestMail({ ...followUpRequest('da', 0), participantsWithoutOutcome: 1 });
    expect(mail.html).toContain('Der mangler en registrering for 1 deltager.');
    expect(renderFollowUpRequestMail({ ...followUpRequest('en', 1), participantsWithoutOutcome: 1 }).html).toContain('for 1 participant');
  });

  it('refuses a link that is not http(s), and escapes one with quotes inside its attribute', () => {
    expect(() => renderFollowUpRequestMail({ ...followUpRequest(), listUrl: 'javascript:alert(1)' })).toThrow(/http/);
    const mail = renderFollowUpRequestMail({ ...followUpRequest(), listUrl: 'https://x.example/a?b="><script>' });
    expect(mail.html).toContain('href="https://x.example/a?b=&quot;&gt;&lt;script&gt;"');
    expect(mail.html).not.toContain('<script>');
  });
});
