import * as z from 'zod';
import { PHASE_WAIT, type WaitingPhase } from '../domain/lifecycle.js';
import { checkCohort, closeLifecycle, enterPhase, escalateRecruitment } from '../services/lifecycle-steps.js';
import { evaluate } from '../services/evaluation.js';
import { closeAnswers, escalateMatch, sendInvitations } from '../services/match-event.js';
import { stepHandler } from './step-handler.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

// The state machine's steps between its waits, one function for all of them
// (they are small, and one warm function serves a whole lifecycle).

const Input = z.discriminatedUnion('action', [
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
]);

export const handler = stepHandler(async (raw: unknown, store) => {
  const input = Input.parse(raw);
  switch (input.action) {
    case 'enter-phase': {
      const result = await enterPhase(store, input.pilotId, input.phase);
      // The match event starts with the invitations (again after an extended deadline; once per deadline).
      if (input.phase === 'match-event' && !result.skip) await sendInvitations(store, input.pilotId);
      return result;
    }
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
