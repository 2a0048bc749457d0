import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { PHASE_WAIT, type WaitingPhase } from '../domain/lifecycle.js';
import { checkCohort, closeLifecycle, continueInSuccessor, enterPhase, escalateRecruitment, recordStepFailure } from '../services/lifecycle-steps.js';
import { assignVoucherBatch } from '../services/vouchers/assign.js';
import { evaluate } from '../services/evaluation.js';
import { escalateMatch } from '../services/match-event/decision.js';
import { INVITATION_BATCH, sendInvitations } from '../services/match-event/invitations.js';
import { closeAnswers } from '../services/match-event/schedule.js';
import { stepHandler } from './step-handler.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

// The state machine's steps between its waits, one function for all of them
// (they are small, and one warm function serves a whole lifecycle).

const Input = lazySchema(() =>
  z.discriminatedUnion('action', [
    z.object({ action: z.literal('enter-phase'), pilotId: z.string(), phase: z.enum(Object.keys(PHASE_WAIT) as [WaitingPhase, ...WaitingPhase[]]) }),
    z.object({ action: z.literal('check-cohort'), pilotId: z.string() }),
    z.object({ action: z.literal('escalate-recruitment'), pilotId: z.string() }),
    z.object({ action: z.literal('close-answers'), pilotId: z.string() }),
    z.object({ action: z.literal('escalate-match'), pilotId: z.string() }),
    z.object({
      action: z.literal('evaluate'),
      pilotId: z.string(),
      early: z.boolean(),
      resume: z.object({ action: z.string().optional(), reason: z.string().optional() }).passthrough().optional(),
    }),
    z.object({ action: z.literal('close'), pilotId: z.string() }),
    z.object({
      action: z.literal('assign-vouchers'),
      pilotId: z.string(),
      batch: z.object({ pass: z.union([z.literal(1), z.literal(2)]), cursor: z.string().nullable(), assigned: z.number(), waiting: z.number() }).passthrough(),
    }),
    z.object({ action: z.literal('send-invitations'), pilotId: z.string() }),
    // Only names: a step's name and an error's name (Catch's Error), never its message.
    z.object({ action: z.literal('step-failed'), pilotId: z.string(), step: z.string().max(80), error: z.string().max(200) }),
    z.object({ action: z.literal('continue'), pilotId: z.string(), state: z.record(z.string(), z.unknown()) }),
  ]),
);

export const handler = stepHandler(async (raw: unknown, store) => {
  const input = Input.parse(raw);
  switch (input.action) {
    case 'enter-phase':
      return enterPhase(store, input.pilotId, input.phase);
    case 'assign-vouchers':
      return assignVoucherBatch(store, input.pilotId, input.batch);
    case 'send-invitations':
      // The match event starts with the invitations (again after an extended deadline; once per deadline).
      return { more: (await sendInvitations(store, input.pilotId, INVITATION_BATCH)).more };
    case 'step-failed':
      return recordStepFailure(store, input.pilotId, input.step, input.error);
    case 'continue':
      return continueInSuccessor(store, input.pilotId, input.state);
    case 'close-answers':
      return closeAnswers(store, input.pilotId);
    case 'escalate-match':
      return escalateMatch(store, input.pilotId);
    case 'check-cohort':
      return checkCohort(store, input.pilotId);
    case 'escalate-recruitment':
      return escalateRecruitment(store, input.pilotId);
    case 'evaluate':
      return { evaluated: (await evaluate(store, input.pilotId, { early: input.early, ...(input.resume ? { resume: input.resume } : {}) })).evaluated };
    case 'close':
      return closeLifecycle(store, input.pilotId);
  }
});
