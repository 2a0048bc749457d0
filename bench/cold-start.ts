import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../infra/constructs/project-function.js';
import { LAMBDA_BUNDLE_FILE, LAMBDA_BUNDLING } from '../infra/constructs/bundling.js';
import { bundle, deployedEntries, lambdaBuildOptions } from '../scripts/bundle-size.js';
import { API_ROUTES, groupOf, routeKey } from '../functions/api/routes.js';

// Cold start: every function the stack deploys, bundled exactly as it
// deploys (scripts/bundle-size.ts, the options of infra/constructs/bundling.ts),
// loaded in fresh `node` processes (bench/cold-start-child.mjs), against an
// empty handler that only creates a DynamoDB client, bundled the same way.
// An API function serves a group of routes and evaluates a route's handler
// on that route's first request, so what its cold start costs depends on the
// route that causes it: each API function is measured once per route of its
// group, that route's request being the first.
// The AWS SDK is external in the bundles (the Lambda runtime provides it);
// here it resolves from the project's node_modules, linked beside them.
// Each bundle runs as it deploys: its file name (CommonJS `index.js`, loaded
// with require() as the Lambda runtime loads it), its source map beside it
// (read by functions/stack-traces.ts when a stack trace is first formatted),
// and no NODE_OPTIONS, as ProjectFunction sets none. The empty handler is
// bundled and run the same way.
//
// The ratio is of CPU time (user + system of the whole process, from the
// child's first line to the end of the first invocation), because on a
// shared machine the wall time of a 0.2 s process swings by 2-3× with the
// neighbours' load while its CPU time stays within a few per cent; loading
// modules is CPU work (the files are in the page cache). Wall time is
// reported beside it.

const execFileAsync = promisify(execFile);
const CHILD = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));

export interface ColdStartRow {
  function: string;
  /** The route of the first request (an API function); absent for a workflow step or the digest. */
  route?: string;
  bytes: number;
  /** Median CPU time of the load in `samples` fresh processes. */
  medianMs: number;
  /** Median wall time of the same. */
  medianWallMs: number;
  /** medianMs ÷ the empty handler's: the goal is ≤ 1.3. */
  ratio: number;
}

export interface ColdStartSection {
  samples: number;
  parallel: number;
  baseline: { bytes: number; medianMs: number; medianWallMs: number };
  functions: ColdStartRow[];
}

const EMPTY_HANDLER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => ({ statusCode: 200, client: typeof client });
`;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * One cold start in a fresh node process (bench/cold-start-child.mjs): the bundle
 * `file` imported and invoked once, with `args` after its URL (the kind, and the
 * route a grouped bundle dispatches to: bench/function-shapes.ts). The environment
 * is what the stack gives a function, nothing of this process's beyond PATH.
 */
export const coldStartOnce = async (file: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ cpuMs: number; wallMs: number }> => {
  const { stdout } = await execFileAsync(process.execPath, [CHILD, pathToFileURL(file).href, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      TABLE_NAME: 'cold-start',
      AWS_REGION: 'eu-north-1',
      AWS_ACCESS_KEY_ID: 'cold',
      AWS_SECRET_ACCESS_KEY: 'cold',
      // Nothing listens here: a handler that does reach the network (the digest) fails at once, without retries.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // What the stack gives a mail-sending function (it checks them when it loads: functions/config.ts).
      MAIL_FROM: 'Pilotprojekter <pilotprojekter@example.com>',
      PUBLIC_URL: 'https://d111111abcdef8.cloudfront.net',
      API_URL: 'https://abc123.execute-api.eu-north-1.amazonaws.com',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // e.g. TRACE_SDK_CLIENTS=true (npm run bench -- --sections cold --cold-env TRACE_SDK_CLIENTS=true): what a setting costs.
      ...extraEnv,
    },
  });
  // The child's last line: before it, the function's own log lines (its metrics' EMF lines).
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { cpuMs: number; wallMs: number };
};

/** Writes a bundle as a function's code: its `index.js` and source map in a directory of their own; returns the file. */
export const writeFunction = (dir: string, code: Uint8Array, map: Uint8Array): string => {
  const file = path.join(dir, LAMBDA_BUNDLE_FILE);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, code);
  writeFileSync(`${file}.map`, map);
  return file;
};

export const coldStartSection = async (opts: {
  samples: number;
  limit?: number;
  parallel?: number;
  env?: Record<string, string>;
}): Promise<ColdStartSection> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pilot-cold-'));
  try {
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const files: { name: string; function: string; route?: string; file: string; bytes: number; kind: 'api' | 'step' }[] = [];
    for (const entry of deployedEntries()) {
      // A run that measures tracing (--cold-env TRACE_SDK_CLIENTS=true) bundles as `-c traceSdk=true` deploys.
      const { code, map } = await bundle(entry, { traceSdk: opts.env?.TRACE_SDK_CLIENTS === 'true' });
      const fn = entry.replace(/^functions\//, '').replace(/\.ts$/, '');
      const file = writeFunction(path.join(dir, fn.replace(/\//g, '-')), code, map);
      const group = /^api\/groups\/(read|write|signed)$/.exec(fn)?.[1];
      if (group === undefined) files.push({ name: fn, function: fn, file, bytes: code.byteLength, kind: 'step' });
      for (const route of API_ROUTES.filter((r) => groupOf(r) === group)) {
        files.push({ name: `${fn} ${routeKey(route)}`, function: fn, route: routeKey(route), file, bytes: code.byteLength, kind: 'api' });
      }
    }
    files.splice(opts.limit ?? files.length);
    const baselineSource = path.join(dir, 'empty.mjs');
    writeFileSync(baselineSource, EMPTY_HANDLER);
    const built = await build({
      ...lambdaBuildOptions(),
      entryPoints: [baselineSource],
      outfile: path.join(dir, 'empty', LAMBDA_BUNDLE_FILE),
      sourcemap: LAMBDA_BUNDLING.sourcemap,
      sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    });
    const output = (suffix: string) => built.outputFiles.find((f) => f.path.endsWith(suffix))!.contents;
    const baselineFile = writeFunction(path.join(dir, 'empty'), output(LAMBDA_BUNDLE_FILE), output(`${LAMBDA_BUNDLE_FILE}.map`));

    // Round-robin over the functions and the baseline, so a noisy moment on the shared machine hits all of them alike;
    // `parallel` processes at a time (2 on 2 cores halves the time, and the baseline shares the same contention).
    const times = new Map<string, { cpuMs: number; wallMs: number }[]>([['(empty)', []], ...files.map((f) => [f.name, []] as [string, []])]);
    const queue: { name: string; file: string; kind: 'api' | 'step'; route?: string }[] = [];
    for (let i = 0; i < opts.samples; i++) queue.push({ name: '(empty)', file: baselineFile, kind: 'step' }, ...files);
    await Promise.all(
      Array.from({ length: opts.parallel ?? 1 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift())
          times.get(job.name)!.push(await coldStartOnce(job.file, [job.kind, ...(job.route ? [job.route] : [])], job.name === '(empty)' ? {} : opts.env));
      }),
    );
    const cpuOf = (name: string) => median(times.get(name)!.map((t) => t.cpuMs));
    const wallOf = (name: string) => median(times.get(name)!.map((t) => t.wallMs));
    const baselineMs = cpuOf('(empty)');
    return {
      samples: opts.samples,
      parallel: opts.parallel ?? 1,
      baseline: { bytes: output(LAMBDA_BUNDLE_FILE).byteLength, medianMs: baselineMs, medianWallMs: wallOf('(empty)') },
      functions: files
        .map((f) => {
          const medianMs = cpuOf(f.name);
          return {
            function: f.function,
            ...(f.route ? { route: f.route } : {}),
            bytes: f.bytes,
            medianMs,
            medianWallMs: wallOf(f.name),
            ratio: medianMs / baselineMs,
          };
        })
        .sort((a, b) => b.ratio - a.ratio),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
