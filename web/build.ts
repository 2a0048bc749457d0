import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

// The consultant's web page as static files: index.html at the root, the
// script and the style sheet under app/. The same directory is what the local
// server serves (infra/local/server.ts) and what the CDK stack copies into its
// bucket (infra/constructs/web-hosting.ts), so the two never differ.
// Synchronous on purpose: the stack is built in a constructor.

const WEB_DIR = import.meta.dirname;

/** Where the assets live under the page's root; index.html names them with it. */
export const ASSET_PREFIX = 'app';

/** The configuration the page reads at start (GET /config.json). */
export type { WebConfig } from './web-config.js';

/**
 * The page's Content-Security-Policy: its own script and styles only (no
 * inline script), and requests to itself plus `connect` (on AWS: the HTTP
 * API and the Cognito domain). The local server and CloudFront both send it,
 * so the browser tests run the page under the rules it has in production.
 */
export const contentSecurityPolicy = (connect: string[] = []): string =>
  [
    "default-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');

/**
 * On AWS the policy comes in two parts, because the stack's own API origin is
 * known only at deploy time and CloudFront's header policy cannot name it (the
 * API's CORS names the distribution, so the distribution naming the API would
 * be a dependency cycle). The header carries what a <meta> policy cannot
 * (frame-ancestors) and sets no connect-src; index.html, written at deploy
 * time, carries the whole policy with connect-src naming exactly the stack's
 * API and sign-in domain. A browser enforces both, so the page may connect to
 * those two origins and nowhere else.
 */
export const headerPolicyBesideMeta = (): string =>
  [
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');

/** index.html with the policy (connecting to `connect` only) as its first <meta>, before anything it governs. */
export const withPolicyMeta = (indexHtml: string, connect: string[]): string => {
  // frame-ancestors is ignored (and warned about) in a <meta>; the header carries it.
  const policy = contentSecurityPolicy(connect)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  if (!indexHtml.includes('<head>')) throw new Error('index.html has no <head> to put the policy in');
  return indexHtml.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
};

/** Builds the page into `outDir` (emptied first) and returns the directory. */
export const buildWebPage = (outDir: string): string => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, ASSET_PREFIX), { recursive: true });
  buildSync({
    entryPoints: [join(WEB_DIR, 'src', 'main.ts')],
    outfile: join(outDir, ASSET_PREFIX, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Browsers the municipality's staff use: current Edge and Chrome, Safari on phones.
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  copyFileSync(join(WEB_DIR, 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(WEB_DIR, 'styles.css'), join(outDir, ASSET_PREFIX, 'styles.css'));
  return outDir;
};
