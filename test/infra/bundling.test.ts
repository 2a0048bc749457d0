import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { API_GROUPS } from '../../functions/api/routes.js';
import { LAMBDA_BUNDLE_FILE, LAMBDA_BUNDLING } from '../../infra/constructs/bundling.js';
import { LAMBDA_RUNTIME, ProjectFunction } from '../../infra/constructs/project-function.js';
import { STEP_FUNCTIONS } from '../../infra/stack.js';
import { bundle, deployedEntries } from '../../scripts/bundle-size.js';
import { PROJECT_ROOT } from '../../infra/constructs/project-function.js';

// The bundles themselves: what `npm run size` measures is what ProjectFunction
// deploys, and what a bundle leaves to the Lambda runtime is only what the
// runtime has. These tests run esbuild (a few seconds).

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('bundling', () => {
  it('targets the Node.js version of the Lambda runtime', () => {
    expect(LAMBDA_RUNTIME.name).toBe(`nodejs${LAMBDA_BUNDLING.target.replace(/^node/, '')}.x`);
  });

  it('.nvmrc names the Node.js version of the Lambda runtime', () => {
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe(LAMBDA_BUNDLING.target.replace(/^node/, ''));
  });

  it('npm run size measures every function the stack deploys', () => {
    expect(deployedEntries().sort()).toEqual(
      [
        ...API_GROUPS.map((group) => `functions/api/groups/${group}.ts`),
        ...STEP_FUNCTIONS.map((name) => `functions/steps/${name}.ts`),
        'functions/steps/digest.ts',
      ].sort(),
    );
  });

  it('ProjectFunction (through NodejsFunction and the esbuild CLI) deploys byte for byte the bundle npm run size measures', async () => {
    const entry = 'functions/steps/wake-up.ts';
    const outdir = mkdtempSync(path.join(tmpdir(), 'bundling-test-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bundling');
    const table = new Table(stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
    const fn = new ProjectFunction(stack, 'Fn', { entry, table, tableAccess: 'read', logRemovalPolicy: RemovalPolicy.DESTROY });
    const code = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(fn.function.node.defaultChild as never)].Properties.Code;
    const assetHash = String(code.S3Key).replace(/\.zip$/, '');
    const deployed = readFileSync(path.join(outdir, `asset.${assetHash}`, LAMBDA_BUNDLE_FILE));
    const deployedMap = readFileSync(path.join(outdir, `asset.${assetHash}`, `${LAMBDA_BUNDLE_FILE}.map`));
    const measured = await bundle(entry);
    expect(deployed.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(measured.code).equals(deployed)).toBe(true);
    // The map too, but for its sources' paths (relative to where each was written): a bundle reads it to map a
    // stack trace (functions/stack-traces.ts), so what it holds is what the logs show.
    const parts = (map: Uint8Array | Buffer) => {
      const { mappings, names, sourcesContent } = JSON.parse(Buffer.from(map).toString('utf8')) as Record<string, unknown>;
      return { mappings, names, sourcesContent };
    };
    expect(parts(measured.map)).toEqual(parts(deployedMap));
    expect(parts(deployedMap).sourcesContent).toBeUndefined();
  }, 60_000);

  it('each bundle leaves only the AWS SDK and Node.js built-ins to the runtime', async () => {
    const builtins = new Set(builtinModules);
    for (const entry of deployedEntries()) {
      const { metafile } = await bundle(entry);
      const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
      const external = output.imports.filter((i) => i.external).map((i) => i.path);
      for (const module of external) {
        const isBuiltin = module.startsWith('node:') || builtins.has(module.split('/')[0]!);
        expect(isBuiltin || module.startsWith('@aws-sdk/'), `${entry} imports ${module} at run time`).toBe(true);
      }
    }
  }, 60_000);

  it('no bundle carries the tracer, the X-Ray SDK or the MIME composer unless asked: SES composes, and tracing is opt-in (-c traceSdk=true)', async () => {
    const absent = ['@aws-lambda-powertools/tracer', 'aws-xray-sdk-core', 'nodemailer'];
    for (const entry of deployedEntries()) {
      const { metafile } = await bundle(entry);
      const inputs = Object.keys(metafile.inputs).join('\n');
      for (const name of absent) expect(inputs, `${entry} bundles ${name}`).not.toContain(`node_modules/${name}/`);
    }
    // With the flag, the tracer is in (functions/tracing.ts loads it on the first invocation).
    const traced = Object.keys((await bundle('functions/api/pilots-get.ts', { traceSdk: true })).metafile.inputs).join('\n');
    expect(traced).toContain('node_modules/@aws-lambda-powertools/tracer/');
    expect(traced).toContain('node_modules/aws-xray-sdk-core/');
  }, 60_000);

  it('a function gets TRACE_SDK_CLIENTS only with -c traceSdk=true (its bundle is built with the same flag)', () => {
    const define = (traceSdk?: string) => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...(traceSdk ? { traceSdk } : {}) } });
      const stack = new Stack(app, 'Tracing');
      const table = new Table(stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
      const fn = new ProjectFunction(stack, 'Fn', {
        entry: 'functions/api/pilots-get.ts',
        table,
        tableAccess: 'read',
        logRemovalPolicy: RemovalPolicy.DESTROY,
      });
      const props = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(fn.function.node.defaultChild as never)].Properties;
      return props.Environment.Variables.TRACE_SDK_CLIENTS as string | undefined;
    };
    expect(define()).toBeUndefined();
    expect(define('true')).toBe('true');
  });

  it('a bundle maps its stack traces to the TypeScript as --enable-source-maps did, and reads its map only for a trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundling-test-'));
    outdirs.push(dir);
    const { code, map } = await bundle('functions/steps/park.ts');
    writeFileSync(path.join(dir, LAMBDA_BUNDLE_FILE), code);
    writeFileSync(path.join(dir, `${LAMBDA_BUNDLE_FILE}.map`), map);
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // The park step refuses `{}` (its input schema): the ZodError's stack runs through the handler, middy and the step.
    const script = `
      const fs = require('node:fs');
      const read = fs.readFileSync;
      let mapReads = 0;
      fs.readFileSync = function (file, ...rest) { if (String(file).endsWith('.map')) mapReads++; return read.call(this, file, ...rest); };
      if (process.env.NODE_OWN === '1') Object.defineProperty(Error, 'prepareStackTrace', { get() {}, set() {} });
      const { handler } = require(${JSON.stringify(path.join(dir, LAMBDA_BUNDLE_FILE))});
      const atLoad = mapReads;
      handler({}, { functionName: 'park', awsRequestId: 'test', getRemainingTimeInMillis: () => 1000 }).catch((error) => {
        process.stdout.write(JSON.stringify({ atLoad, stack: error.stack, after: mapReads }));
      });`;
    const run = (nodeOwn: boolean) =>
      JSON.parse(
        execFileSync(process.execPath, [...(nodeOwn ? ['--enable-source-maps'] : []), '-e', script], {
          env: {
            PATH: process.env.PATH ?? '',
            AWS_REGION: 'eu-north-1',
            TABLE_NAME: 't',
            POWERTOOLS_LOG_LEVEL: 'SILENT',
            NODE_OWN: nodeOwn ? '1' : '0',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
          cwd: dir,
        })
          .toString()
          .trim()
          .split('\n')
          .at(-1)!,
      ) as { atLoad: number; stack: string; after: number };
    const ours = run(false);
    const nodes = run(true);
    const frames = (stack: string) => stack.split('\n').filter((line) => line.startsWith('    at '));
    expect(frames(ours.stack)[0]).toMatch(/^ {4}at fn \(.*\/functions\/steps\/park\.ts:\d+:\d+\)$/);
    expect(ours.stack).toContain('functions/steps/step-handler.ts:');
    expect(ours.stack).not.toContain(`${path.join(dir, LAMBDA_BUNDLE_FILE)}:`);
    // Frame for frame what Node's own mapping gives for the same bundle (it, with the flag, reads the map at load).
    expect(frames(ours.stack)).toEqual(frames(nodes.stack));
    expect({ atLoad: ours.atLoad, after: ours.after }).toEqual({ atLoad: 0, after: 1 });
  }, 60_000);

  it('every bundle starts with the Lambda composition root: the ports are the AWS adapters, which no handler imports', async () => {
    for (const entry of deployedEntries()) {
      const { metafile } = await bundle(entry);
      const inputs = Object.keys(metafile.inputs);
      expect(inputs, entry).toContain('functions/wiring.ts');
      expect(inputs, entry).toContain('functions/adapters/aws/keys.ts');
    }
  }, 60_000);
});
