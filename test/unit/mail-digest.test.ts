import { describe, expect, it } from 'vitest';
import { PHASES } from '../../functions/domain/lifecycle.js';
import { renderDigestMail, type DigestMailView } from '../../functions/mail/digest.js';
import { portfolioDigest } from '../support/mail-examples.js';
import { phrases } from '../../functions/mail/i18n.js';
import { formatDeadline, isoWeek } from '../../functions/mail/format.js';

describe('portfolio digest e-mail', () => {
  it("shows every active pilot's phase in Danish, its status, next deadline and risks", () => {
    const mail = renderDigestMail(portfolioDigest('da'));

    expect(mail.subject).toBe('Overblik over pilotprojekterne – uge 2, 2021');
    expect(mail.html).toContain('4 aktive pilotprojekter, heraf 1 på pause, 2 med risici. 2 pilotprojekter lukket siden sidste overblik.');
    expect(mail.html).toMatch(
      /Azure with Microsoft<\/td><td[^>]*>Matcharrangement<div[^>]*>I gang<\/div><div[^>]*>Venter på matcharrangementet<\/div><\/td><td[^>]*>27\. januar 2021<\/td><td[^>]*>Ingen<\/td>/,
    );
    expect(mail.html).toMatch(
      /Byggeriets IT, hold 2<\/td><td[^>]*>Rekruttering<div[^>]*>I gang<\/div>.*?12\. marts 2021<\/td><td[^>]*>For få tilmeldte<\/td>/s,
    );
    expect(mail.html).toMatch(/Digital Koordinator Experienced<\/td><td[^>]*>Forløb<div[^>]*>Sat på pause<\/div><\/td><td[^>]*>–<\/td>/);
    expect(mail.html).toMatch(/<div[^>]*>Opfølgningen mangler<\/div><div[^>]*>For få voucherkoder<\/div>/);
    expect(mail.text).toContain('Fase: Forløb – Sat på pause');
    expect(mail.text).toContain('Risici: Opfølgningen mangler, For få voucherkoder');
  });

  it("shows closed pilots' recommendation and employment with counts", () => {
    const da = renderDigestMail(portfolioDigest('da'));
    expect(da.html).toMatch(
      /E-sportsinstruktører<\/td><td[^>]*>Fortsæt og indarbejd i det faste tilbud<\/td><td[^>]*>5 af 14 \(36 %; 95 %-interval 16–61 %\)<\/td>/,
    );
    expect(da.html).toContain('Ingen anbefaling: resultatet er usikkert');

    const en = renderDigestMail(portfolioDigest('en'));
    expect(en.subject).toBe('Pilot projects overview – week 2, 2021');
    expect(en.html).toMatch(
      /E-sportsinstruktører<\/td><td[^>]*>Continue and integrate into the regular offer<\/td><td[^>]*>5 of 14 \(36%; 95% interval 16–61%\)<\/td>/,
    );
    expect(en.html).toContain('Match event');
    expect(en.html).toContain('Paused');
    expect(en.html).toContain('Too few enrolled');
    expect(en.html).toContain('27 January 2021');
  });

  it('translates every phase in both languages', () => {
    for (const language of ['da', 'en'] as const) {
      const names = PHASES.map((phase) => phrases(language).phase[phase]);
      expect(new Set(names).size).toBe(PHASES.length);
      const mail = renderDigestMail({
        weekOf: '2021-01-11',
        active: PHASES.map((phase) => ({ name: phase, phase, status: 'running', risks: [] })),
        closedSince: [],
        language,
      });
      for (const name of names) expect(mail.html).toContain(`>${name}<`);
    }
    expect(phrases('da').phase['match-event']).toBe('Matcharrangement');
    expect(phrases('da').phase['follow-up']).toBe('Opfølgning');
  });

  it('shows a deadline instant as the last Copenhagen day to act, in winter and summer time', () => {
    // Deadlines are the instant a day ends: 00:00 Copenhagen of the next day.
    expect(formatDeadline('2021-03-12T23:00:00.000Z', 'da')).toBe('12. marts 2021');
    expect(formatDeadline('2021-06-30T22:00:00.000Z', 'da')).toBe('30. juni 2021');
    expect(formatDeadline('2021-06-30T10:00:00.000Z', 'en')).toBe('30 June 2021');
    // 23:30 UTC on 30 June is already 1 July in Copenhagen.
    expect(formatDeadline('2021-06-30T23:30:00.000Z', 'da')).toBe('1. juli 2021');
  });

  it('numbers the week by ISO 8601, across the turn of the year', () => {
    expect(isoWeek('2021-01-11')).toEqual({ week: 2, year: 2021 });
    expect(isoWeek('2021-01-03')).toEqual({ week: 53, year: 2020 });
    expect(isoWeek('2024-12-30')).toEqual({ week: 1, year: 2025 });
    expect(isoWeek('2026-06-15')).toEqual({ week: 25, year: 2026 });
  });

  it('says so when nothing is active and nothing closed', () => {
    const mail = renderDigestMail({ weekOf: '2021-01-11', active: [], closedSince: [] });

    expect(mail.html).toContain('Der er ingen aktive pilotprojekter.');
    expect(mail.html).toContain('Ingen pilotprojekter er lukket siden sidste overblik.');
    expect(mail.html).toContain('0 aktive pilotprojekter, ingen med risici. 0 pilotprojekter lukket siden sidste overblik.');
  });

  it('shows an unknown risk as given, escaped, and escapes pilot names', () => {
    const view: DigestMailView = {
      weekOf: '2021-01-11',
      active: [{ name: '<script>x()</script>', phase: 'course', status: 'running', risks: ['<b>other</b>'] }],
      closedSince: [{ name: 'A & B', recommendation: 'adjust', employment: { count: 0, of: 0, rate: null, interval: null } }],
    };
    const mail = renderDigestMail(view);

    expect(mail.html).not.toMatch(/<script|<b>/);
    expect(mail.html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(mail.html).toContain('&lt;b&gt;other&lt;/b&gt;');
    expect(mail.html).toContain('A &amp; B');
    expect(mail.html).toContain('0 af 0 (–)');
  });
});
