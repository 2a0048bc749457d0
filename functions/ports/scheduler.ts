import type { Notice } from '../domain/lifecycle.js';

/**
 * One-time wake-ups at a pilot's deadlines. On AWS an EventBridge Scheduler
 * one-time schedule (Europe/Copenhagen) that invokes the wake-up function;
 * locally a schedule kept in DynamoDB and fired by the local clock.
 */
export interface WakeUp {
  /** Unique per pilot wait and version; at most 64 characters of [0-9A-Za-z-_.]. */
  name: string;
  /** When to fire: an instant (ISO 8601, UTC). */
  at: string;
  /** What the wake-up function receives. */
  payload: WakeUpPayload;
}

/**
 * A wake-up resumes a wait (`waitId`, "<waitId>:<version>"), renews an execution
 * (`renew`), sends a
 * notice (`notice`) without resuming anything, or tries a refused e-mail
 * again (`mailRetry`: its record's sort key and the attempts made so far;
 * `pilotId` is empty for a mail of no pilot, the digest).
 */
export interface WakeUpPayload {
  pilotId: string;
  waitId?: string;
  notice?: Notice;
  /** Renew the execution of this name (parked too long): it continues in a successor. */
  renew?: string;
  mailRetry?: { sk: string; attempt: number };
  /** A page of the participants' survey e-mails: the invitation or the reminder (services/survey-invitations.ts). */
  survey?: { step: 'invite' | 'remind'; page: number; cursor?: string };
  /** A report point: the index of `pilot.reports` (services/status-reports.ts). */
  report?: number;
}

export interface Scheduler {
  /** Creates the wake-up; creating one that already exists with this name is a no-op. */
  schedule(wakeUp: WakeUp): Promise<void>;
  /** Deletes the wake-up; deleting one that does not exist (fired, or never made) is a no-op. */
  cancel(name: string): Promise<void>;
}
