import type { SFNClient } from '@aws-sdk/client-sfn';
import { ExecutionExistsError, TaskTokenInvalidError, type WorkflowEngine } from '../../ports/workflow.js';
import { traced } from '../../tracing.js';

let client: SFNClient | undefined;
// Loaded on first use, not with the module: most functions bundle this adapter
// (through the ports) but never touch an execution, and the SDK client costs
// ~45 ms of every cold start to load (npm run bench, cold start).
let sdk: Promise<typeof import('@aws-sdk/client-sfn')> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-sfn'));

/** arn:aws:states:<region>:<account>:stateMachine:<machine> -> ...:execution:<machine>:<name> */
const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * AWS Step Functions (Standard), for the state machine STATE_MACHINE_ARN.
 * The environment is read here and checked on use: resuming a task needs
 * only the token, so functions that never start an execution need no ARN.
 */
export const awsWorkflowEngine = (): WorkflowEngine => {
  const configuredArn = process.env.STATE_MACHINE_ARN;

  return {
    async start(name, input) {
      if (!configuredArn) {
        throw new Error('the Step Functions adapter needs the environment variable STATE_MACHINE_ARN (the pilot lifecycle state machine); it is not set');
      }
      const stateMachineArn = configuredArn;
      const { SFNClient, StartExecutionCommand, DescribeExecutionCommand, ExecutionAlreadyExists } = await loadSdk();
      client ??= traced(new SFNClient({}));
      try {
        const started = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        // A Standard workflow answers a start with the name and input of a
        // running execution with that execution's own response, so a repeat
        // lands here too and is reported as a new start. We do not guess
        // otherwise (a startDate compared with our clock would be a guess):
        // callers must not rely on alreadyRunning to prevent a double start.
        // What prevents one is the pilot's conditional status change before
        // the start, and the execution name, which AWS keeps unique.
        return { executionId: started.executionArn ?? executionArnOf(stateMachineArn, name), alreadyRunning: false };
      } catch (error) {
        // The name is taken with a different input, or by a finished execution
        // (names stay taken for 90 days): only the execution's status tells which.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        const executionArn = executionArnOf(stateMachineArn, name);
        const existing = await client.send(new DescribeExecutionCommand({ executionArn }));
        if (existing.status !== 'RUNNING') {
          throw new ExecutionExistsError(`execution ${name} has ended (${existing.status ?? 'status unknown'})`, { cause: error });
        }
        return { executionId: executionArn, alreadyRunning: true };
      }
    },

    async sendTaskSuccess(token, output) {
      const { SFNClient, SendTaskSuccessCommand, TaskTimedOut, InvalidToken, TaskDoesNotExist } = await loadSdk();
      client ??= traced(new SFNClient({}));
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
      } catch (error) {
        if (error instanceof TaskTimedOut || error instanceof InvalidToken || error instanceof TaskDoesNotExist) {
          throw new TaskTokenInvalidError(`the task token can no longer be used (${error.name})`, { cause: error });
        }
        throw error;
      }
    },
  };
};
