import { awsKeys } from './adapters/aws/keys.js';
import { awsMailer } from './adapters/aws/mailer.js';
import { awsScheduler } from './adapters/aws/scheduler.js';
import { awsWorkflowEngine } from './adapters/aws/workflow.js';
import { providePorts } from './composition.js';

// The Lambda runtime's composition root: every port is its AWS adapter,
// configured from the function's environment and created on first use (the
// handler wrappers hand them to the services in their context). The
// bundler puts this module in front of every entry point
// (infra/constructs/bundling.ts, `inject`), so no handler imports it and
// nothing run locally gets an AWS adapter by accident.
providePorts({
  scheduler: awsScheduler,
  workflow: awsWorkflowEngine,
  mailer: awsMailer,
  keys: awsKeys,
});
