// The domain's error taxonomy. Every error a client can cause is one of these
// and carries its HTTP status, so nothing a client sends ends in a 5xx.
// Adapters translate SDK exceptions into these at the boundary; nothing above
// an adapter matches on SDK error names or messages.

/** One problem with one field of the input, named by its path (`course.weeks`, `participants.3.email`). */
export interface FieldIssue {
  path: string;
  /** For a developer reading the response; a page says the issue from `code` and its parameters. */
  message: string;
  /**
   * A stable code a client can put in its reader's language: zod's own
   * (`too_big`, `too_small`, `invalid_format`, `invalid_value`,
   * `invalid_type`), `required`, `unknown_field`, or one of ours
   * (`slug`, `control_characters`, `unknown_reference`, …). Every issue has
   * one: an issue written by hand names its own.
   */
  code: string;
  /** The parameters of the code: the limit crossed, what was expected. */
  max?: number | string;
  min?: number | string;
  values?: string[];
  format?: string;
  expected?: string;
  /** For a CSV header: the column the issue is about, as the file names it. */
  column?: string;
}

export abstract class DomainError extends Error {
  abstract override readonly name: string;
  abstract readonly status: number;
  /** A stable, machine-readable code for clients (`validation_failed`, `not_found`, ...). */
  abstract readonly code: string;
  readonly issues?: FieldIssue[];
  /** Machine-readable facts for the client beside the message (a 409's `reason` and `slotsLeft`). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, options?: { cause?: unknown; issues?: FieldIssue[]; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.issues) this.issues = options.issues;
    if (options?.details) this.details = options.details;
  }
}

export class ValidationError extends DomainError {
  readonly name = 'ValidationError';
  readonly status = 400;
  readonly code = 'validation_failed';
  constructor(issues: FieldIssue[], options?: { cause?: unknown }) {
    super(issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '), { ...options, issues });
  }
}

/** Input contained something shaped like a CPR number. The value itself is never echoed or logged. */
export class CprRefusedError extends DomainError {
  readonly name = 'CprRefusedError';
  readonly status = 400;
  readonly code = 'cpr_refused';
  constructor(paths: string[]) {
    const issues = paths.map((path) => ({ path, message: 'looks like a CPR number; CPR numbers must not be entered', code: 'cpr' }));
    super(`CPR numbers must not be entered. Remove the CPR number from: ${paths.join(', ')}. Nothing of this request was stored.`, { issues });
  }
}

export class UnauthorizedError extends DomainError {
  readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly code = 'forbidden';
}

/**
 * The caller may read the pilot's figures but not its personal data, nor
 * change it: a consultant who is not on the pilot's team (`not_on_team`), or
 * a role that sees figures only (`figures_only`: management). A page says
 * the code in its reader's language.
 */
export class PersonalDataForbiddenError extends DomainError {
  readonly name = 'PersonalDataForbiddenError';
  readonly status = 403;
  readonly code: 'not_on_team' | 'figures_only';
  constructor(code: 'not_on_team' | 'figures_only', message: string) {
    super(message);
    this.code = code;
  }
}

export class NotFoundError extends DomainError {
  readonly name = 'NotFoundError';
  readonly status = 404;
  readonly code = 'not_found';
}

/**
 * Why a request does not fit the current state: the `reason` of every 409,
 * stable, so a client says it in its reader's language (with the facts the
 * error carries beside it, e.g. `status`, `date`, `slotsLeft`).
 */
export const CONFLICT_REASONS = [
  'pilot-closed',
  'already-closed',
  'already-run',
  'not-running',
  'not-paused',
  'not-started',
  'not-recruiting',
  'pilot-full',
  'not-waiting',
  'decision-taken',
  'date-in-past',
  'date-before-deadline',
  'no-match-event',
  'no-failed-step',
  'changed-meanwhile',
  'transition-not-allowed',
  'override-window-closed',
  'no-exam',
  'no-voucher',
  'code-used',
  'cvr-registered',
  'below-confirmed',
  'answers-closed',
  'not-scheduled',
  'over-company-cap',
  'event-full',
  'team-full',
  'last-team-member',
  'already-evaluated',
  'no-comparison-group',
  'survey-closed',
] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** The request is well-formed but does not fit the current state (wrong status, closed recruitment): a 409 with its `reason`. */
export class ConflictError extends DomainError {
  readonly name = 'ConflictError';
  readonly status = 409;
  readonly code = 'conflict';
  constructor(
    readonly reason: ConflictReason,
    message: string,
    options?: { cause?: unknown; details?: Record<string, string | number | readonly string[] | undefined> },
  ) {
    super(message, { ...(options?.cause !== undefined ? { cause: options.cause } : {}), details: { reason, ...options?.details } });
  }
}

/**
 * A company confirmed more slots than its invitation's cap. A ConflictError
 * (409) whose facts are fields, so a caller tells it apart by its class; the
 * client gets the same facts as `details` (`reason: 'over-company-cap'`).
 */
export class OverCompanyCapError extends ConflictError {
  constructor(
    readonly maxSlots: number,
    readonly slotsLeft: number,
    readonly mostYouCanConfirm: number,
  ) {
    super('over-company-cap', `this company may take at most ${maxSlots} slots`, { details: { maxSlots, slotsLeft, mostYouCanConfirm } });
  }
}

/** The match event has fewer slots left than a company's answer adds (409, `reason: 'event-full'`). */
export class EventFullError extends ConflictError {
  constructor(
    readonly slotsLeft: number,
    readonly mostYouCanConfirm: number,
  ) {
    super('event-full', `only ${slotsLeft} slots are left at the event`, { details: { slotsLeft, mostYouCanConfirm } });
  }
}

/**
 * The match event takes no more answers (the pilot is closed or its
 * candidates are scheduled): 409, `reason: 'answers-closed'`.
 */
export class AnswersClosedError extends ConflictError {
  constructor(message: string) {
    super('answers-closed', message);
  }
}

/** An invitation's cap below what the company has confirmed (409, `reason: 'below-confirmed'`). */
export class BelowConfirmedError extends ConflictError {
  constructor(readonly confirmedSlots: number) {
    super('below-confirmed', `the company has confirmed ${confirmedSlots} slots; the cap cannot go below that`, { details: { confirmedSlots } });
  }
}

/** A CVR number registered already, by the company `companyId` (409, `reason: 'cvr-registered'`). */
export class CvrRegisteredError extends ConflictError {
  constructor(
    cvr: string,
    readonly companyId: string | undefined,
  ) {
    super('cvr-registered', `CVR ${cvr} is already registered`, { details: { companyId } });
  }
}

/** Internships cannot be reported: the pilot is closed, or its event not scheduled yet (409, `reason` says which). */
export class ReportingClosedError extends ConflictError {
  constructor(readonly why: 'pilot-closed' | 'not-scheduled') {
    super(
      why,
      why === 'pilot-closed'
        ? 'the pilot is closed; reports are no longer taken'
        : 'the match event has not been scheduled yet; internships can be reported after it',
    );
  }
}

/** A match-event decision asked of a pilot not waiting for one (409, `reason: 'not-waiting'`). */
export class NotWaitingForDecisionError extends ConflictError {
  constructor() {
    super('not-waiting', 'the pilot is not waiting for a match-event decision; to move its dates, PATCH the pilot');
  }
}

/** A new response deadline after the event date (409, `reason: 'date-before-deadline'`). */
export class DateBeforeDeadlineError extends ConflictError {
  constructor() {
    super('date-before-deadline', 'the event date must be on or after the new response deadline; give a new `date` too');
  }
}

/** A pilot's team is as large as it may be (409, `reason: 'team-full'`). */
export class TeamFullError extends ConflictError {
  constructor(readonly max: number) {
    super('team-full', `a team has at most ${max} members`, { details: { max } });
  }
}

/** The last member of a pilot's team cannot be removed (409, `reason: 'last-team-member'`). */
export class LastTeamMemberError extends ConflictError {
  constructor() {
    super('last-team-member', 'the last member of a team cannot be removed; add another first');
  }
}

/** The input is valid but the rules refuse it (a participant outside the pilot's eligibility rules). */
export class NotEligibleError extends DomainError {
  readonly name = 'NotEligibleError';
  readonly status = 422;
  readonly code = 'not_eligible';
  constructor(issues: FieldIssue[]) {
    super(`not eligible for this pilot: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/**
 * Optimistic concurrency gave up after its retries (a storm of concurrent
 * writes to one pilot). The client may retry; nothing was written.
 */
export class ContentionError extends DomainError {
  readonly name = 'ContentionError';
  readonly status = 503;
  readonly code = 'busy';
}

/**
 * Another sender holds the claim on this e-mail and its lease has not run out
 * (functions/services/mailing.ts): it may be sending right now, or it died.
 * Tried again after the lease, the e-mail is found sent, or taken over. Never
 * "done": a step or request that went on would leave the e-mail unsent for
 * good if the holder had died.
 */
export class MailInFlightError extends DomainError {
  readonly name = 'MailInFlightError';
  readonly status = 503;
  readonly code = 'busy';
}

/**
 * An AWS service refused for now (DynamoDB or SES throttling, a service
 * briefly unavailable). Adapters and the step handlers' boundary raise it
 * for the SDK's throttling exceptions, so the state machine's Retry matches
 * one name, whatever service said it.
 */
export class ThrottledError extends DomainError {
  readonly name = 'ThrottledError';
  readonly status = 503;
  readonly code = 'busy';
}

/**
 * A service the product depends on (KMS) is unavailable or refused the
 * product's own use of it: nothing the caller sent caused it, and a retry may
 * succeed. Never a 500: the caller learns it is temporary.
 */
export class DependencyUnavailableError extends DomainError {
  readonly name = 'DependencyUnavailableError';
  readonly status = 503;
  readonly code = 'unavailable';
}

/** The value, or undefined when it does not exist (a NotFoundError); any other failure is thrown on. */
export const orUndefined = <T>(promise: Promise<T>): Promise<T | undefined> =>
  promise.catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
