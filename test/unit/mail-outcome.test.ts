import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { containsCpr } from '../../functions/domain/cpr.js';
import { evaluatePilot, type ParticipantFacts } from '../../functions/domain/evaluation.js';
import { cohort, esportEvaluation, esportOutcome, smvDigitalOutcome } from '../support/mail-examples.js';
import { renderOutcomeMail, type OutcomeMailView } from '../../functions/mail/outcome.js';

// The e-sport instructors' course: 14 started, 5 in full-time
// work two months after. The evaluation is computed by the domain's
// evaluatePilot from anonymous participant facts, as in production.

const csvOf = (mail: ReturnType<typeof renderOutcomeMail>) => {
  const attachment = mail.attachments?.[0];
  if (!attachment) throw new Error('no attachment');
  return { attachment, rows: parse(String(attachment.content), { bom: true }) as string[][] };
};

/** The text alternative with its line wrapping undone, to find a sentence that spans lines. */
const unwrapped = (text: string) => text.replace(/\s+/g, ' ');

const indexOf = (haystack: string, needle: string) => {
  const i = haystack.indexOf(needle);
  expect(i, `"${needle}" is in the mail`).toBeGreaterThanOrEqual(0);
  return i;
};

describe('outcome e-mail', () => {
  it('shows the employment rate with its counts and interval: "5 af 14 (36 %; 95 %-interval 16–61 %)" in Danish, "5 of 14 (36%; 95% interval 16–61%)" in English', () => {
    const da = renderOutcomeMail(esportOutcome('da'));
    const en = renderOutcomeMail(esportOutcome('en'));

    expect(esportEvaluation().employment?.rate).toMatchObject({ count: 5, of: 14, rate: 5 / 14 });
    expect(da.html).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(da.text).toContain('I ordinær beskæftigelse (af dem, der startede):');
    expect(unwrapped(da.text)).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(en.html).toContain('5 of 14 (36%; 95% interval 16–61%)');
    expect(unwrapped(en.text)).toContain('5 of 14 (36%; 95% interval 16–61%)');
    expect(en.html).not.toContain('5 af 14');
  });

  it('is in Danish when no language is given, with the subject naming the pilot and the recommendation', () => {
    const { language: _, ...view } = esportOutcome();
    const mail = renderOutcomeMail(view);

    expect(mail.subject).toBe('Resultat af pilotprojektet «E-sportsinstruktører»: Fortsæt');
    expect(mail.html).toContain('<html lang="da">');
    expect(mail.html).toContain('Deltagernes situation ved opfølgningen');
    expect(renderOutcomeMail(esportOutcome('en')).subject).toBe('Outcome of the pilot «E-sportsinstruktører»: Continue');
  });

  it('puts the recommendation first: before the key figures and the funnel, in the HTML and the text', () => {
    const mail = renderOutcomeMail(esportOutcome('da'));

    for (const body of [mail.html, mail.text]) {
      const recommendation = indexOf(body, 'Fortsæt og indarbejd i det faste tilbud');
      expect(recommendation).toBeLessThan(indexOf(body, 'Nøgletal'));
      expect(recommendation).toBeLessThan(indexOf(body, 'Fra rekruttering til job'));
      expect(recommendation).toBeLessThan(indexOf(body, 'Rekrutteret'));
    }
  });

  it.each([
    [0.35, 'continue', 'Fortsæt og indarbejd i det faste tilbud', 'Continue and integrate into the regular offer', 'Det er på eller over målet på 35 %.'],
    [0.5, 'adjust', 'Justér og gentag', 'Adjust and repeat', 'Det er under målet på 50 %, men mindst halvdelen af det.'],
    [0.8, 'close', 'Luk ned', 'Close down', 'Det er under halvdelen af målet på 80 %.'],
  ] as const)('at a target of %s the figures recommend %s, with the reason against the target', (target, recommendation, da, en, because) => {
    const evaluation = esportEvaluation({ targetEmploymentRate: target });
    const view = { ...esportOutcome(), evaluation };

    expect(evaluation.recommendation).toBe(recommendation);
    const mail = renderOutcomeMail(view);
    expect(mail.html).toContain(da);
    expect(mail.html).toContain(because);
    expect(unwrapped(mail.text)).toContain(because);
    expect(renderOutcomeMail({ ...view, language: 'en' }).html).toContain(en);
  });

  it('says an uncertain result is uncertain because over a third of outcomes are unknown, and is not a recommendation to close', () => {
    const { override: _, ...view } = smvDigitalOutcome('da');
    expect(view.evaluation.recommendation).toBe('uncertain');

    const da = renderOutcomeMail(view);
    expect(da.subject).toBe('Resultat af pilotprojektet «SMV Digital» (lukket før tid): Usikkert resultat');
    expect(da.html).toContain('Ingen anbefaling: resultatet er usikkert');
    expect(da.html).toContain('Resultatet er usikkert, fordi udfaldet er ukendt for mere end en tredjedel af deltagerne: 6 af 10 (60 %).');
    expect(da.html).toContain('Det er ikke en anbefaling om at lukke pilotprojektet.');
    expect(da.html).not.toContain('Luk ned');
    expect(da.text).toContain('mere end en tredjedel');

    const en = renderOutcomeMail({ ...view, language: 'en' });
    expect(en.html).toContain('The result is uncertain because the outcome is unknown for more than a third of the participants: 6 of 10 (60%).');
    expect(en.html).toContain('This is not a recommendation to close the pilot.');
    expect(en.html).not.toContain('Close down');
  });

  it('says a pilot where nobody started is uncertain for that reason, not for unknown outcomes', () => {
    const evaluation = evaluatePilot({
      targetEmploymentRate: 0.4,
      budgetDkk: 100_000,
      participants: [{ status: 'enrolled', enrolledAt: '2020-08-01T08:00:00Z' }],
    });
    const mail = renderOutcomeMail({ ...esportOutcome(), evaluation });

    expect(evaluation.recommendation).toBe('uncertain');
    expect(mail.html).toContain('ingen deltagere startede på forløbet');
    expect(mail.html).toContain('Beskæftigelsen er ikke målt');
    expect(mail.html).not.toContain('I ordinær beskæftigelse: 0');
    expect(mail.html).toContain('Udgift pr. deltager, der startede');
  });

  it("shows both the computed recommendation and the consultant's override with the written reason, the override first", () => {
    const view = smvDigitalOutcome('da');
    const mail = renderOutcomeMail(view);

    expect(mail.subject).toBe('Resultat af pilotprojektet «SMV Digital» (lukket før tid): Luk ned');
    const override = indexOf(mail.html, 'Anbefaling, ændret af konsulenten');
    const computed = indexOf(mail.html, 'Anbefaling beregnet ud fra tallene');
    expect(override).toBeLessThan(computed);
    expect(computed).toBeLessThan(indexOf(mail.html, 'Fra rekruttering til job'));
    expect(mail.html).toContain('Luk ned');
    expect(mail.html).toContain('Ingen anbefaling: resultatet er usikkert');
    expect(mail.html).toContain(`Begrundelse: ${view.override!.reason}`);
    expect(mail.html).toContain('Ændret af: Mette Sørensen, projektleder');
    expect(mail.text).toContain('ANBEFALING, ÆNDRET AF KONSULENTEN');
    expect(mail.text).toContain('Ændret af: Mette Sørensen, projektleder');

    const en = renderOutcomeMail(smvDigitalOutcome('en'));
    expect(en.html).toContain('Recommendation, changed by the consultant');
    expect(en.html).toContain('Recommendation computed from the figures');
    expect(en.html).toContain('Reason: Without companies willing');
  });

  it('says a pilot closed early was closed early, with the reason', () => {
    const da = renderOutcomeMail(smvDigitalOutcome('da'));
    expect(da.html).toContain('Pilotprojektet blev lukket før tid');
    expect(da.html).toContain('Begrundelse: Ingen virksomheder svarede trods gentagen kontakt.');
    expect(renderOutcomeMail(smvDigitalOutcome('en')).html).toContain('The pilot was closed early');
    expect(renderOutcomeMail(esportOutcome('da')).html).not.toContain('lukket før tid');
  });

  it('names the certification stage for the course ending: exam, diploma, or none', () => {
    const view = esportOutcome('da');
    const withEnding = (courseEnding: OutcomeMailView['pilot']['courseEnding']) => renderOutcomeMail({ ...view, pilot: { ...view.pilot, courseEnding } }).html;

    expect(withEnding('exam')).toContain('Bestod certificeringen');
    expect(withEnding('diploma')).toContain('Fik diplom');
    expect(withEnding('none')).not.toMatch(/Bestod certificeringen|Fik diplom/);
    expect(renderOutcomeMail({ ...view, language: 'en' }).html).toContain('Received a diploma');
  });

  it('draws the funnel as table cells with a background colour and a width in percent, with no images, flex, grid or style sheet', () => {
    const { html } = renderOutcomeMail(esportOutcome('da'));

    // 16 recruited is the full bar; 14 started is 88 % of it, 5 employed 31 %.
    expect(html).toMatch(/Startede på forløbet<\/td>\s*<td[^>]*><table[^>]*><tr><td width="88%" style="width:88%;background:#2b5f9e;/);
    expect(html).toMatch(/I ordinær beskæftigelse<\/td>\s*<td[^>]*><table[^>]*><tr><td width="31%" style="width:31%;background:#1e7b45;/);
    expect(html).not.toMatch(/<img|<style|display:\s*(flex|grid)|class=/i);
    // Nothing is fetched or run: no linked style sheet, no script.
    expect(html).not.toMatch(/<link|<script/i);
  });

  it('lists milestones with target and actual by date, met or not; companies; and cost per participant and per job', () => {
    const da = renderOutcomeMail(esportOutcome('da'));
    expect(da.html).toMatch(/Tilmeldt<\/td><td[^>]*>15\. august 2021<\/td><td[^>]*>15<\/td><td[^>]*>16<\/td><td[^>]*>Nået<\/td>/);
    expect(da.html).toMatch(/Gennemført<\/td><td[^>]*>31\. oktober 2021<\/td><td[^>]*>13<\/td><td[^>]*>12<\/td><td[^>]*>Ikke nået<\/td>/);
    expect(da.html).toMatch(/Inviterede virksomheder<\/td>\s*<td[^>]*>14<\/td>/);
    expect(da.html).toMatch(/Bekræftede pladser ved matcharrangementet<\/td>\s*<td[^>]*>10<\/td>/);
    expect(da.html).toContain('280.000 kr.');
    expect(da.html).toMatch(/Udgift pr\. deltager, der startede<\/td>\s*<td[^>]*>20\.000 kr\.<\/td>/);
    expect(da.html).toMatch(/Udgift pr\. deltager i ordinær beskæftigelse<\/td>\s*<td[^>]*>56\.000 kr\.<\/td>/);

    const en = renderOutcomeMail(esportOutcome('en'));
    expect(en.html).toContain('15 August 2021');
    expect(en.html).toContain('DKK 56,000');
    expect(en.text).toMatch(/Completed\s+31 October 2021\s+13\s+12\s+Not met/);
  });

  it('carries the same content in the plain-text alternative, in lines of at most 76 characters', () => {
    const mail = renderOutcomeMail(smvDigitalOutcome('da'));

    for (const phrase of [
      'Luk ned',
      'Ingen anbefaling: resultatet er usikkert',
      'Pilotprojektet blev lukket før tid',
      '1 af 10 (10 %; 95 %-interval 2–40 %)',
      '6 af 10 (60 %)',
      'Gennemførte forløbet',
      'Fortsat ledig',
      'Der er ikke sat delmål for pilotprojektet.',
      'Inviterede virksomheder',
      '15.000 kr.',
      'smv-digital-resultat.csv',
    ]) {
      expect(unwrapped(mail.text)).toContain(phrase);
    }
    expect(mail.text).toMatch(/Rekrutteret\s+10\s+█{24}/);
    expect(mail.text).not.toMatch(/<[a-z]/i);
    for (const line of mail.text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(76);
  });

  it('escapes a pilot name, partner and reasons that hold markup', () => {
    const view = smvDigitalOutcome('da');
    const name = '<script>alert("x")</script> & «Test»';
    const mail = renderOutcomeMail({
      ...view,
      pilot: { ...view.pilot, name, partner: '<b>Partner</b>', closeReason: '<img src=x onerror=alert(1)>' },
      override: { ...view.override!, reason: '"><a href="javascript:alert(1)">klik</a>', by: "O'Brien" },
    });

    expect(mail.html).not.toMatch(/<script|<b>|<img|<a href="javascript/);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «Test»');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('O&#39;Brien');
    expect(mail.html).toContain(`<title>Resultat af pilotprojektet «&lt;script&gt;`);
    // The subject and the text alternative are plain text: the name as written.
    expect(mail.subject).toContain(name);
    expect(mail.text).toContain(name);
  });

  it('attaches the anonymous figures as <pilot-name-slug>-resultat.csv with Danish headers, one metric,value row each', () => {
    const { attachment, rows } = csvOf(renderOutcomeMail(esportOutcome('da')));

    expect(attachment.filename).toBe('e-sportsinstruktoerer-resultat.csv');
    expect(attachment.contentType).toBe('text/csv; charset=utf-8');
    expect(rows[0]).toEqual(['nøgletal', 'værdi']);
    expect(rows.every((r) => r.length === 2)).toBe(true);
    const figures = Object.fromEntries(rows.slice(1)) as Record<string, string>;
    expect(figures).toMatchObject({
      pilotprojekt: 'E-sportsinstruktører',
      anbefaling: 'Fortsæt og indarbejd i det faste tilbud',
      'lukket før tid': 'nej',
      rekrutteret: '16',
      startede: '14',
      gennemførte: '12',
      'fik diplom': '11',
      'i ordinær beskæftigelse': '5',
      'beskæftigelsesandel af startede (%)': '36',
      'på fuld tid': '5',
      'ukendt situation': '1',
      'mål for beskæftigelsesandel (%)': '35',
      'opfølgning: fortsat ledig': '3',
      'delmål tilmeldt senest 2021-08-15 (mål)': '15',
      'delmål tilmeldt senest 2021-08-15 (faktisk)': '16',
      'inviterede virksomheder': '14',
      'budget (kr.)': '280000',
      'udgift pr. startet deltager (kr.)': '20000',
      'udgift pr. deltager i ordinær beskæftigelse (kr.)': '56000',
    });
    // Apart from the pilot's own name, partner and the recommendation, every value is a number.
    const texts = [
      'pilotprojekt',
      'samarbejdspartner',
      'anbefaling',
      'lukket før tid',
      'beskæftigelse målt',
      'sikkerhed mod målet',
      'sammenligning',
      'sammenligningens kilde',
      'sammenligningens periode',
      'effektens metode',
    ];
    for (const [metric, value] of Object.entries(figures)) if (!texts.includes(metric)) expect(value, metric).toMatch(/^-?\d+$/);
  });

  it('names the English attachment -outcome.csv with English headers, and shows both recommendations when overridden', () => {
    const { attachment, rows } = csvOf(renderOutcomeMail(smvDigitalOutcome('en')));

    expect(attachment.filename).toBe('smv-digital-outcome.csv');
    expect(rows[0]).toEqual(['metric', 'value']);
    const figures = Object.fromEntries(rows.slice(1)) as Record<string, string>;
    expect(figures).toMatchObject({
      recommendation: 'Close down',
      'computed recommendation': 'No recommendation: the result is uncertain',
      'closed early': 'yes',
      started: '10',
      'outcome unknown': '6',
      'cost per participant in ordinary employment (DKK)': '150000',
    });
    // Free text (the reasons, who overrode) stays out of the figures.
    expect(String(attachment.content)).not.toMatch(/Mette|repeated contact/);
  });

  it('quotes CSV fields with commas and defuses a pilot name a spreadsheet would run as a formula', () => {
    const view = esportOutcome('da');
    const { attachment, rows } = csvOf(renderOutcomeMail({ ...view, pilot: { ...view.pilot, name: '=HYPERLINK("http://x","Klik"), hold 1' } }));

    expect(rows[1]).toEqual(['pilotprojekt', `'=HYPERLINK("http://x","Klik"), hold 1`]);
    expect(attachment.filename).toBe('hyperlink-http-x-klik-hold-1-resultat.csv');
  });

  it('holds no personal data: names and references given to the evaluation never reach the mail or the attachment', () => {
    // Participant records as the store holds them, with a name and case reference; evaluatePilot reads only the facts.
    const people = cohort({
      completed: 3,
      droppedOut: 1,
      outcomes: { 'employed-full-time': 2, unemployed: 2 },
      enrolledAt: '2021-08-02T09:00:00Z',
      startedAt: '2021-09-01T07:00:00Z',
      completedAt: '2021-10-22T14:00:00Z',
    }).map((facts, i) => ({ ...facts, displayName: `Anna Hansen ${i}`, reference: `KK-2021-004${i}`, email: `anna${i}@example.dk` }));
    const evaluation = evaluatePilot({ targetEmploymentRate: 0.4, budgetDkk: 100_000, participants: people as ParticipantFacts[] });
    const view: OutcomeMailView = { ...esportOutcome(), evaluation };

    const strings = JSON.stringify(evaluation)
      .match(/"[^"]*"/g)!
      .map((s) => s.slice(1, -1));
    expect(strings.filter((s) => /Anna|KK-|@/.test(s))).toEqual([]);
    for (const language of ['da', 'en'] as const) {
      const mail = renderOutcomeMail({ ...view, language });
      for (const body of [mail.subject, mail.html, mail.text, String(mail.attachments![0]!.content)]) {
        expect(body).not.toMatch(/Anna|KK-2021|@example/);
        expect(containsCpr(body)).toBe(false);
      }
    }
  });
});
