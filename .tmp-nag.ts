import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { PilotOrchestratorStack } from './infra/stack.js';
const stage = (process.argv[2] ?? 'dev') as 'dev' | 'prod';
const app = new App({ context: { 'aws:cdk:bundling-stacks': [], mailFrom: 'P <p@kk.dk>' } });
const stack = new PilotOrchestratorStack(app, 'S', { stage });
Template.fromStack(stack);
for (const pack of [new AwsSolutionsChecks(undefined, { verbose: false }), new ServerlessChecks(undefined, { verbose: false })]) {
  const report = pack.validateScope(stack);
  for (const v of report.violations) {
    console.log(`== ${v.severity} ${v.ruleName} (${v.violatingResources.length}) ${v.description.slice(0, 140)}`);
    for (const r of v.violatingResources.slice(0, 4)) console.log('    ', r.constructPath);
  }
}
