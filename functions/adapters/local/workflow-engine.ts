import { EventEmitter } from 'node:events';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { logger } from '../../logger.js';
import type { Clock } from '../../ports/clock.js';
import { ExecutionExistsError, TaskTokenInvalidError, type WorkflowEngine } from '../../ports/workflow.js';

// The local stand-in for AWS Step Functions: the aws-local-stepfunctions
// interpreter runs the real definition, and every Task state is overridden to
// call the same handler module the Lambda function runs.
//
// The interpreter lives in memory; a restart would lose every execution. So
// each task's result is journaled in the table, and on start the engine runs
// every execution that was running again from its beginning: tasks with a
// journaled result answer from the journal (their effects are not repeated),
// and the first task without one carries on for real. The definition is
// deterministic given its task results, so the replay retraces the same path.
//
// Callback tasks (`.waitForTaskToken`) get a token derived from the execution,
// the state and its visit, so a replayed wait has the same token as before the
// restart, and a resume sent while the engine was down (journaled) still counts.
//
// The engine enforces the limits of a Standard execution that matter to a
// pilot, so that what would fail on AWS fails here too: one year of execution
// time (on the product clock: a resume or a clock advance past it times the
// execution out), 25,000 history events (counted as AWS writes them), and
// 256 KB for a task's input or output and for the state passed between states.
//
// Table items (local only):
//   LOCAL#EXEC / <name>                    the execution: status, input, history size
//   LOCAL#EXEC#<name> / STEP#<state>#<n>   the result of the state's n-th successful visit
//   LOCAL#EXEC#<name> / TOKEN#<token>      the output sent for a callback token

// aws-local-stepfunctions 3 needs Promise.withResolvers (Node 22); these machines run Node 20.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type Handler = (event: unknown) => Promise<unknown>;
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;
type JsonObject = { [key: string]: string };
type Definition = { States: Record<string, { Type: string; Resource?: string; [k: string]: unknown }>; [k: string]: unknown };

export interface LocalWorkflowEngineOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The product's clock: executions start, age and time out by it. */
  clock: Clock;
  /**
   * Overrides the definition's retry intervals and Wait states' seconds (ms),
   * for tests, which never wait in real time. Unset: as the definition says.
   */
  retryDelayMs?: number;
  /** The ASL definition with its ${Placeholders}. */
  definition: string;
  /** What each Lambda placeholder runs: `{ LifecycleStepFunctionArn: handler }`. */
  functions: Record<string, Handler>;
}

export interface ExecutionRecord {
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  input: Record<string, unknown>;
  startedAt: string;
  error?: string;
  /** State transitions so far, and the AWS history events they would make (an upper bound). */
  transitions?: number;
  historyEvents?: number;
}

const EXECUTIONS = 'LOCAL#EXEC';

/** The limits of a Standard execution (AWS Step Functions quotas). */
export const STANDARD_LIMITS = {
  /** An execution runs at most one year. */
  executionMs: 365 * 86_400_000,
  historyEvents: 25_000,
  /** Bytes of a task's input or output, or of the state data between states. */
  payloadBytes: 256 * 1024,
};

/** An error the definition's Retry and Catch cannot handle: the execution fails, as on AWS. */
class LimitExceededError extends Error {
  readonly isCatchable = false;
  readonly isRetryable = false;
  constructor(name: string, message: string) {
    super(`${name}: ${message}`);
    this.name = name;
  }
}

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
const localArn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;

export class LocalWorkflowEngine implements WorkflowEngine {
  private readonly definition: Definition;
  /** The definition, checked once (as CreateStateMachine does on AWS) and run for every execution. */
  private readonly machine: StateMachine;
  private readonly handlers = new Map<string, Handler>();
  private readonly running = new Map<string, { abort: () => void }>();
  /** Executions not parked: started, or resumed and not yet parked again. */
  private readonly moving = new Set<string>();
  private readonly waiters = new Map<string, (output: unknown) => void>();
  private readonly changes = new EventEmitter();
  /** When each execution in this process started (product clock), for its one-year limit. */
  private readonly startedAt = new Map<string, number>();
  /** How an execution ended when the engine ended it (a limit), rather than its definition. */
  private readonly verdicts = new Map<string, { status: ExecutionRecord['status']; error: string }>();
  /** Faults injected into Task states (tests): thrown instead of running the task, `times` times. */
  private readonly faults = new Map<string, { error: () => Error; times: number }>();

  constructor(private readonly opts: LocalWorkflowEngineOptions) {
    let text = opts.definition;
    for (const [placeholder, handler] of Object.entries(opts.functions)) {
      const arn = localArn(placeholder);
      text = text.replaceAll(`\${${placeholder}}`, arn);
      this.handlers.set(arn, handler);
    }
    const missing = /\$\{(\w+)\}/.exec(text);
    if (missing) throw new Error(`no local function for the definition's placeholder ${missing[0]}`);
    this.definition = JSON.parse(text) as Definition;
    // Validating builds an Ajv schema (about 100 ms of CPU); a StateMachine keeps no
    // state between runs, so one validated instance serves every execution and resume.
    this.machine = new StateMachine(this.definition as unknown as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { checkArn: false },
    });
    this.changes.setMaxListeners(0);
  }

  async start(name: string, input: Record<string, unknown>) {
    const executionId = `arn:aws:states:local:000000000000:execution:pilot-lifecycle:${name}`;
    if (bytesOf(input) > STANDARD_LIMITS.payloadBytes) throw new Error(`the input of execution ${name} is over 256 KB`);
    const record: ExecutionRecord = { name, status: 'RUNNING', input, startedAt: this.opts.clock.now().toISOString() };
    try {
      await this.opts.db.send(
        new PutCommand({
          TableName: this.opts.tableName,
          Item: { PK: EXECUTIONS, SK: name, ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.execution(name);
      if (existing?.status !== 'RUNNING') throw new ExecutionExistsError(`execution ${name} has ended (${existing?.status})`);
      return { executionId, alreadyRunning: true };
    }
    this.run(name, input, record.startedAt, false);
    return { executionId, alreadyRunning: false };
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<void> {
    const name = executionOfToken(token);
    const execution = name ? await this.execution(name) : undefined;
    if (!name || execution?.status !== 'RUNNING') throw new TaskTokenInvalidError('unknown or finished task token');
    if (this.outlived(name, execution.startedAt)) {
      await this.end(name, 'TIMED_OUT', 'States.Timeout: the execution ran for a year');
      throw new TaskTokenInvalidError('the execution has timed out');
    }
    try {
      await this.opts.db.send(
        new PutCommand({
          TableName: this.opts.tableName,
          Item: { PK: `${EXECUTIONS}#${name}`, SK: `TOKEN#${token}`, output },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new TaskTokenInvalidError('the task token was used already', { cause: error });
      throw error;
    }
    this.waiters.get(token)?.(output);
  }

  /** Runs again every execution that was running when the engine last stopped. */
  async recover(): Promise<string[]> {
    const { Items = [] } = await this.opts.db.send(
      new QueryCommand({
        TableName: this.opts.tableName,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: '#status = :running',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': EXECUTIONS, ':running': 'RUNNING' },
      }),
    );
    const names = Items.map((i) => i.SK as string).filter((name) => !this.running.has(name));
    for (const item of Items)
      if (names.includes(item.SK as string)) this.run(item.SK as string, item.input as Record<string, unknown>, item.startedAt as string, true);
    return names;
  }

  /** Times out every execution of this process that has run for a year by the product clock (after a clock advance). */
  async enforceTimeLimit(): Promise<string[]> {
    const expired = [...this.startedAt].filter(
      ([name, started]) => this.running.has(name) && this.opts.clock.now().getTime() - started > STANDARD_LIMITS.executionMs,
    );
    for (const [name] of expired) await this.end(name, 'TIMED_OUT', 'States.Timeout: the execution ran for a year');
    return expired.map(([name]) => name);
  }

  /** Tests: the Task state `stateName` fails with `error` instead of running, the next `times` times it runs. */
  injectFault(stateName: string, error: () => Error, times = Number.POSITIVE_INFINITY): void {
    this.faults.set(stateName, { error, times });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private outlived(name: string, startedAt?: string): boolean {
    const started = this.startedAt.get(name) ?? (startedAt ? Date.parse(startedAt) : undefined);
    return started !== undefined && this.opts.clock.now().getTime() - started > STANDARD_LIMITS.executionMs;
  }

  /** Ends an execution for a limit it exceeded: it stops where it is, and is recorded as AWS would show it. */
  private async end(name: string, status: ExecutionRecord['status'], error: string) {
    if (this.verdicts.has(name)) return;
    logger.error('local execution exceeded a Standard limit', { execution: name, status, reason: error });
    this.verdicts.set(name, { status, error });
    this.running.get(name)?.abort();
  }

  async execution(name: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.opts.db.send(new GetCommand({ TableName: this.opts.tableName, Key: { PK: EXECUTIONS, SK: name }, ConsistentRead: true }));
    return Item as ExecutionRecord | undefined;
  }

  /** Resolves once no execution is moving: each is parked on a callback or has ended. */
  async settled(): Promise<void> {
    while (this.moving.size > 0) await new Promise((resolve) => this.changes.once('change', resolve));
  }

  /** Stops every execution in this process (they stay RUNNING in the table, to be recovered). */
  stop(): void {
    for (const { abort } of this.running.values()) abort();
    this.running.clear();
    this.moving.clear();
    this.changes.emit('change');
  }

  private setMoving(name: string, moving: boolean) {
    if (moving) this.moving.add(name);
    else this.moving.delete(name);
    this.changes.emit('change');
  }

  /**
   * `recovered`: the execution ran before this process (recover()), so its
   * journal may answer its first tasks. One started here has no journal yet
   * and none can appear but its own, so it does not look (two reads a task
   * fewer); a recovered one stops looking at its first task the journal lacks.
   */
  private run(name: string, input: Record<string, unknown>, startedAt: string, recovered: boolean) {
    this.startedAt.set(name, Date.parse(startedAt));
    this.verdicts.delete(name);
    const visits: Visits = { counts: new Map<string, number>(), replaying: recovered };
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    const delays: Record<string, number> = {};
    const waits: Record<string, number> = {};
    for (const [stateName, state] of Object.entries(this.definition.States)) {
      if (state.Type === 'Task') overrides[stateName] = (taskInput) => this.runTask(name, stateName, state, taskInput, visits);
      if (this.opts.retryDelayMs !== undefined && state.Retry) delays[stateName] = this.opts.retryDelayMs;
      if (this.opts.retryDelayMs !== undefined && state.Type === 'Wait') waits[stateName] = this.opts.retryDelayMs;
    }
    const execution = this.machine.run(input as Parameters<StateMachine['run']>[0], {
      overrides: {
        taskResourceLocalHandlers: overrides as RunOptions['overrides'] extends infer O
          ? O extends { taskResourceLocalHandlers?: infer H }
            ? NonNullable<H>
            : never
          : never,
        retryIntervalOverrides: delays,
        waitTimeOverrides: waits,
      },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: `local:${name}`, Name: name, Input: input as JsonObject, StartTime: startedAt },
        // Each callback task gets its own token in runTask; this only makes $$.Task.Token resolvable.
        Task: { Token: 'issued-per-task' },
      },
    });
    this.running.set(name, execution);
    this.setMoving(name, true);

    let tasks = 0;
    let others = 0;
    // AWS writes up to 6 history events per Task state (entered, scheduled, started,
    // submitted, succeeded, exited), 3 more per retry, 2 per other state, 2 for the execution.
    let retries = 0;
    const history = () => 2 + 6 * tasks + 2 * others + 3 * retries;
    void (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') {
          if (event.state.type === 'Task') tasks++;
          else others++;
        } else if (event.type === 'StateRetried') {
          retries++;
        } else if (event.type === 'StateExited' && bytesOf(event.state.output) > STANDARD_LIMITS.payloadBytes) {
          await this.end(name, 'FAILED', `States.DataLimitExceeded: the output of ${event.state.name} is over 256 KB`);
        }
        if (history() > STANDARD_LIMITS.historyEvents) {
          await this.end(name, 'FAILED', 'States.HistoryLimitExceeded: the execution has more than 25,000 history events');
        }
      }
    })();

    execution.result
      .then(
        () => {
          const verdict = this.verdicts.get(name);
          return this.finish(name, verdict?.status ?? 'SUCCEEDED', verdict?.error, tasks, others, history());
        },
        (error: unknown) => {
          logger.error('local execution failed', { execution: name, error: error as Error });
          const verdict = this.verdicts.get(name);
          return this.finish(name, verdict?.status ?? 'FAILED', verdict?.error ?? String((error as Error)?.message ?? error), tasks, others, history());
        },
      )
      .catch((error: unknown) => logger.error('could not record the end of an execution', { execution: name, error: error as Error }));
  }

  private async finish(name: string, status: ExecutionRecord['status'], error: string | undefined, tasks: number, others: number, history: number) {
    if (!this.running.has(name)) return; // stopped: stays RUNNING, to be recovered
    this.running.delete(name);
    this.startedAt.delete(name);
    await this.opts.db.send(
      new UpdateCommand({
        TableName: this.opts.tableName,
        Key: { PK: EXECUTIONS, SK: name },
        UpdateExpression: `SET #status = :status, transitions = :transitions, historyEvents = :history${error ? ', #error = :error' : ''}`,
        ExpressionAttributeNames: { '#status': 'status', ...(error ? { '#error': 'error' } : {}) },
        ExpressionAttributeValues: {
          ':status': status,
          ':transitions': tasks + others,
          ':history': history,
          ...(error ? { ':error': error } : {}),
        },
      }),
    );
    this.setMoving(name, false);
  }

  /** One Task state: from the journal if it ran before, else for real (and journaled). */
  private async runTask(name: string, stateName: string, state: Definition['States'][string], taskInput: unknown, visits: Visits) {
    if (this.outlived(name)) {
      await this.end(name, 'TIMED_OUT', 'States.Timeout: the execution ran for a year');
      return new Promise(() => undefined); // the abort ends it
    }
    if (bytesOf(taskInput) > STANDARD_LIMITS.payloadBytes) {
      throw new LimitExceededError('States.DataLimitExceeded', `the input of ${stateName} is over 256 KB`);
    }
    const visit = visits.counts.get(stateName) ?? 0;
    const stepKey = { PK: `${EXECUTIONS}#${name}`, SK: `STEP#${stateName}#${visit}` };
    const { Item } = visits.replaying
      ? await this.opts.db.send(new GetCommand({ TableName: this.opts.tableName, Key: stepKey, ConsistentRead: true }))
      : { Item: undefined };
    let output: unknown;
    if (Item) {
      output = Item.output;
    } else {
      const replayed = visits.replaying;
      visits.replaying = false;
      const { FunctionName, Payload } = taskInput as { FunctionName: string; Payload: Record<string, unknown> };
      // The interpreter stamps $$.Execution.StartTime with the real time (it ignores the context's);
      // the execution started at its start on the product clock, which is what the park reads.
      const started = this.startedAt.get(name);
      const execution = Payload.execution as { startedAt?: unknown } | undefined;
      if (execution && typeof execution === 'object' && 'startedAt' in execution && started !== undefined) {
        Payload.execution = { ...execution, startedAt: new Date(started).toISOString() };
      }
      const handler = this.handlers.get(FunctionName);
      if (!handler) throw new Error(`no local function ${FunctionName}`);
      const fault = this.faults.get(stateName);
      if (fault && fault.times > 0) {
        fault.times--;
        throw fault.error();
      }
      if (String(state.Resource).endsWith('.waitForTaskToken')) {
        const token = tokenFor(name, stateName, visit);
        output = await this.awaitCallback(name, token, replayed, () => handler({ ...Payload, taskToken: token }));
      } else {
        // The lambda:invoke integration's result shape, which the definition's ResultSelector reads.
        output = { Payload: await handler(Payload), StatusCode: 200 };
      }
      if (bytesOf(output) > STANDARD_LIMITS.payloadBytes) {
        throw new LimitExceededError('States.DataLimitExceeded', `the output of ${stateName} is over 256 KB`);
      }
      await this.opts.db.send(new PutCommand({ TableName: this.opts.tableName, Item: { ...stepKey, output: output ?? null } }));
    }
    visits.counts.set(stateName, visit + 1);
    return output;
  }

  /** `replayed`: the execution is recovered, so a resume may have been journaled for this token before this process ran it. */
  private async awaitCallback(name: string, token: string, replayed: boolean, park: () => Promise<unknown>): Promise<unknown> {
    const resumed = new Promise<unknown>((resolve) =>
      this.waiters.set(token, (output) => {
        this.waiters.delete(token);
        this.setMoving(name, true);
        resolve(output);
      }),
    );
    const sent = replayed ? await this.sentOutput(name, token) : undefined;
    if (sent !== undefined) {
      this.waiters.delete(token);
      return sent;
    }
    await park();
    // A resume may have been journaled before the waiter existed (sent during the park, or before a restart).
    const early = await this.sentOutput(name, token);
    if (early !== undefined) {
      this.waiters.delete(token);
      return early;
    }
    this.setMoving(name, false);
    return resumed;
  }

  private async sentOutput(name: string, token: string): Promise<unknown> {
    const { Item } = await this.opts.db.send(
      new GetCommand({ TableName: this.opts.tableName, Key: { PK: `${EXECUTIONS}#${name}`, SK: `TOKEN#${token}` }, ConsistentRead: true }),
    );
    return Item?.output;
  }
}

/** An execution's visits to each state so far, and whether its journal may still answer them (a recovered execution). */
interface Visits {
  counts: Map<string, number>;
  replaying: boolean;
}

const tokenFor = (execution: string, state: string, visit: number) => Buffer.from(JSON.stringify([execution, state, visit])).toString('base64url');

const executionOfToken = (token: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : undefined;
  } catch {
    return undefined;
  }
};
