// Renders the management e-mails from the example views and screenshots each
// with headless Chromium, for review in docs/. Run: npx tsx scripts/render-mail-screenshots.ts
// Needs `chromium` on the PATH (Debian: apt-get install -y chromium), or CHROMIUM=/path/to/it.
//
// The HTML files go to a temporary directory (printed at the end); the PNGs
// to docs/. Each mail gets a window tall enough for the whole message.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderDigestMail } from '../functions/mail/digest.js';
import { renderEscalationMail } from '../functions/mail/escalation.js';
import { azureVoucher, esportOutcome, followUpRequest, portfolioDigest, recruitmentEscalation, smvDigitalOutcome } from '../test/support/mail-examples.js';
import { renderFollowUpRequestMail } from '../functions/mail/follow-up-request.js';
import { renderOutcomeMail } from '../functions/mail/outcome.js';
import { renderVoucherMail } from '../functions/mail/voucher.js';

const WIDTH = 900;

const shots: { name: string; html: string; height: number }[] = [
  { name: 'mail-outcome-da', html: renderOutcomeMail(esportOutcome('da')).html, height: 1960 },
  { name: 'mail-outcome-en', html: renderOutcomeMail(esportOutcome('en')).html, height: 1960 },
  { name: 'mail-outcome-override-da', html: renderOutcomeMail(smvDigitalOutcome('da')).html, height: 2300 },
  { name: 'mail-escalation-da', html: renderEscalationMail(recruitmentEscalation('da')).html, height: 900 },
  { name: 'mail-digest-da', html: renderDigestMail(portfolioDigest('da')).html, height: 1040 },
  { name: 'mail-follow-up-request-da', html: renderFollowUpRequestMail(followUpRequest('da', 1)).html, height: 960 },
  { name: 'mail-voucher-da', html: renderVoucherMail(azureVoucher('da')).html, height: 1040 },
];

const chromium = process.env.CHROMIUM ?? 'chromium';
const docs = resolve(import.meta.dirname, '..', 'docs');
const htmlDir = mkdtempSync(join(tmpdir(), 'mail-html-'));
mkdirSync(docs, { recursive: true });

for (const shot of shots) {
  const htmlFile = join(htmlDir, `${shot.name}.html`);
  const png = join(docs, `${shot.name}.png`);
  writeFileSync(htmlFile, shot.html);
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  try {
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${profile}`,
        `--window-size=${WIDTH},${shot.height}`,
        `--screenshot=${png}`,
        pathToFileURL(htmlFile).href,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${png} (${Math.round(statSync(png).size / 1024)} KB)`);
}
console.log(`HTML in ${htmlDir}`);
