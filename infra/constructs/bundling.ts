/**
 * How every Lambda entry point is bundled, declared once: ProjectFunction hands
 * these to CDK's NodejsFunction (which runs the esbuild CLI), and
 * scripts/bundle-size.ts hands them to esbuild's API, so the sizes the script
 * reports are the bundles that deploy (test/infra/bundling.test.ts compares
 * the two byte for byte). No aws-cdk-lib here: the script stays light.
 */
export const LAMBDA_BUNDLING = {
  // CommonJS, not ESM: the Lambda runtime loads a CommonJS `index.js` with
  // require(), and the bundle's require() of the runtime's AWS SDK (CommonJS)
  // then costs what a require costs. From an ES module, each import of a
  // CommonJS package has Node scan the package's source (and the packages it
  // re-exports) for its export names first: for @aws-sdk/client-dynamodb and
  // @aws-sdk/lib-dynamodb that scan was about 40 % of every cold start's CPU,
  // the empty handler's as much as ours (npm run bench, cold start;
  // bench/RESULTS.md, session 7). Nothing in functions/ needs ESM (no top-level
  // await, no import.meta).
  format: 'cjs',
  platform: 'node',
  // The Lambda runtime is Node.js 24 (ProjectFunction); a test keeps the two in step.
  target: 'node24',
  minify: true,
  sourcemap: true,
  // The source map maps a logged stack trace to the TypeScript
  // (functions/stack-traces.ts); it needs names and positions, not a copy of
  // every source file.
  // With the sources in it, Node read and parsed a 1.1-2.1 MB map at every
  // cold start (about 45 ms of CPU); without them 0.3-0.6 MB (about 8 ms).
  sourcesContent: false,
  // The CommonJS output keeps `import()` of an external package (the SDK
  // clients a function loads on first use: KMS, SES, Step Functions,
  // Scheduler) as an ES import, which pays the export-name scan above: as
  // "unsupported", esbuild makes it a require() inside a promise.
  supported: { 'dynamic-import': false },
  // Prefer the ESM builds of dependencies so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  // The AWS SDK v3 comes from the Lambda runtime, not the bundle. Bundled, the
  // SDK clients (DynamoDB with lib-dynamodb, Step Functions, Scheduler, SES v2)
  // add about 430 KB to every function and put all of them over the 500 KB
  // budget per function (BUNDLE_BUDGET_BYTES). The price: a function runs the SDK release the runtime
  // carries (AWS updates it with the runtime), not the one package-lock.json
  // pins and the tests ran against. Every call the functions make (the
  // DocumentClient's Get/Put/Update/Delete/Query/Scan/BatchWrite/TransactWrite,
  // StartExecution, DescribeExecution, SendTaskSuccess, CreateSchedule with
  // ActionAfterCompletion, DeleteSchedule, SES v2 SendEmail with raw content)
  // is years older than the Node.js 24 runtime and the SDK it carries. To pin
  // the SDK again, make this `[]`: NodejsFunction and the script then bundle it.
  external: ['@aws-sdk/*'],
  // Evaluated before each entry point, in this order; relative to the
  // repository root. First the stack traces mapped through the bundle's source
  // map, read when a trace is first formatted (functions/stack-traces.ts): with
  // NODE_OPTIONS=--enable-source-maps, as before, Node read and parsed the map
  // at every cold start, 15-37 ms, 0.12-0.30 of the empty handler's (npm run
  // bench, cold start; bench/RESULTS.md, round 3). Then the Lambda runtime's
  // composition root (the AWS adapters behind the ports).
  inject: ['functions/lambda-stack-traces.ts', 'functions/wiring.ts'],
} as const;

/** The bundle's file name: NodejsFunction's for a CommonJS bundle (its source map is this and `.map`). */
export const LAMBDA_BUNDLE_FILE = 'index.js';

/**
 * Values fixed at build time. The opt-in SDK tracing (functions/tracing.ts)
 * is decided by the CDK context `traceSdk`, so a function deployed without it
 * has `process.env.TRACE_SDK_CLIENTS` replaced by "false": the branch that
 * loads @aws-lambda-powertools/tracer (and aws-xray-sdk-core under it) is
 * dead code, and esbuild leaves both out of the bundle (about 90 KB, most of
 * what every cold start loaded beyond zod).
 */
export const bundlingDefine = (opts: { traceSdk: boolean }): Record<string, string> => ({
  'process.env.TRACE_SDK_CLIENTS': JSON.stringify(String(opts.traceSdk)),
});

/**
 * The budget per function, minified: what a function may weigh before its cold
 * start suffers (bench: cold start). Over it today (`npm run size`:
 * 482-705 KB, 12 of 26 over), because zod is 443 KB of every bundle: the
 * handlers' `import { z } from 'zod'` takes zod's whole namespace object
 * (every locale, JSON Schema conversion), which esbuild cannot tree-shake.
 * With `import * as z from 'zod'` in functions/ (the form zod 4 documents)
 * the same bundles measure 132-355 KB, all within the budget.
 */
export const BUNDLE_BUDGET_BYTES = 500 * 1024;
