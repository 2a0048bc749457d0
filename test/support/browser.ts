/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { vi } from 'vitest';

// Debian's Chromium driven by playwright-core (no browser download). The
// flags keep it from reaching the network on its own and from starting
// services a test has no use for; launch() gives each run a fresh profile.

// A browser test renders, clicks and waits in a real Chromium beside the
// local stack; on a busy 2-core machine one such test has taken over the
// suite's 30 s while passing alone in 8. Every file that drives Chromium
// imports this module, so its tests get more time; nothing else does.
vi.setConfig({ testTimeout: 90_000 });

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const launchChromium = (): Promise<Browser> => {
  // `npm test` installs it first (scripts/prerequisites.ts); a test file run alone may not have.
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: run \`sudo apt-get install -y chromium\` (Debian), or set CHROMIUM to a Chromium binary`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-gpu',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now
 * (WCAG 2.1 A and AA rules). Evaluated through the DevTools protocol, so the
 * page's own CSP (no inline scripts) stays on.
 */
export const seriousViolations = async (page: Page): Promise<string[]> => {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations),
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
};
