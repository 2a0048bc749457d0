// The pilot lifecycle state machine, written once: a table of its phases and
// the few shapes each phase is made of (a step, a wait, a decision). The ASL
// JSON in pilot-lifecycle.asl.json is generated from this file
// (`npm run workflow:generate`) and checked in, because CDK and the local
// engine load it and a reviewer reads it; test/unit/workflow-definition.test.ts
// fails when the two differ.
//
// Plain data and no imports from functions/: the generator runs without the
// product's modules, and the JSON stays the one thing both runtimes share.

/** Every waiting task's TimeoutSeconds; functions/domain/lifecycle.ts PARK_TIMEOUT_SECONDS is the same value (a test checks). */
const PARK_TIMEOUT_SECONDS = 20 * 86_400;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type State = { [key: string]: Json };

const LAMBDA_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/**
 * The retry policy of every Task state, written once. The first retrier that
 * names an error decides (Step Functions reads them in order):
 * - the domain's transient errors (functions/domain/errors.ts: optimistic
 *   concurrency gave up; an AWS service throttled, mapped at the step
 *   handler's boundary; KMS unavailable) and Lambda's own service errors: backoff with full
 *   jitter, capped at a minute between tries;
 * - an e-mail claimed by another try (MailInFlightError: its sender may
 *   have died between claim and send): tries spread over more than the
 *   claim's lease (MAIL_CLAIM_LEASE_MS, two minutes, functions/store/mails.ts:
 *   30 + 60 + 120 s before the third), after which the e-mail is found sent
 *   or taken over;
 * - errors that another try cannot fix (bad input, a missing pilot): none;
 * - anything else (`States.TaskFailed`, the unknown: a bug, a timeout of the
 *   Lambda itself): a few slower tries, then the Catch's recovery path.
 */
export const RETRY: Json = [
  {
    ErrorEquals: ['ContentionError', 'ThrottledError', 'DependencyUnavailableError'],
    IntervalSeconds: 1,
    MaxAttempts: 8,
    BackoffRate: 2,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['MailInFlightError'], IntervalSeconds: 30, MaxAttempts: 5, BackoffRate: 2, MaxDelaySeconds: 120 },
  { ErrorEquals: LAMBDA_ERRORS, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL' },
  { ErrorEquals: ['ValidationError', 'NotFoundError', 'ZodError'], MaxAttempts: 0 },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 3, MaxDelaySeconds: 300, JitterStrategy: 'FULL' },
];

const PARK_COMMENT =
  "Parks until the deadline's wake-up or an event resumes it. TimeoutSeconds (20 days) is only a safety net: on a timeout the task parks again.";

/** What a step's result is read as (ResultSelector): each name from the Lambda's Payload. */
const selecting = (...fields: string[]) => Object.fromEntries(fields.map((f) => [`${f}.$`, `$.Payload.${f}`]));

interface StepSpec {
  /** The lifecycle-step action, with its constant payload fields. */
  payload: { action: string; [key: string]: Json };
  /** Payload fields taken from the state data: `{ 'resume.$': '$.resume' }`. */
  paths?: Record<string, string>;
  select: string[];
  resultPath: string;
  next: string;
  comment?: string;
  /** Where the comment goes among the keys (some states were written with it last). */
  commentLast?: boolean;
}

/** A step between waits: one invocation of the lifecycle-step function. */
const step = (spec: StepSpec): State => {
  const { action, ...constants } = spec.payload;
  const state: State = { Type: 'Task' };
  if (spec.comment && !spec.commentLast) state.Comment = spec.comment;
  Object.assign(state, {
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: '${LifecycleStepFunctionArn}',
      Payload: { action, ...constants, 'pilotId.$': '$.pilotId', ...spec.paths, ...CORRELATION },
    },
    ResultSelector: selecting(...spec.select),
    ResultPath: spec.resultPath,
    Retry: RETRY,
    Next: spec.next,
  });
  if (spec.comment && spec.commentLast) state.Comment = spec.comment;
  return state;
};

/** A wait: the park function stores the task token; the deadline's wake-up or an event resumes it. */
const wait = (name: string, next: string, comment = PARK_COMMENT, waitPath = '$.step.wait', resultPath = '$.resume'): State => ({
  Type: 'Task',
  Comment: comment,
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: '${ParkFunctionArn}',
    Payload: { 'taskToken.$': '$$.Task.Token', 'pilotId.$': '$.pilotId', 'wait.$': waitPath, execution: EXECUTION },
  },
  TimeoutSeconds: PARK_TIMEOUT_SECONDS,
  ResultPath: resultPath,
  Retry: RETRY,
  // A timeout is only the safety net's: park again.
  Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: name }],
  Next: next,
});

/** Which execution parks (the park schedules its renewal from its start). */
const EXECUTION = { 'name.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' };

/**
 * Every step's correlation id beside its input: the execution running it (a
 * park has it in EXECUTION). The step handler puts it on every line it logs
 * (functions/steps/step-handler.ts), so a step's logs are found from the
 * execution's history and the other way round. The step itself is named by
 * its action; `$$.State.Name` is left out, as the local engine
 * (aws-local-stepfunctions) does not provide it.
 */
const CORRELATION = { 'execution.$': '$$.Execution.Name' };

const choice = (variable: string, test: Record<string, Json>, next: string, otherwise: string, comment?: string): State => ({
  Type: 'Choice',
  ...(comment ? { Comment: comment } : {}),
  Choices: [{ Variable: variable, ...test, Next: next }],
  Default: otherwise,
});

/** Every wait's state name; each can be renewed (continued in a successor execution). */
const WAIT_STATES: string[] = [];

/** After a wait, first: renewed, the execution continues in a successor at this wait. */
const renewing = (waitName: string, resumePath = '$.resume') => {
  WAIT_STATES.push(waitName);
  return { Variable: `${resumePath}.action`, StringEquals: 'renew', Next: `Renew${waitName}` };
};

/** After a wait: renewed, or a close ends the pilot early, anything else goes on. */
const resumed = (waitName: string, next: string): State => ({
  Type: 'Choice',
  Choices: [renewing(waitName), { Variable: '$.resume.action', StringEquals: 'close', Next: 'CloseEarly' }],
  Default: next,
});

/** After a decision's wait: renewed, extended (`extend`), or closed. */
const decided = (waitName: string, extend: string, comment?: string): State => ({
  Type: 'Choice',
  ...(comment ? { Comment: comment } : {}),
  Choices: [renewing(waitName), { Variable: '$.resume.action', StringEquals: 'extend', Next: extend }],
  Default: 'CloseEarly',
});

/** A batch loop: the task runs again while it reports `more`. */
const loop = (variable: string, again: string, done: string): State => choice(variable, { BooleanEquals: true }, again, done);

/** A phase entered by its step: skipped when it does not apply to the pilot, else it parks on its wait. */
interface Phase {
  /** The state name's stem: `Course` makes EnterCourse, CourseApplies, WaitCourse, CourseResumed. */
  stem: string;
  phase: string;
  /** Where the phase goes when it does not apply, and after its wait. */
  next: string;
  /** The wait's state name, when it is not `Wait<stem>`. */
  waitName?: string;
  waitComment?: string;
  /** Where the wait goes when resumed (not closed), when not `next`. */
  afterWait?: string;
  /** Work that grows with the cohort, in batch tasks between entering the phase and its wait (each task one batch). */
  batches?: (waitName: string) => Record<string, State>;
}

/** Certification: the voucher codes and their e-mails, a batch of participants a task. */
const voucherBatches = (waitName: string): Record<string, State> => ({
  StartVoucherBatches: { Type: 'Pass', Result: { pass: 1, cursor: null, assigned: 0, waiting: 0 }, ResultPath: '$.vouchers', Next: 'AssignVoucherBatch' },
  AssignVoucherBatch: step({
    payload: { action: 'assign-vouchers' },
    paths: { 'batch.$': '$.vouchers' },
    select: ['pass', 'cursor', 'assigned', 'waiting', 'more'],
    resultPath: '$.vouchers',
    next: 'MoreVouchers',
    comment: "The next participants waiting for a code get one each, e-mailed; the task's time is one batch's, whatever the cohort's size.",
  }),
  MoreVouchers: loop('$.vouchers.more', 'AssignVoucherBatch', waitName),
});

/** The match event: the companies' invitations, a batch a task. */
const invitationBatches = (waitName: string): Record<string, State> => ({
  SendInvitations: step({ payload: { action: 'send-invitations' }, select: ['more'], resultPath: '$.invitations', next: 'MoreInvitations' }),
  MoreInvitations: loop('$.invitations.more', 'SendInvitations', waitName),
});

/** The phases in order, as the state machine runs them. Recruitment and the match event have extra states, below. */
const PHASES: Phase[] = [
  { stem: 'Course', phase: 'course', next: 'EnterCertification' },
  { stem: 'Certification', phase: 'certification', next: 'EnterMatchEvent', batches: voucherBatches },
  {
    stem: 'MatchEvent',
    phase: 'match-event',
    next: 'EnterInternships',
    waitName: 'WaitMatchAnswers',
    waitComment: 'Companies answer their invitations until the response deadline; reminders go 7 and 2 days before it (notices).',
    afterWait: 'CloseMatchAnswers',
    batches: invitationBatches,
  },
  { stem: 'Internships', phase: 'internships', next: 'EnterFollowUp' },
  { stem: 'FollowUp', phase: 'follow-up', next: 'Evaluate' },
];

const phaseStates = (p: Phase): Record<string, State> => {
  const waitName = p.waitName ?? `Wait${p.stem}`;
  const resumedName = `${waitName.slice('Wait'.length)}Resumed`;
  const firstBatch = p.batches ? Object.keys(p.batches(waitName))[0]! : waitName;
  return {
    [`Enter${p.stem}`]: step({ payload: { action: 'enter-phase', phase: p.phase }, select: ['skip', 'wait'], resultPath: '$.step', next: `${p.stem}Applies` }),
    [`${p.stem}Applies`]: choice('$.step.skip', { BooleanEquals: true }, p.next, firstBatch),
    ...p.batches?.(waitName),
    [waitName]: wait(waitName, resumedName, p.waitComment),
    [resumedName]: resumed(waitName, p.afterWait ?? p.next),
  };
};

/** The match event after its answers: scheduled (then the event day), or escalated (then a decision). */
const matchEventAfterAnswers = (): Record<string, State> => ({
  CloseMatchAnswers: step({
    payload: { action: 'close-answers' },
    select: ['confirmed', 'skip', 'wait'],
    resultPath: '$.step',
    next: 'SlotsConfirmed',
    comment:
      'Closes the answers. With confirmed slots, schedules the certified candidates into them and sends everyone the schedule; the wait is then for the event day.',
    commentLast: true,
  }),
  SlotsConfirmed: choice('$.step.confirmed', { BooleanEquals: true }, 'WaitMatchEvent', 'EscalateMatchEvent'),
  EscalateMatchEvent: step({
    payload: { action: 'escalate-match' },
    select: ['skip', 'wait'],
    resultPath: '$.step',
    next: 'WaitMatchDecision',
    comment: 'No company confirmed a slot: management and the consultant are told, and the consultant may extend the response deadline or close.',
    commentLast: true,
  }),
  WaitMatchDecision: wait('WaitMatchDecision', 'MatchDecided'),
  MatchDecided: decided('WaitMatchDecision', 'EnterMatchEvent'),
  WaitMatchEvent: wait('WaitMatchEvent', 'MatchEventResumed', 'The candidates are scheduled; waits for the event day to pass.'),
  MatchEventResumed: resumed('WaitMatchEvent', 'EnterInternships'),
});

const recruitment = (): Record<string, State> => ({
  EnterRecruitment: step({ payload: { action: 'enter-phase', phase: 'recruitment' }, select: ['skip', 'wait'], resultPath: '$.step', next: 'WaitRecruitment' }),
  WaitRecruitment: wait('WaitRecruitment', 'RecruitmentResumed'),
  RecruitmentResumed: resumed('WaitRecruitment', 'CheckCohort'),
  CheckCohort: step({ payload: { action: 'check-cohort' }, select: ['viable'], resultPath: '$.cohort', next: 'CohortViable' }),
  CohortViable: choice('$.cohort.viable', { BooleanEquals: true }, 'EnterCourse', 'EscalateRecruitment'),
  EscalateRecruitment: step({ payload: { action: 'escalate-recruitment' }, select: ['skip', 'wait'], resultPath: '$.step', next: 'WaitRecruitmentDecision' }),
  WaitRecruitmentDecision: wait('WaitRecruitmentDecision', 'RecruitmentDecided'),
  RecruitmentDecided: decided(
    'WaitRecruitmentDecision',
    'EnterRecruitment',
    'Extended: recruitment again with the new end date. Closed, or no decision by the deadline: close.',
  ),
});

const ending: Record<string, State> = {
  Evaluate: step({ payload: { action: 'evaluate', early: false }, select: ['evaluated'], resultPath: '$.outcome', next: 'Close' }),
  CloseEarly: step({
    payload: { action: 'evaluate', early: true },
    paths: { 'resume.$': '$.resume' },
    select: ['evaluated'],
    resultPath: '$.outcome',
    next: 'Close',
    comment: 'Closed before its end (by the consultant, or no decision on a short cohort): the outcome so far still goes out.',
  }),
  Close: step({ payload: { action: 'close' }, select: ['closed'], resultPath: '$.closed', next: 'Closed' }),
  Closed: { Type: 'Succeed' },
};

/**
 * A step failed for good (the Catch after its retries): the recovery path.
 * The pilot gets the risk, the consultant and the operators are told, and
 * the execution parks until `retry` (at the failed step) or `close`. Its own
 * tasks do not lead back into it: if recording fails, it waits an hour and
 * records again; nothing here ends in failure.
 */
const recovery = (): Record<string, State> => ({
  RecordStepFailure: {
    Type: 'Task',
    Comment: 'The risk step-failed (the step and the error name only), the e-mail once, and the recovery wait.',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: '${LifecycleStepFunctionArn}',
      Payload: { action: 'step-failed', 'pilotId.$': '$.pilotId', 'step.$': '$.failure.step', 'error.$': '$.failure.error', ...CORRELATION },
    },
    ResultSelector: selecting('wait'),
    ResultPath: '$.failure.parking',
    Retry: RETRY,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.recoveryError', Next: 'StepFailureBackoff' }],
    Next: 'WaitStepRetry',
  },
  StepFailureBackoff: { Type: 'Wait', Comment: 'Recording the failure failed too: try again in an hour.', Seconds: 3600, Next: 'RecordStepFailure' },
  WaitStepRetry: {
    ...wait(
      'WaitStepRetry',
      'StepRetryDecided',
      'Parked after a failed step until POST /pilots/{id}/retry, a close, or its deadline (a retry by itself).',
      '$.failure.parking.wait',
      '$.retry',
    ),
    Catch: [
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'WaitStepRetry' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.recoveryError', Next: 'StepFailureBackoff' },
    ],
  },
  StepRetryDecided: {
    Type: 'Choice',
    Choices: [renewing('WaitStepRetry', '$.retry'), { Variable: '$.retry.action', StringEquals: 'close', Next: 'StepRetryClosing' }],
    Default: 'RetryFailedStep',
  },
  StepRetryClosing: { Type: 'Pass', Comment: 'The close, as CloseEarly reads it.', InputPath: '$.retry', ResultPath: '$.resume', Next: 'CloseEarly' },
});

/** Renewal: the execution starts its successor at the renewed wait and ends (no execution lives a year). */
const continuation: Record<string, State> = {
  ContinueInSuccessor: step({
    payload: { action: 'continue' },
    paths: { 'state.$': '$' },
    select: ['continued'],
    resultPath: '$.continued',
    next: 'Continued',
    comment: "Starts the successor execution with the pilot's state, to go on at $.resumeAt; this one ends.",
  }),
  Continued: { Type: 'Succeed' },
};

/**
 * Every Task state (but the recovery path's own) gets the policy's Catch,
 * after its other catchers: any error left after the retries goes, through a
 * Pass naming the failed state, to RecordStepFailure. RetryFailedStep
 * resumes at that state.
 */
const withRecovery = (states: Record<string, State>): Record<string, State> => {
  const out: Record<string, State> = {};
  const failedSteps: string[] = [];
  for (const [name, state] of Object.entries(states)) {
    if (state.Type !== 'Task') {
      out[name] = state;
      continue;
    }
    failedSteps.push(name);
    const catchers = (state.Catch as Json[] | undefined) ?? [];
    const { Next, ...rest } = state;
    out[name] = { ...rest, Catch: [...catchers, { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: `${name}Failed` }], Next: Next! };
  }
  for (const name of failedSteps) {
    out[`${name}Failed`] = { Type: 'Pass', Parameters: { step: name, 'error.$': '$.failure.Error' }, ResultPath: '$.failure', Next: 'RecordStepFailure' };
  }
  out.RetryFailedStep = {
    Type: 'Choice',
    Comment: 'Resumes at the step that failed.',
    Choices: failedSteps.map((name) => ({ Variable: '$.failure.step', StringEquals: name, Next: name })),
    Default: 'StepRetryClosing',
  };
  return out;
};

/** Where an execution starts: a successor at its renewed wait, the first at recruitment. */
const start = (): State => ({
  Type: 'Choice',
  Choices: WAIT_STATES.map((name): Json => ({
    And: [
      { Variable: '$.resumeAt', IsPresent: true },
      { Variable: '$.resumeAt', StringEquals: name },
    ],
    Next: name,
  })),
  Default: 'EnterRecruitment',
});

const renewals = (): Record<string, State> =>
  Object.fromEntries(WAIT_STATES.map((name) => [`Renew${name}`, { Type: 'Pass', Result: name, ResultPath: '$.resumeAt', Next: 'ContinueInSuccessor' }]));

/** The whole definition, with its ${Placeholders} for the functions' ARNs. */
export const lifecycleDefinition = () => {
  WAIT_STATES.length = 0;
  const [course, certification, matchEvent, internships, followUp] = PHASES.map(phaseStates);
  const lifecycle = withRecovery({
    ...recruitment(),
    ...course,
    ...certification,
    ...matchEvent,
    ...matchEventAfterAnswers(),
    ...internships,
    ...followUp,
    ...ending,
    ...continuation,
  });
  const recoveryStates = recovery();
  return {
    Comment:
      "The lifecycle of one pilot project: recruitment, course, certification, match event, internships, follow-up, evaluation. One execution per pilot at a time: the first named by its id, each successor (renewed before a year is up) <id>-g<n>. Every wait is a callback task resumed by its deadline (EventBridge Scheduler) or an event; every task retries transient errors and, failing for good, parks the pilot for a retry; see README 'The workflow'. Generated from workflows/definition.ts.",
    StartAt: 'Start',
    States: { Start: start(), ...lifecycle, ...recoveryStates, ...renewals() },
  };
};

/** The definition as the checked-in file holds it. */
export const lifecycleDefinitionText = () => `${JSON.stringify(lifecycleDefinition(), null, 2)}\n`;

export { PARK_TIMEOUT_SECONDS };
