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

/** The retry policy of every Task state. */
const RETRY: Json = [{ ErrorEquals: LAMBDA_ERRORS, IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2, JitterStrategy: 'FULL' }];

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
      Payload: { action, ...constants, 'pilotId.$': '$.pilotId', ...spec.paths },
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
const wait = (name: string, next: string, comment = PARK_COMMENT): State => ({
  Type: 'Task',
  Comment: comment,
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: '${ParkFunctionArn}',
    Payload: { 'taskToken.$': '$$.Task.Token', 'pilotId.$': '$.pilotId', 'wait.$': '$.step.wait' },
  },
  TimeoutSeconds: PARK_TIMEOUT_SECONDS,
  ResultPath: '$.resume',
  Retry: RETRY,
  // A timeout is only the safety net's: park again.
  Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: name }],
  Next: next,
});

const choice = (variable: string, test: Record<string, Json>, next: string, otherwise: string, comment?: string): State => ({
  Type: 'Choice',
  ...(comment ? { Comment: comment } : {}),
  Choices: [{ Variable: variable, ...test, Next: next }],
  Default: otherwise,
});

/** After a wait: a close ends the pilot early, anything else goes on. */
const resumed = (next: string) => choice('$.resume.action', { StringEquals: 'close' }, 'CloseEarly', next);

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
}

/** The phases in order, as the state machine runs them. Recruitment and the match event have extra states, below. */
const PHASES: Phase[] = [
  { stem: 'Course', phase: 'course', next: 'EnterCertification' },
  { stem: 'Certification', phase: 'certification', next: 'EnterMatchEvent' },
  {
    stem: 'MatchEvent',
    phase: 'match-event',
    next: 'EnterInternships',
    waitName: 'WaitMatchAnswers',
    waitComment: 'Companies answer their invitations until the response deadline; reminders go 7 and 2 days before it (notices).',
    afterWait: 'CloseMatchAnswers',
  },
  { stem: 'Internships', phase: 'internships', next: 'EnterFollowUp' },
  { stem: 'FollowUp', phase: 'follow-up', next: 'Evaluate' },
];

const phaseStates = (p: Phase): Record<string, State> => {
  const waitName = p.waitName ?? `Wait${p.stem}`;
  const resumedName = `${waitName.slice('Wait'.length)}Resumed`;
  return {
    [`Enter${p.stem}`]: step({ payload: { action: 'enter-phase', phase: p.phase }, select: ['skip', 'wait'], resultPath: '$.step', next: `${p.stem}Applies` }),
    [`${p.stem}Applies`]: choice('$.step.skip', { BooleanEquals: true }, p.next, waitName),
    [waitName]: wait(waitName, resumedName, p.waitComment),
    [resumedName]: resumed(p.afterWait ?? p.next),
  };
};

/** The match event after its answers: scheduled (then the event day), or escalated (then a decision). */
const matchEventAfterAnswers: Record<string, State> = {
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
  MatchDecided: choice('$.resume.action', { StringEquals: 'extend' }, 'EnterMatchEvent', 'CloseEarly'),
  WaitMatchEvent: wait('WaitMatchEvent', 'MatchEventResumed', 'The candidates are scheduled; waits for the event day to pass.'),
  MatchEventResumed: resumed('EnterInternships'),
};

const recruitment: Record<string, State> = {
  EnterRecruitment: step({ payload: { action: 'enter-phase', phase: 'recruitment' }, select: ['skip', 'wait'], resultPath: '$.step', next: 'WaitRecruitment' }),
  WaitRecruitment: wait('WaitRecruitment', 'RecruitmentResumed'),
  RecruitmentResumed: resumed('CheckCohort'),
  CheckCohort: step({ payload: { action: 'check-cohort' }, select: ['viable'], resultPath: '$.cohort', next: 'CohortViable' }),
  CohortViable: choice('$.cohort.viable', { BooleanEquals: true }, 'EnterCourse', 'EscalateRecruitment'),
  EscalateRecruitment: step({ payload: { action: 'escalate-recruitment' }, select: ['skip', 'wait'], resultPath: '$.step', next: 'WaitRecruitmentDecision' }),
  WaitRecruitmentDecision: wait('WaitRecruitmentDecision', 'RecruitmentDecided'),
  RecruitmentDecided: choice(
    '$.resume.action',
    { StringEquals: 'extend' },
    'EnterRecruitment',
    'CloseEarly',
    'Extended: recruitment again with the new end date. Closed, or no decision by the deadline: close.',
  ),
};

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

/** The whole definition, with its ${Placeholders} for the functions' ARNs. */
export const lifecycleDefinition = () => {
  const [course, certification, matchEvent, internships, followUp] = PHASES.map(phaseStates);
  return {
    Comment:
      "The lifecycle of one pilot project: recruitment, course, certification, match event, internships, follow-up, evaluation. One execution per pilot, named by its id. Every wait is a callback task resumed by its deadline (EventBridge Scheduler) or an event; see README 'The workflow'.",
    StartAt: 'EnterRecruitment',
    States: {
      ...recruitment,
      ...course,
      ...certification,
      ...matchEvent,
      ...matchEventAfterAnswers,
      ...internships,
      ...followUp,
      ...ending,
    },
  };
};

/** The definition as the checked-in file holds it. */
export const lifecycleDefinitionText = () => `${JSON.stringify(lifecycleDefinition(), null, 2)}\n`;

export { PARK_TIMEOUT_SECONDS };
