/**
 * The workflow engine that runs the pilot lifecycle state machine: AWS Step
 * Functions on AWS, the aws-local-stepfunctions interpreter locally. Both run
 * the same definition (workflows/pilot-lifecycle.asl.json).
 */
export interface WorkflowEngine {
  /**
   * Starts the execution named `name` (the pilot id). Starting a name that is
   * already running with the same input returns that execution; a name that
   * has finished cannot start again (ExecutionExistsError).
   */
  start(name: string, input: Record<string, unknown>): Promise<{ executionId: string; alreadyRunning: boolean }>;
  /** Resumes a task parked with `.waitForTaskToken`. An unknown or already-used token: TaskTokenInvalidError. */
  sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<void>;
}

/** The execution name has been used by an execution that has finished. */
export class ExecutionExistsError extends Error {
  override readonly name = 'ExecutionExistsError';
}

/** The token was used already, timed out, or never existed. */
export class TaskTokenInvalidError extends Error {
  override readonly name = 'TaskTokenInvalidError';
}
