/**
 * How every Lambda entry point is bundled, declared once: ProjectFunction hands
 * these to CDK's NodejsFunction (which runs the esbuild CLI), and
 * scripts/bundle-size.ts hands them to esbuild's API, so the sizes the script
 * reports are the bundles that deploy (test/infra/bundling.test.ts compares
 * the two byte for byte). No aws-cdk-lib here: the script stays light.
 */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  platform: 'node',
  // The Lambda runtime is Node.js 24 (ProjectFunction); a test keeps the two in step.
  target: 'node24',
  minify: true,
  sourcemap: true,
  // Prefer the ESM builds of dependencies so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  // Some dependencies still call require() for Node built-ins, which an ESM
  // bundle does not define.
  banner: "import { createRequire as __projectCreateRequire } from 'node:module'; const require = __projectCreateRequire(import.meta.url);",
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
  // The Lambda runtime's composition root (the AWS adapters behind the ports),
  // evaluated before each entry point; relative to the repository root.
  inject: ['functions/wiring.ts'],
} as const;

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
