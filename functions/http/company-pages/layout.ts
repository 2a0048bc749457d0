import { html, SafeHtml } from '../../mail/html.js';
import { companyPhrases } from '../../mail/company-phrases.js';
import type { Language } from '../../mail/format.js';
import { pagePhrases } from './phrases.js';
import { STYLE } from './style.generated.js';
import { pageHead, relativeUrl } from '../page-head.js';

// The pages behind the signed links in the company e-mails: a small company
// answers how many slots it takes, and later reports internship offers and
// starts, from a phone, without an account. Rendering only: the API route
// checks the link, sets the headers and calls these. The pages carry no
// JavaScript at all (a strict CSP can forbid scripts outright) and work as
// plain forms: after a refused POST the handler renders the form again with
// the problem next to the field and in an error summary at the top, the
// pattern screen-reader users know from public-sector services.

// This module is what every page shares: the frame (header, language switch,
// footer, the stylesheet in style.css), the error summary and the field
// helpers. One module per page beside it.

export interface PageBase {
  language: Language;
  /** The same page in the other language (a relative URL). */
  switchLanguageUrl: string;
}

export { relativeUrl };
export const linkUrl = (url: string, what: string): string => (/^https?:\/\//i.test(url) ? url : relativeUrl(url, what));

// The colours of style.css: ink #1f2937 on white 14.7:1, muted #4b5563 7.6:1, brand #002e5d 13.6:1 (and white on it),
// links #1a4f8b 8.1:1, error #a4161a 7.6:1; each tone's ink on its background is at least 7:1.
export const page = (v: PageBase, title: string, body: SafeHtml, hasError = false): string => {
  const c = companyPhrases(v.language);
  const p = pagePhrases(v.language);
  const other = p.switchLang;
  return `<!doctype html>
${html`<html lang="${v.language}">
${pageHead({ title: `${hasError ? `${p.errorPrefix}: ` : ''}${title} – ${c.sender}`, style: STYLE, referrer: 'no-referrer' })}
<body>
<header class="top"><div class="wrap">
<div class="brand">${c.sender}<span class="service">${c.service}</span></div>
<a href="${relativeUrl(v.switchLanguageUrl, 'switchLanguageUrl')}" lang="${other}" hreflang="${other}">${p.switchTo}</a>
</div></header>
<main class="wrap">
<h1>${title}</h1>
${body}
</main>
<footer class="wrap foot"><p>${p.sentBy}</p></footer>
</body>
</html>`}
`;
};

export type FieldError<F extends string> = { field: F; message: string } | undefined;

export const errorSummary = <F extends string>(language: Language, error: FieldError<F>, target: (field: F) => string): SafeHtml | '' =>
  error
    ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${pagePhrases(language).errorSummary}</h2>
<ul><li><a href="#${target(error.field)}">${error.message}</a></li></ul>
</div>`
    : '';

export const errorMessage = (language: Language, id: string, message: string): SafeHtml =>
  html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${pagePhrases(language).errorPrefix}: </span>${message}</p>`;

/** The aria attributes of a field: its hint and error described, and marked invalid when it has the error. */
export const described = (id: string, hint: boolean, invalid: boolean): SafeHtml => {
  const ids = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
};

export const hidden = (v: PageBase & { nonce: string }): SafeHtml =>
  html`<input type="hidden" name="nonce" value="${v.nonce}">
<input type="hidden" name="lang" value="${v.language}">`;

export const facts = (rows: [string, string][]): SafeHtml =>
  html`<dl class="facts">${rows.map(([dt, dd]) => html`<div><dt>${dt}</dt><dd>${dd}</dd></div>`)}</dl>`;
