import { SURVEY_QUESTION_ORDER, SURVEY_QUESTIONS, type SurveyQuestion } from '../domain/survey.js';
import { html, SafeHtml } from '../mail/html.js';
import { surveyPhrases, type SurveyRefusal } from '../mail/survey-phrases.js';
import { pageHead, relativeUrl } from './page-head.js';

// The participants' survey pages: one question per screen, plain HTML forms
// with no JavaScript (the CSP forbids scripts outright), for a small old
// phone. Each answer is a whole row to tap (at least 48 px high, above
// WCAG 2.2's 24 px minimum and the 44 px of 2.5.5), text at 18 px, ink at
// 7:1 or more. Earlier answers travel in hidden fields, so nothing is stored
// until the last screen sends them all. The referrer policy is same-origin,
// not the link pages' no-referrer: under no-referrer an old browser (no
// Sec-Fetch-Site) sends `Origin: null` with the page's own form, which reads
// as cross-site. The pages link nowhere else, so the token goes nowhere. Rendering only: services/survey.ts
// checks the token and decides which screen to show.

export type SurveyLanguage = 'da' | 'en';

interface PageBase {
  language: SurveyLanguage;
  /** The same page in the other language (relative). */
  switchLanguageUrl: string;
}

// Colours as the link pages: ink #1f2937 on white 14.7:1, brand #002e5d 13.6:1, error #a4161a 7.6:1.
const STYLE = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f4;color:#1f2937;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.wrap{max-width:36rem;margin:0 auto;padding:0 1rem}
.top{background:#002e5d;color:#fff}
.top .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem;padding-top:.5rem;padding-bottom:.5rem}
.brand{font-weight:700;line-height:1.3}
.top a{color:#fff;display:inline-block;min-height:2.75rem;min-width:2.75rem;padding:.6rem .25rem;text-decoration:underline;text-underline-offset:2px}
main.wrap{display:block;background:#fff;padding:1.25rem 1rem 2rem;margin:0 auto}
.caption{display:block;color:#4b5563;font-size:1rem;margin:0 0 .25rem}
h1{margin:0 0 1rem;color:#002e5d;font-size:1.5rem;line-height:1.25}
p{margin:0 0 1rem}
.hint{color:#4b5563}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
legend{padding:0;margin:0 0 .75rem}
.choice{display:flex;align-items:center;gap:.75rem;min-height:3rem;margin:0 0 .5rem;padding:.5rem .75rem;border:2px solid #1f2937;background:#fff;cursor:pointer}
.choice input{width:1.75rem;height:1.75rem;margin:0;flex:none;accent-color:#002e5d}
.choice:has(input:checked){background:#e6eef7;border-color:#002e5d;border-width:3px}
.error .choice{border-color:#a4161a}
.error-message{color:#a4161a;font-weight:700;margin:0 0 .5rem}
.error-summary{border:5px solid #a4161a;padding:1rem;margin:0 0 1.5rem}
.error-summary h2{margin:0 0 .5rem;font-size:1.25rem}
.error-summary a{color:#a4161a;font-weight:700}
.buttons{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
button,.button{display:inline-block;min-height:3rem;min-width:8rem;padding:.7rem 1.5rem;border:0;border-radius:0;background:#002e5d;color:#fff;font:inherit;font-weight:700;cursor:pointer;box-shadow:0 2px 0 #001a36;text-decoration:none}
button.secondary{background:#fff;color:#002e5d;border:2px solid #002e5d;box-shadow:none}
input[type=text]{display:block;width:100%;max-width:14rem;min-height:3rem;padding:.4rem .6rem;border:2px solid #1f2937;border-radius:0;font:inherit;text-transform:uppercase;letter-spacing:.1em}
label.field{display:block;font-weight:700;margin:0 0 .25rem}
.panel{padding:1rem;margin:0 0 1.5rem;border-left:6px solid #1e7b45;background:#e8f5ec;color:#14532d}
.panel.bad{border-color:#b42318;background:#fdecee;color:#8c1d24}
.panel.info{border-color:#4a6f9c;background:#edf2f8;color:#1e3a5f}
.panel p:last-child{margin:0}
a{color:#1a4f8b}
a:focus-visible,button:focus-visible{outline:3px solid #0b0c0c;outline-offset:0;box-shadow:0 0 0 6px #ffdd00}
.choice:focus-within{outline:3px solid #0b0c0c;outline-offset:2px;box-shadow:0 0 0 7px #ffdd00}
input[type=text]:focus-visible{outline:3px solid #ffdd00;box-shadow:inset 0 0 0 2px #0b0c0c}
.foot{color:#4b5563;font-size:1rem;padding-top:1rem;padding-bottom:2rem}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}`;

/** A survey page links only within the site. */
const relative = (url: string): string => relativeUrl(url, 'a survey page’s link');

const page = (v: PageBase, title: string, body: SafeHtml, hasError = false): string => {
  const s = surveyPhrases(v.language);
  const other = v.language === 'da' ? 'en' : 'da';
  return `<!doctype html>
${html`<html lang="${v.language}">
${pageHead({ title: `${hasError ? `${s.page.errorPrefix}: ` : ''}${title} – ${s.sender}`, style: STYLE, referrer: 'same-origin' })}
<body>
<header class="top"><div class="wrap">
<div class="brand">${s.sender} · ${s.service}</div>
<a href="${relative(v.switchLanguageUrl)}" lang="${other}" hreflang="${other}">${s.switchTo}</a>
</div></header>
<main class="wrap" id="main">
${body}
</main>
<footer class="wrap foot"><p>${s.page.help}</p></footer>
</body>
</html>`}
`;
};

export type QuestionView = PageBase & {
  pilotName: string;
  /** Relative URL the form posts to (the token). */
  action: string;
  nonce: string;
  /** Which question, 0-based. */
  step: number;
  /** The answers given on earlier screens (and this one's, when shown again). */
  answers: Partial<Record<SurveyQuestion, string>>;
  /** Sent without a choice: shown beside the question and at the top. */
  missing?: boolean;
};

export const renderQuestion = (v: QuestionView): string => {
  const s = surveyPhrases(v.language);
  const question = SURVEY_QUESTION_ORDER[v.step]!;
  const q = s.questions[question];
  const last = v.step === SURVEY_QUESTION_ORDER.length - 1;
  const choices = SURVEY_QUESTIONS[question] as readonly string[];
  const hidden = SURVEY_QUESTION_ORDER.slice(0, v.step)
    .filter((earlier) => v.answers[earlier] !== undefined)
    .map((earlier) => html`<input type="hidden" name="${earlier}" value="${v.answers[earlier]!}">`);
  const describedBy = [q.hint ? 'question-hint' : '', v.missing ? 'question-error' : ''].filter(Boolean).join(' ');
  const body = html`${
    v.missing
      ? html`<div class="error-summary" role="alert" aria-labelledby="error-title">
<h2 id="error-title">${s.page.errorTitle}</h2>
<p><a href="#${question}-0">${s.page.choose}</a></p>
</div>`
      : ''
  }
${v.step === 0 ? html`<p>${s.page.intro}</p><p class="hint">${s.page.anonymous}</p>` : ''}
<form method="post" action="${relative(v.action)}" novalidate>
<input type="hidden" name="nonce" value="${v.nonce}">
<input type="hidden" name="lang" value="${v.language}">
<input type="hidden" name="step" value="${v.step}">
${hidden}
<fieldset class="${v.missing ? 'error' : ''}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
<legend><span class="caption">${s.page.step(v.step + 1, SURVEY_QUESTION_ORDER.length)} · ${v.pilotName}</span><h1>${q.question}</h1></legend>
${q.hint ? html`<p class="hint" id="question-hint">${q.hint}</p>` : ''}
${v.missing ? html`<p class="error-message" id="question-error"><span class="visually-hidden">${s.page.errorPrefix}: </span>${s.page.choose}</p>` : ''}
${choices.map(
  (a, i) =>
    html`<label class="choice" for="${question}-${i}"><input type="radio" id="${question}-${i}" name="${question}" value="${a}"${v.answers[question] === a ? html` checked` : ''}${v.missing ? html` aria-invalid="true"` : ''}>${(q.answers as Record<string, string>)[a]!}</label>`,
)}
</fieldset>
<div class="buttons">
<button type="submit" name="go" value="next">${last ? s.page.send : s.page.next}</button>
${v.step > 0 ? html`<button type="submit" name="go" value="back" class="secondary">${s.page.back}</button>` : ''}
</div>
</form>`;
  return page(v, `${q.question} (${s.page.step(v.step + 1, SURVEY_QUESTION_ORDER.length)})`, body, !!v.missing);
};

export const renderThanks = (v: PageBase): string => {
  const s = surveyPhrases(v.language);
  return page(v, s.page.thanksTitle, html`<h1>${s.page.thanksTitle}</h1><div class="panel" role="status">${s.page.thanks.map((l) => html`<p>${l}</p>`)}</div>`);
};

export const renderSurveyRefusal = (v: PageBase & { reason: SurveyRefusal }): string => {
  const s = surveyPhrases(v.language);
  const title = s.page.refusal.titles[v.reason];
  return page(v, title, html`<h1>${title}</h1><div class="panel ${v.reason === 'used' ? 'info' : 'bad'}"><p>${s.page.refusal.lines[v.reason]}</p></div>`);
};

/** Where a printed code is typed in: a GET form, so it works without JavaScript. */
export const renderCodeEntry = (v: PageBase & { value?: string; invalid?: boolean }): string => {
  const s = surveyPhrases(v.language);
  const t = s.sheet;
  const body = html`${
    v.invalid
      ? html`<div class="error-summary" role="alert" aria-labelledby="error-title"><h2 id="error-title">${s.page.errorTitle}</h2><p><a href="#code">${s.page.refusal.lines.invalid}</a></p></div>`
      : ''
  }
<h1>${t.enterCodeTitle}</h1>
<p class="hint">${s.page.anonymous}</p>
<form method="get" action="survey">
<input type="hidden" name="lang" value="${v.language}">
<label class="field" for="code">${t.enterCodeLabel}</label>
<p class="hint" id="code-hint">${t.enterCodeHint}</p>
${v.invalid ? html`<p class="error-message" id="code-error"><span class="visually-hidden">${s.page.errorPrefix}: </span>${s.page.refusal.lines.invalid}</p>` : ''}
<p><input type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="12" value="${v.value ?? ''}" aria-describedby="code-hint${v.invalid ? ' code-error' : ''}"${v.invalid ? html` aria-invalid="true"` : ''}></p>
<div class="buttons"><button type="submit">${t.go}</button></div>
</form>`;
  return page(v, t.enterCodeTitle, body, !!v.invalid);
};

export interface SheetView {
  language: SurveyLanguage;
  pilotName: string;
  /** The full links (one per code) and the entry address to type the code at. */
  codes: { code: string; url: string }[];
  entryUrl: string;
  /** The last day to answer, already formatted. */
  closes: string;
}

// The code sheet is printed: black on white, slips that do not break across pages.
const SHEET_STYLE = `body{font:12pt/1.4 Arial,Helvetica,sans-serif;color:#000;margin:1rem}
h1{font-size:16pt;margin:0 0 .5rem}
.note{margin:0 0 1rem}
.slips{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:0}
.slip{border:1px dashed #000;padding:.75rem;break-inside:avoid;page-break-inside:avoid}
.slip h2{font-size:13pt;margin:0 0 .25rem}
.slip p{margin:0 0 .35rem}
.url{font-family:"Courier New",monospace;word-break:break-all}
.code{font:700 20pt "Courier New",monospace;letter-spacing:.15em}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media print{.note{display:none}body{margin:0}}`;

/** The printable sheet of codes: a page for the consultant's printer, slips to cut out. */
export const renderSheet = (v: SheetView): string => {
  const t = surveyPhrases(v.language).sheet;
  const slips = v.codes.map(
    (c) => html`<section class="slip">
<h2>${t.slipTitle}</h2>
${t.slipLines.map((l) => html`<p>${l}</p>`)}
<p class="url">${c.url}</p>
<p>${t.orType} <span class="url">${v.entryUrl}</span> ${t.andCode}</p>
<p class="code"><span class="visually-hidden">${t.code}: </span>${c.code}</p>
<p>${t.closes(v.closes)}</p>
</section>`,
  );
  return `<!doctype html>
${html`<html lang="${v.language}">
${pageHead({ title: t.title(v.pilotName), style: SHEET_STYLE })}
<body>
<h1>${t.title(v.pilotName)}</h1>
<p class="note">${t.instructions} ${t.print}</p>
<div class="slips">${slips}</div>
</body>
</html>`}
`;
};
