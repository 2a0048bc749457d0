import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { PilotOrchestratorStack, type DeployStage } from '../../infra/stack.js';

// cdk-nag 3 is a CDK policy-validation plugin, not an aspect: `validateScope`
// is its entry point for tests. It reports errors and warnings alike as
// violations, after the acknowledgements (infra/constructs/nag.ts) are taken
// off, so "no violation" means no unacknowledged finding of either level.

// Bundling is skipped: the packs read the construct tree, not the code.
const synth = (stage: DeployStage, context: Record<string, unknown> = {}) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new PilotOrchestratorStack(app, `PilotOrchestrator-${stage}`, { stage });
  // Synthesized first, so the packs see the finished tree (policies, permissions, outputs).
  Template.fromStack(stack);
  return stack;
};

const KK = { mailFrom: 'Pilotprojekter <pilotprojekter@kk.dk>', alarmEmail: 'drift@kk.dk' };
/** Each stage as deployed, with every optional resource (the alarm subscription, the SES identity), and dev bare. */
const stacks: Record<string, Stack> = {
  'prod, everything configured': synth('prod', { ...KK, createMailIdentity: 'true' }),
  'dev, everything configured': synth('dev', { ...KK, createMailIdentity: 'true' }),
  'dev, defaults': synth('dev'),
};

const packs = () => [new AwsSolutionsChecks(undefined, { verbose: true }), new ServerlessChecks(undefined, { verbose: true })];

/** Every unacknowledged finding, one line each, readable in a failed assertion. */
const findingsOf = (scope: IConstruct) =>
  packs().flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`)),
  );

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}
/** The acknowledgements recorded on a stack's constructs. */
const acknowledgementsOf = (stack: Stack): Acknowledgement[] =>
  [stack, ...stack.node.findAll()].flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          // CDK qualifies an id without a plugin prefix as an annotation's; cdk-nag strips that again.
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

describe('cdk-nag: AwsSolutions and Serverless packs', () => {
  // Which acknowledgement answered which finding: wraps the pack's own check
  // (a private method, so a cdk-nag upgrade that renames it fails here, loudly).
  const used: { path: string; id: string }[] = [];
  const prototype = NagPack.prototype as unknown as { isAcknowledged(resource: IConstruct, ruleId: string): boolean };
  const isAcknowledged = prototype.isAcknowledged;
  beforeAll(() => {
    prototype.isAcknowledged = function (this: NagPack, resource: IConstruct, ruleId: string) {
      const acknowledged = isAcknowledged.call(this, resource, ruleId);
      if (acknowledged) used.push({ path: resource.node.path, id: ruleId });
      return acknowledged;
    };
  });
  afterAll(() => {
    prototype.isAcknowledged = isAcknowledged;
  });

  it.each(Object.keys(stacks))('%s: no unacknowledged finding, error or warning', (name) => {
    expect(findingsOf(stacks[name]!)).toEqual([]);
  });

  it('do report what they look for (the harness is not blind): a bare queue is three findings', () => {
    const stack = new Stack(new App(), 'Bare');
    new Queue(stack, 'Queue');
    expect(
      findingsOf(stack)
        .map((f) => f.split(' ')[1])
        .sort(),
    ).toEqual(['AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']);
  });

  it.each(Object.keys(stacks))('%s: every acknowledgement answers a finding the packs make (none is stale)', (name) => {
    const stack = stacks[name]!;
    used.length = 0;
    findingsOf(stack);
    for (const ack of acknowledgementsOf(stack)) {
      const answered = used.some((u) => u.id === ack.id && (u.path === ack.path || u.path.startsWith(`${ack.path}/`)));
      expect(answered, `${ack.id} at ${ack.path}`).toBe(true);
    }
  });

  it.each(Object.keys(stacks))('%s: every acknowledgement is one finding on one resource, with its reason; none covers the whole stack', (name) => {
    const stack = stacks[name]!;
    const acknowledgements = acknowledgementsOf(stack);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const ack of acknowledgements) {
      expect(ack.id).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      // IAM5 only ever finding by finding: a wildcard named, not the rule.
      if (ack.id.startsWith('AwsSolutions-IAM5')) expect(ack.id).toMatch(/^AwsSolutions-IAM5\[(Resource|Action)::.+\]$/);
      expect(ack.path).not.toBe(stack.node.path);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(80);
    }
  });

  it('the kinds of finding acknowledged (a new kind is a decision for review)', () => {
    const rules = new Set(Object.values(stacks).flatMap((stack) => acknowledgementsOf(stack).map((ack) => ack.id.replace(/\[.*$/, ''))));
    expect([...rules].sort()).toEqual([
      // The companies' webhook and signed-link routes: their signature is the authentication, not a Cognito token.
      'AwsSolutions-APIG4',
      // The web page's distribution: no geo restriction, no WAF, no access logs, the default certificate's TLS policy.
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR3',
      'AwsSolutions-CFR4',
      // CDK's BucketDeployment handler: its basic-execution managed policy.
      'AwsSolutions-IAM4',
      // Wildcards: X-Ray and log delivery on "*", the table's indexes, KMS action families on the table key,
      // schedules and executions named at run time, grantInvoke's versions and aliases, the BucketDeployment's S3 copies.
      'AwsSolutions-IAM5',
      // CDK's BucketDeployment handler: CDK pins its runtime.
      'AwsSolutions-L1',
      // The web page's bucket: static files only, no server access logs.
      'AwsSolutions-S1',
      // The two queues are dead-letter queues themselves.
      'AwsSolutions-SQS3',
      // Synchronous functions; the asynchronous ones have an on-failure destination instead.
      'Serverless-LambdaDLQ',
      // CDK's BucketDeployment handler: runtime pinned by CDK, no tracing for a copy at deploy time.
      'Serverless-LambdaLatestVersion',
      'Serverless-LambdaTracing',
      'Serverless-SNSRedrivePolicy',
      'Serverless-SQSRedrivePolicy',
    ]);
  });
});
