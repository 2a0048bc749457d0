import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Screenshots of rendered HTML (e-mails, link pages) with headless Chromium,
// for review in docs/. Needs Debian's chromium (apt-get install -y chromium),
// or CHROMIUM=/path/to/it. The HTML files go to a temporary directory
// (printed at the end); the PNGs to docs/.

export interface Shot {
  name: string;
  html: string;
  /** The window's height: tall enough for the whole page. */
  height: number;
}

const chromium = process.env.CHROMIUM ?? (statSync('/usr/bin/chromium', { throwIfNoEntry: false }) ? '/usr/bin/chromium' : 'chromium');

export const screenshotHtml = (shots: Shot[], width: number): void => {
  const docs = resolve(import.meta.dirname, '..', 'docs');
  const htmlDir = mkdtempSync(join(tmpdir(), 'screenshot-html-'));
  mkdirSync(docs, { recursive: true });
  for (const shot of shots) {
    const htmlFile = join(htmlDir, `${shot.name}.html`);
    const png = join(docs, `${shot.name}.png`);
    writeFileSync(htmlFile, shot.html);
    // A fresh profile each time; no background networking (this machine's network is closed).
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
          `--window-size=${width},${shot.height}`,
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
};
