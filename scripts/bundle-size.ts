/**
 * `npm run size`: bundles every Lambda function the stack deploys, exactly as
 * ProjectFunction does (the options of infra/constructs/bundling.ts), and
 * prints each bundle's size minified and gzipped, whether it is within the
 * 500 KB budget, and its largest part. `npm run size -- --strict` exits 1
 * when a function is over the budget.
 *
 * The functions are read from the stack itself (every ProjectFunction it
 * makes), so a new route or step is measured without being listed here.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { App } from 'aws-cdk-lib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, bundlingDefine, LAMBDA_BUNDLE_FILE, LAMBDA_BUNDLING } from '../infra/constructs/bundling.js';
import { PROJECT_ROOT, ProjectFunction } from '../infra/constructs/project-function.js';
import { PilotOrchestratorStack } from '../infra/stack.js';

/** The entry module (relative to the repository root) of every function the stack deploys. */
export const deployedEntries = (): string[] => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PilotOrchestratorStack(app, 'BundleSize', { stage: 'dev' });
  return stack.node
    .findAll()
    .filter((construct): construct is ProjectFunction => construct instanceof ProjectFunction)
    .map((fn) => fn.entry);
};

/** esbuild's options for any bundle shaped as a Lambda function's (LAMBDA_BUNDLING), kept in memory. */
export const lambdaBuildOptions = () =>
  ({
    bundle: true,
    write: false,
    format: LAMBDA_BUNDLING.format,
    platform: LAMBDA_BUNDLING.platform,
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    supported: { ...LAMBDA_BUNDLING.supported },
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    external: [...LAMBDA_BUNDLING.external],
    logLevel: 'error',
  }) satisfies BuildOptions;

/** One entry bundled as it deploys: the `index.js` the function runs, its source map, and esbuild's metafile. */
export const bundle = async (entry: string, opts: { traceSdk?: boolean } = {}): Promise<{ code: Uint8Array; map: Uint8Array; metafile: Metafile }> => {
  const result = await build({
    ...lambdaBuildOptions(),
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    absWorkingDir: PROJECT_ROOT,
    // NodejsFunction's file name; the source map comment names it.
    outfile: path.join(PROJECT_ROOT, LAMBDA_BUNDLE_FILE),
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    inject: LAMBDA_BUNDLING.inject.map((file) => path.join(PROJECT_ROOT, file)),
    define: bundlingDefine({ traceSdk: opts.traceSdk ?? false }),
    metafile: true,
  });
  const code = result.outputFiles.find((file) => file.path.endsWith(LAMBDA_BUNDLE_FILE));
  const map = result.outputFiles.find((file) => file.path.endsWith(`${LAMBDA_BUNDLE_FILE}.map`));
  if (!code || !map) throw new Error(`esbuild wrote no ${LAMBDA_BUNDLE_FILE} and source map for ${entry}`);
  return { code: code.contents, map: map.contents, metafile: result.metafile };
};

/** The bytes each package (or the project's own `functions/<dir>`) contributes to the bundle, largest first. */
export const partsOf = (metafile: Metafile): [string, number][] => {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
    parts.set(pkg, (parts.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...parts].sort((a, b) => b[1] - a[1]);
};

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const main = async () => {
  const strict = process.argv.includes('--strict');
  const entries = deployedEntries();
  const rows = await Promise.all(
    entries.map(async (entry) => {
      const { code, metafile } = await bundle(entry);
      const [largest, largestBytes] = partsOf(metafile)[0] ?? ['', 0];
      return {
        name: entry.replace(/^functions\//, '').replace(/\.ts$/, ''),
        minified: code.byteLength,
        gzip: gzipSync(code).byteLength,
        largest: `${largest} ${kb(largestBytes)} KB`,
      };
    }),
  );
  rows.sort((a, b) => b.minified - a.minified);

  const header = ['function', 'minified KB', 'gzip KB', `< ${BUNDLE_BUDGET_BYTES / 1024} KB`, 'largest part'];
  const table = [header, ...rows.map((r) => [r.name, kb(r.minified), kb(r.gzip), r.minified < BUNDLE_BUDGET_BYTES ? 'yes' : 'NO', r.largest])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const numeric = new Set([1, 2]);
  for (const row of table) {
    console.log(
      row
        .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
  }
  const over = rows.filter((r) => r.minified >= BUNDLE_BUDGET_BYTES);
  console.log(
    `\n${rows.length - over.length} of ${rows.length} functions under ${BUNDLE_BUDGET_BYTES / 1024} KB minified ` +
      `(external: ${LAMBDA_BUNDLING.external.join(', ') || 'none'}; target ${LAMBDA_BUNDLING.target}).`,
  );
  if (strict && over.length > 0) process.exitCode = 1;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
