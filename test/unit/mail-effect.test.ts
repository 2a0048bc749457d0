import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { evaluatePilot, ratio, type ParticipantFacts } from '../../functions/domain/evaluation.js';
import type { Comparison, ComparisonGroupCounts } from '../../functions/domain/comparison.js';
import { renderDigestMail, type DigestMailView } from '../../functions/mail/digest.js';
import { phrases } from '../../functions/mail/i18n.js';
import { renderOutcomeMail, type OutcomeMailView } from '../../functions/mail/outcome.js';

// How sure, and compared with what, in the management e-mails: every rate
// with its interval, the certainty beside the recommendation, the effect
// against the comparison, in the CSV too, and the digest's ranking by effect.
// Danish and English; no English phrase in a Danish e-mail.

const started = (n: number, extra: Partial<ParticipantFacts> = {}): ParticipantFacts[] =>
  Array.from({ length: n }, () => ({
    status: 'completed',
    enrolledAt: '2021-03-01T08:00:00Z',
    startedAt: '2021-03-16T08:00:00Z',
    completedAt: '2021-05-01T08:00:00Z',
    ...extra,
  }));
const fiveOfFourteen = () => [...started(5, { followUp: 'employed-full-time' }), ...started(9, { followUp: 'unemployed' })];

const view = (
  language: 'da' | 'en',
  opts: { comparison?: Comparison; group?: ComparisonGroupCounts; target?: number; participants?: ParticipantFacts[] } = {},
): OutcomeMailView => ({
  pilot: { id: 'p-1', name: 'E-sportsinstruktører', partner: 'Esport Danmark', courseEnding: 'diploma', budgetDkk: 280_000, closedEarly: false },
  evaluation: evaluatePilot({
    targetEmploymentRate: opts.target ?? 0.4,
    budgetDkk: 280_000,
    participants: opts.participants ?? fiveOfFourteen(),
    ...(opts.comparison ? { comparison: opts.comparison } : {}),
    ...(opts.group ? { comparisonGroup: opts.group } : {}),
  }),
  language,
});
const group: Comparison = { kind: 'group', source: 'Berettigede borgere, der ikke deltog', period: 'samme to måneder' };
const fixedRate: Comparison = { kind: 'rate', source: 'Jobindsats: ledige akademikere', period: '2023', rate: 0.1 };

const unwrapped = (text: string) => text.replace(/\s+/g, ' ');
const csvOf = (mail: ReturnType<typeof renderOutcomeMail>) =>
  Object.fromEntries((parse(String(mail.attachments![0]!.content), { bom: true }) as string[][]).slice(1)) as Record<string, string>;

/** Every English phrase (the literal parts of the English table's sentences, 12 characters or more) that Danish does not share. */
const englishPhrases = (() => {
  const leaves = (value: unknown, out: string[] = []): string[] => {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'function') out.push(String((value as (...a: string[]) => string)(...Array.from({ length: 4 }, () => '\u0000'))));
    else if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => leaves(v, out));
    return out;
  };
  const danish = leaves(phrases('da')).join('\n');
  return [
    ...new Set(
      leaves(phrases('en'))
        .flatMap((s) => s.split('\u0000'))
        .map((f) => f.trim()),
    ),
  ].filter((f) => f.length >= 12 && !danish.includes(f));
})();
const english = (text: string) => englishPhrases.filter((p) => text.includes(p));

describe('the outcome e-mail: how sure', () => {
  it('shows every rate with its 95 % interval, in Danish and English, in the HTML and the text', () => {
    const da = renderOutcomeMail(view('da'));
    const en = renderOutcomeMail(view('en'));

    expect(da.html).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(unwrapped(da.text)).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(en.html).toContain('5 of 14 (36%; 95% interval 16–61%)');
    expect(unwrapped(en.text)).toContain('5 of 14 (36%; 95% interval 16–61%)');
    // The situation at follow-up too: 9 of 14 unemployed.
    expect(da.html).toContain('9 af 14 (64 %; 95 %-interval 39–84 %)');
  });

  it('says beside the recommendation that the figures cannot tell 36 % from the 40 % target, and the cohort that would', () => {
    const e = view('da').evaluation;
    const n = e.certainty!.cohortToTell!;
    const da = unwrapped(renderOutcomeMail(view('da')).text);
    const en = unwrapped(renderOutcomeMail(view('en')).text);

    expect(da).toContain('Tallene kan ikke skelne resultatet fra målet: 95 %-intervallet, 16 % til 61 %, rummer målet på 40 %.');
    expect(da).toContain(`Med samme resultat skal et næste hold have omkring ${n} deltagere for at afgøre det.`);
    expect(en).toContain('The figures cannot tell the result from the target: the 95% interval, 16% to 61%, holds the target of 40%.');
    expect(en).toContain(`With the same result, a next cohort would need about ${n} participants to tell.`);
    // Beside the recommendation, which stays as the rule has it.
    expect(da.indexOf('Tallene kan ikke skelne')).toBeLessThan(da.indexOf('Nøgletal'));
    expect(renderOutcomeMail(view('da')).subject).toContain('Justér og gentag');
  });

  it('says a rate wholly above or below its target plainly, without a cohort size', () => {
    const above = unwrapped(renderOutcomeMail(view('da', { target: 0.1 })).text);
    const below = unwrapped(renderOutcomeMail(view('en', { target: 0.8 })).text);
    expect(above).toContain('Tallene viser sikkert et resultat over målet: hele 95 %-intervallet, 16 % til 61 %, ligger over målet på 10 %.');
    expect(above).not.toContain('næste hold');
    expect(below).toContain('The figures show a result clearly below the target: the whole 95% interval, 16% to 61%, lies below the target of 80%.');
  });
});

describe('the outcome e-mail: compared with what', () => {
  it('a comparison group: its counts with their interval, the effect in percentage points with its interval (Newcombe), and the source', () => {
    const v = view('da', { comparison: group, group: { size: 40, employed: 8 } });
    const text = unwrapped(renderOutcomeMail(v).text);
    const e = v.evaluation.effect!;
    const pts = (f: number) => Math.round(f * 100);

    expect(text).toContain('Sammenlignet med');
    expect(text).toContain('8 af 40 (20 %; 95 %-interval 10–35 %)');
    expect(text).toContain(
      `+16 procentpoint (95 %-interval ${pts(e.interval.low) < 0 ? '\u2212' : '+'}${Math.abs(pts(e.interval.low))} til +${pts(e.interval.high)})`,
    );
    expect(text).toContain('Forskellen kan være nul: tallene kan ikke skelne pilotprojektet fra sammenligningen.');
    expect(text).toContain('(Newcombes metode)');
    expect(text).toContain('Kilde: Berettigede borgere, der ikke deltog (samme to måneder).');
  });

  it('a published rate without its n: against a fixed rate, said so, in English', () => {
    const text = unwrapped(renderOutcomeMail(view('en', { comparison: fixedRate })).text);
    expect(text).toContain('Compared with');
    expect(text).toContain('+26 percentage points (95% interval +6 to +51)');
    expect(text).toContain('The pilot lies clearly above the comparison.');
    expect(text).toContain("The comparison's n is unknown, so only the pilot's own uncertainty counts.");
  });

  it('a group never counted says there is no effect to judge, and why', () => {
    const text = unwrapped(renderOutcomeMail(view('da', { comparison: group })).text);
    expect(text).toContain('Ingen effekt at vurdere: sammenligningsgruppens tal blev ikke registreret ved opfølgningen.');
  });

  it('the CSV carries each interval, the certainty and the effect as rows, in both languages', () => {
    const da = csvOf(renderOutcomeMail(view('da', { comparison: group, group: { size: 40, employed: 8 } })));
    expect(da).toMatchObject({
      'beskæftigelsesandel af startede (%)': '36',
      'beskæftigelsesandel af startede (%) 95 %-interval nedre': '16',
      'beskæftigelsesandel af startede (%) 95 %-interval øvre': '61',
      'sikkerhed mod målet': 'kan ikke skelnes fra målet',
      sammenligning: 'sammenligningsgruppe',
      'sammenligningens beskæftigelsesandel (%)': '20',
      'sammenligningen i ordinær beskæftigelse': '8',
      'sammenligningens antal': '40',
      'effekt (procentpoint)': '16',
      'effektens metode': 'newcombe',
    });
    expect(Number(da['effekt (procentpoint) 95 %-interval nedre'])).toBeLessThan(0);
    const en = csvOf(renderOutcomeMail(view('en', { comparison: fixedRate })));
    expect(en).toMatchObject({
      'employment rate of those who started (%) 95% interval low': '16',
      'employment rate of those who started (%) 95% interval high': '61',
      'effect (percentage points)': '26',
      'effect (percentage points) 95% interval low': '6',
      'effect method': 'against a fixed rate',
    });
  });
});

describe('the digest: the portfolio by effect', () => {
  const digest = (language: 'da' | 'en'): DigestMailView => {
    const a = view(language, { comparison: group, group: { size: 40, employed: 8 } }).evaluation;
    const b = view(language, { comparison: fixedRate }).evaluation;
    return {
      weekOf: '2021-06-07',
      active: [],
      closedSince: [{ name: 'E-sportsinstruktører', recommendation: 'adjust', employment: ratio(5, 14) }],
      byEffect: [
        { name: 'Online marketing', employment: b.employment!.rate, comparison: b.comparison!, effect: b.effect! },
        { name: 'E-sportsinstruktører', employment: a.employment!.rate, comparison: a.comparison!, effect: a.effect! },
      ],
      language,
    };
  };

  it('ranks by effect with intervals, and shows closed pilots’ employment with its interval', () => {
    const da = renderDigestMail(digest('da'));
    const text = unwrapped(da.text);
    expect(text).toContain('Effekt i porteføljen (2)');
    expect(text.indexOf('+26 procentpoint')).toBeLessThan(text.indexOf('+16 procentpoint'));
    expect(text).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(text).toContain('Hvor intervallerne overlapper, er rækkefølgen ikke sikker.');
    const en = unwrapped(renderDigestMail(digest('en')).text);
    expect(en).toContain('Effect across the portfolio (2)');
    expect(en).toContain('+26 percentage points (95% interval +6 to +51)');
    for (const line of da.text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(76);
  });
});

describe('no English in a Danish e-mail', () => {
  it('finds the English phrases in the English e-mails (the scan works) and none in the Danish ones, whatever the comparison', () => {
    const variants = [
      {},
      { comparison: group },
      { comparison: group, group: { size: 40, employed: 8 } },
      { comparison: fixedRate },
      { target: 0.1 },
      { target: 0.8 },
    ];
    expect(english(renderOutcomeMail(view('en', variants[2])).text).length).toBeGreaterThan(5);
    for (const v of variants) {
      const mail = renderOutcomeMail(view('da', v));
      expect(english(`${mail.subject}\n${mail.text}\n${mail.html}\n${String(mail.attachments![0]!.content)}`), JSON.stringify(v)).toEqual([]);
    }
    const d = renderDigestMail({ ...{ weekOf: '2021-06-07', active: [], closedSince: [] }, byEffect: [], language: 'da' });
    expect(english(d.text)).toEqual([]);
  });
});
