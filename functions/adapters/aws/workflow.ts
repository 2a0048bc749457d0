import type { WorkflowEngine } from '../../ports/workflow.js';

/** AWS Step Functions. (Being written: see the AWS adapters work.) */
export const awsWorkflowEngine = (): WorkflowEngine => {
  throw new Error('not yet built');
};
