import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { STYLE_CSS, STYLE_MODULE, styleModuleText } from '../../../scripts/generate-page-style.js';
import { renderInternshipForm, type InternshipFormView } from '../../../functions/http/company-pages/internship-form.js';
import {
  alreadyStartedMessage,
  invalidNumberMessage,
  noSlotsLeftMessage,
  overCompanyCapMessage,
  requiredMessage,
} from '../../../functions/http/company-pages/messages.js';
import { renderLinkRefusal } from '../../../functions/http/company-pages/refusal-page.js';
import {
  declinedLines,
  internshipRecordedLines,
  renderResultPage,
  slotsAnswerResult,
  slotsConfirmedLines,
} from '../../../functions/http/company-pages/result-page.js';
import { renderSlotsForm, type SlotsFormView } from '../../../functions/http/company-pages/slots-form.js';

const slotsView = (overrides: Partial<SlotsFormView> = {}): SlotsFormView => ({
  language: 'da',
  switchLanguageUrl: 'tok.en.abc?lang=en',
  company: { name: 'Nordlys IT ApS' },
  pilot: { name: 'Azure with Microsoft' },
  event: { date: '2021-01-14', responseDeadline: '2021-01-04', location: 'Gyldenløvesgade 15' },
  candidates: 42,
  maxSlots: 4,
  action: 'tok.en.abc',
  nonce: '6f1c3a52-3b9e-4c1e-9d7a-2d7f1f6b9a10',
  ...overrides,
});

const internshipView = (overrides: Partial<InternshipFormView> = {}): InternshipFormView => ({
  language: 'da',
  switchLanguageUrl: 'tok?lang=en',
  company: { name: 'Nordlys IT ApS' },
  pilot: { name: 'Azure with Microsoft' },
  candidates: [
    { code: 'K01', name: 'Anna Hansen', reported: { status: 'offered', type: 'internship', startDate: '2021-02-01', weeks: 8 } },
    { code: 'K03', name: 'Søren Østergård' },
  ],
  windowEnds: '2021-03-11',
  action: 'tok',
  nonce: 'n-123',
  ...overrides,
});

const ids = (page: string) => [...page.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
const labelled = (page: string) => new Set([...page.matchAll(/<label\b[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!));
const tag = (page: string, id: string) => page.match(new RegExp(`<(?:input|select|fieldset)\\b[^>]*\\bid="${id}"[^>]*>`))?.[0] ?? '';

/** The structure every page shares: doctype, language, viewport, title, one h1, main, no script of any kind. */
const expectAccessibleShell = (page: string, language: 'da' | 'en') => {
  expect(page.startsWith('<!doctype html>')).toBe(true);
  expect(page).toContain(`<html lang="${language}">`);
  expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(page).toMatch(/<title>[^<]+<\/title>/);
  expect(page.match(/<h1\b/g)).toHaveLength(1);
  expect(page).toContain('<main');
  expect(page).toContain('Jobcenter København');
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/\son[a-z]+\s*=/i);
  expect(page).not.toMatch(/javascript:/i);
  expect(page).toContain(':focus-visible');
};

describe('slots form page', () => {
  it('asks in Danish how many slots, with the facts, one labelled field, the nonce and the language switch', () => {
    const page = renderSlotsForm(slotsView());
    expectAccessibleShell(page, 'da');
    expect(page).toContain('<h1>Hvor mange pladser tager I?</h1>');
    expect(page).toContain('14. januar 2021');
    expect(page).toContain('4. januar 2021');
    expect(page).toContain('<form method="post" action="tok.en.abc" novalidate>');
    expect(page).toContain('<input type="hidden" name="nonce" value="6f1c3a52-3b9e-4c1e-9d7a-2d7f1f6b9a10">');
    expect(page).toContain('<input type="hidden" name="lang" value="da">');
    expect(page).toContain('<a href="tok.en.abc?lang=en" lang="en" hreflang="en">English</a>');
    expect(tag(page, 'slots')).toContain('name="slots"');
    expect(tag(page, 'slots')).toContain('max="4"');
    for (const id of ids(page)) expect(labelled(page)).toContain(id);
    expect(page).not.toContain('role="alert"');
    expect(tag(page, 'slots')).not.toContain('aria-invalid');
  });

  it('shows a refused answer next to the field and in an error summary at the top', () => {
    const message = noSlotsLeftMessage('da', 2, 4);
    const page = renderSlotsForm(slotsView({ error: { field: 'slots', message }, value: '3' }));
    expect(message).toBe('Der er kun 2 ledige pladser tilbage ved arrangementet. Skriv et tal fra 0 til 2.');
    expect(page).toMatch(/<title>Fejl: /);
    expect(page).toMatch(/<div class="error-summary" role="alert"[^>]*>/);
    expect(page).toContain(`<a href="#slots">${message}</a>`);
    expect(page).toContain(`id="slots-error"`);
    expect(tag(page, 'slots')).toContain('aria-describedby="slots-hint slots-error"');
    expect(tag(page, 'slots')).toContain('aria-invalid="true"');
    expect(tag(page, 'slots')).toContain('value="3"');
    expect(page.indexOf('role="alert"')).toBeLessThan(page.indexOf('<form'));
  });

  it('is in English with the switch back to Danish, and shows the answer so far', () => {
    const page = renderSlotsForm(slotsView({ language: 'en', switchLanguageUrl: 'tok?lang=da', currentSlots: 2 }));
    expectAccessibleShell(page, 'en');
    expect(page).toContain('<h1>How many slots will you take?</h1>');
    expect(page).toContain('14 January 2021');
    expect(page).toContain('Your answer so far: 2 slots.');
    expect(page).toContain('<a href="tok?lang=da" lang="da" hreflang="da">Dansk</a>');
    expect(tag(page, 'slots')).toContain('value="2"');
  });

  it('escapes a hostile company name and refuses absolute or script URLs', () => {
    const page = renderSlotsForm(slotsView({ company: { name: '<script>alert(1)</script>' }, nonce: '"><script>' }));
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(() => renderSlotsForm(slotsView({ action: 'javascript:alert(1)' }))).toThrow(/relative/);
    expect(() => renderSlotsForm(slotsView({ action: '//evil.example/x' }))).toThrow(/relative/);
    expect(() => renderSlotsForm(slotsView({ switchLanguageUrl: 'https://evil.example/' }))).toThrow(/relative/);
  });
});

describe('internship form page', () => {
  it('lists the candidates met with what was reported, and labels every field', () => {
    const page = renderInternshipForm(internshipView());
    expectAccessibleShell(page, 'da');
    expect(page).toContain('<h1>Meld praktik eller job</h1>');
    expect(page).toContain('Tilbudt: virksomhedspraktik fra 1. februar 2021, 8 uger');
    expect(page).toContain('<option value="K03">K03 – Søren Østergård</option>');
    expect(page).toContain('Intet meldt');
    expect(page).toContain('<input type="hidden" name="nonce" value="n-123">');
    expect(ids(page)).toEqual(['candidate', 'status-offered', 'status-started', 'type', 'startDate', 'weeks']);
    for (const id of ids(page)) expect(labelled(page)).toContain(id);
    expect(page).toMatch(/<fieldset[^>]*>\s*<legend>Hvad vil I melde\?<\/legend>/);
    expect(tag(page, 'startDate')).toContain('type="date"');
    expect(tag(page, 'weeks')).toMatch(/type="number".*min="1" max="52"/);
    expect(page).toContain('<option value="wage-subsidy">Job med løntilskud</option>');
  });

  it('wires an error on the radios to the fieldset, and keeps what was entered', () => {
    const message = requiredMessage('da', 'status');
    const page = renderInternshipForm(
      internshipView({ error: { field: 'status', message }, values: { candidate: 'K03', type: 'ordinary-job', startDate: '2021-02-15', weeks: '12' } }),
    );
    expect(page).toContain(`<a href="#status-offered">${message}</a>`);
    expect(page).toMatch(/<fieldset class="field field-error" aria-describedby="status-error" aria-invalid="true">/);
    expect(page).toContain('id="status-error"');
    expect(page).toContain('<option value="K03" selected>');
    expect(page).toContain('<option value="ordinary-job" selected>');
    expect(tag(page, 'startDate')).toContain('value="2021-02-15"');
    expect(tag(page, 'weeks')).toContain('value="12"');
  });

  it('wires an error on a single field with aria-describedby and aria-invalid', () => {
    const page = renderInternshipForm(internshipView({ language: 'en', error: { field: 'weeks', message: 'Enter the number of weeks.' } }));
    expectAccessibleShell(page, 'en');
    expect(tag(page, 'weeks')).toContain('aria-describedby="weeks-hint weeks-error"');
    expect(tag(page, 'weeks')).toContain('aria-invalid="true"');
    expect(tag(page, 'startDate')).not.toContain('aria-invalid');
    expect(page).toContain('<a href="#weeks">Enter the number of weeks.</a>');
  });

  it('says so when there is nobody to report for', () => {
    const page = renderInternshipForm(internshipView({ candidates: [] }));
    expect(page).not.toContain('<form');
    expect(page).toContain('Der er ingen kandidater at melde for.');
  });
});

describe('result and refusal pages', () => {
  it('confirms an answer with the tone and an escaped link', () => {
    const { tone, title, lines } = slotsAnswerResult('da', 3, '2021-01-14');
    const page = renderResultPage({ language: 'da', switchLanguageUrl: 'tok?lang=en', tone, title, lines, link: { text: 'Tilbage', url: 'tok?a=1&b=2' } });
    expectAccessibleShell(page, 'da');
    expect(page).toContain('<div class="panel good">');
    expect(page).toContain('I har taget 3 pladser ved matcharrangementet 14. januar 2021.');
    expect(page).toContain('<a href="tok?a=1&amp;b=2">Tilbage</a>');
    expect(() =>
      renderResultPage({ language: 'da', switchLanguageUrl: 'x', tone: 'good', title: 't', lines: [], link: { text: 'x', url: 'javascript:x' } }),
    ).toThrow();
  });

  it.each(['invalid', 'expired', 'replayed', 'closed', 'not-invited'] as const)(
    'refuses a %s link and says what to do instead, in both languages',
    (reason) => {
      const da = renderLinkRefusal({ language: 'da', switchLanguageUrl: 'tok?lang=en', reason });
      expectAccessibleShell(da, 'da');
      expect(da).toMatch(/konsulenten for pilotprojektet|nyeste e-mail/);
      const en = renderLinkRefusal({ language: 'en', switchLanguageUrl: 'tok?lang=da', reason });
      expectAccessibleShell(en, 'en');
      expect(en).toMatch(/consultant|newest e-mail/);
    },
  );
});

describe('phrases for the handler', () => {
  it('confirms, declines and records in both languages', () => {
    expect(slotsConfirmedLines('en', 1, '2021-01-14')[0]).toBe('You have taken 1 slot at the match event on 14 January 2021.');
    expect(declinedLines('da', '2021-01-14')[0]).toBe('I har svaret, at I ikke deltager i matcharrangementet 14. januar 2021.');
    expect(declinedLines('en')[0]).toBe('You have answered that you will not take part in the match event.');
    expect(slotsAnswerResult('da', 0, '2021-01-14').tone).toBe('info');
    expect(internshipRecordedLines('da', { code: 'K01', status: 'started', type: 'wage-subsidy', startDate: '2021-02-01', weeks: 26 })[0]).toBe(
      'K01: startet i job med løntilskud fra 1. februar 2021, 26 uger.',
    );
    expect(internshipRecordedLines('en', 'K03', 'offered')[0]).toBe('K03 has been recorded as offered a position.');
  });

  it('explains each refused POST', () => {
    expect(overCompanyCapMessage('da', 4)).toBe('I kan højst tage 4 pladser. Skriv et tal fra 0 til 4.');
    expect(overCompanyCapMessage('en', 1)).toBe('You may take at most 1 slot. Enter a number from 0 to 1.');
    expect(noSlotsLeftMessage('en', 0, 4)).toMatch(/no free slots left/);
    expect(noSlotsLeftMessage('en', 1, 4)).toBe('Only 1 free slot is left at the event. Enter a number from 0 to 1.');
    expect(invalidNumberMessage('da')).toMatch(/helt tal/);
    expect(alreadyStartedMessage('en', 'K01')).toMatch(/^K01 has already been reported as started/);
  });
});

describe('the stylesheet', () => {
  it('style.generated.ts carries style.css as it is (npm run style:generate writes it)', () => {
    expect(readFileSync(STYLE_MODULE, 'utf8')).toBe(styleModuleText(readFileSync(STYLE_CSS, 'utf8')));
  });

  it('every page inlines the stylesheet', () => {
    const css = readFileSync(STYLE_CSS, 'utf8').trimEnd();
    expect(renderLinkRefusal({ language: 'da', switchLanguageUrl: 'x?lang=en', reason: 'expired' })).toContain(`<style>${css}</style>`);
  });
});
