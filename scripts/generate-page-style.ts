import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// The stylesheet of the company link pages lives in
// functions/http/company-pages/style.css, where it can be read and checked as
// CSS. The pages inline it (one response, and the CSP in
// functions/http/html-response.ts allows inline styles only), so it is carried
// into the code as a string module: `npm run style:generate` writes
// style.generated.ts from style.css, and test/unit/http/company-pages.test.ts
// fails when the two differ. A generated module rather than an esbuild text
// loader, because the same import must work in the Lambda bundle, under tsx
// (the local server) and under vitest.

export const STYLE_CSS = new URL('../functions/http/company-pages/style.css', import.meta.url);
export const STYLE_MODULE = new URL('../functions/http/company-pages/style.generated.ts', import.meta.url);

/** The TypeScript module that carries the stylesheet `css` (its last newline dropped). */
export const styleModuleText = (css: string): string =>
  '// Generated from style.css by `npm run style:generate`; edit style.css, not this file.\n' +
  `export const STYLE = ${JSON.stringify(css.replace(/\n$/, ''))};\n`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(STYLE_MODULE, styleModuleText(readFileSync(STYLE_CSS, 'utf8')));
  console.log(`wrote ${STYLE_MODULE.pathname}`);
}
