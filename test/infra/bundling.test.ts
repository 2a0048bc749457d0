import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    // The map too, but for its sources' paths (relative to where each was written): the cold-start bench loads
    // it (NODE_OPTIONS=--enable-source-maps), so what it holds is part of what the bench measures.
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

  it('every bundle starts with the Lambda composition root: the ports are the AWS adapters, which no handler imports', async () => {
    for (const entry of deployedEntries()) {
      const { metafile } = await bundle(entry);
      const inputs = Object.keys(metafile.inputs);
      expect(inputs, entry).toContain('functions/wiring.ts');
      expect(inputs, entry).toContain('functions/adapters/aws/keys.ts');
    }
  }, 60_000);
});
