import type { OverrideSchema } from '../contracts/outcome.js';
import * as z from 'zod';
import { addMonths, dateInCopenhagen } from '../domain/calendar.js';
import { ConflictError } from '../domain/errors.js';
import { PHASES } from '../domain/lifecycle.js';
import {
  evaluatePilot,
  withIntervals,
  type CloseCause,
  type CompanyFacts,
  type Outcome,
  type ParticipantFacts,
  type RecommendationOverride,
} from '../domain/evaluation.js';
import type { Participant } from '../domain/participant.js';
import { isProvisional } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import type { ServiceContext } from './context.js';
import { participantsOfPilot } from '../store/participants.js';
import { internshipsOfPilot, type InternshipRecord } from '../store/internships.js';
import { meetingsOfPilot } from '../store/match-schedule.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { getOutcome, getOutcomes, getPilotAndOutcome, putOutcomeOnce, setOutcomeOverride } from '../store/outcomes.js';
import { expireItems, internshipKeys, participantItemKeys } from '../store/retention.js';
import { allItems } from '../store/pagination.js';
import { participantMailRecordKeys } from '../store/mails.js';
import { sendOutcome } from './pilot-mails.js';
import { surveyResults, type SurveyResults } from '../domain/survey.js';
import { getSurvey } from '../store/survey.js';

/** The participants' survey as the outcome keeps it: undefined when no invitation or code went out. */
const surveyOfPilot = async (ctx: StoreContext, pilot: Pilot): Promise<SurveyResults | undefined> => {
  const record = await getSurvey(ctx, pilot.id);
  // The record is made when the survey opens, before anything goes out (participants without an address, say): nothing to show then.
  return record && record.mailed + record.codes > 0
    ? surveyResults({ tally: record.tally, answers: record.answers, mailed: record.mailed, codes: record.codes, targets: pilot.targets })
    : undefined;
};

// The evaluation step: the numbers from what the pilot collected, the
// recommendation (with a consultant's override, if any), the outcome record
// that stays, and the personal data set to expire after the retention period.

/** Days after the evaluation in which a consultant may still override its recommendation. */
export const OVERRIDE_WINDOW_DAYS = 14;

/** The last moment a consultant may override the recommendation: OVERRIDE_WINDOW_DAYS after the evaluation. */
export const overrideUntil = (outcome: Pick<Outcome, 'evaluatedAt'>): Date => new Date(Date.parse(outcome.evaluatedAt) + OVERRIDE_WINDOW_DAYS * 86_400_000);

/**
 * The outcome as the API shows it: with when the override window closes and
 * whether it is open now (by the product's clock, which the reader's browser
 * does not know), so a page offers the override only while it is allowed.
 */
export const outcomeView = async (ctx: StoreContext, pilotId: string) => {
  const outcome = await outcomeOf(ctx, pilotId);
  if (!outcome) return undefined;
  const until = overrideUntil(outcome);
  return { ...outcome, overrideUntil: until.toISOString(), overrideOpen: ctx.clock.now().getTime() <= until.getTime() };
};

/** Every participant of the pilot, as the facts the evaluation needs and nothing that identifies them. */
/** Each participant's facts, with whether they met a company at the match event and what came of it. */
export const participantFacts = async (ctx: StoreContext, pilot: Pilot, known?: { internships: InternshipRecord[] }): Promise<ParticipantFacts[]> => {
  const pilotId = pilot.id;
  const [participants, meetings, internships] = await Promise.all([
    allItems((page) => participantsOfPilot(ctx, pilotId, {}, page)),
    meetingsOfPilot(ctx, pilotId),
    known?.internships ?? internshipsOfPilot(ctx, pilotId),
  ]);
  const matched = new Set(meetings.map((m) => m.participantId));
  const started = new Set(internships.filter((i) => i.status === 'started').map((i) => i.participantId));
  const offered = new Set(internships.map((i) => i.participantId));
  return participants.map((p) => ({
    ...toFacts(pilot, p),
    ...(matched.has(p.id) ? { matched: true } : {}),
    ...(started.has(p.id) ? { internship: 'started' as const } : offered.has(p.id) ? { internship: 'offered' as const } : {}),
  }));
};

/** A provisional follow-up situation (recorded before the follow-up day) is not the situation at follow-up: it counts as not recorded. */
const toFacts = (pilot: Pilot, p: Participant): ParticipantFacts => ({
  status: p.status,
  enrolledAt: p.enrolledAt,
  ...(p.screening ? { screenedAt: p.screening.screenedAt } : {}),
  ...(p.startedAt ? { startedAt: p.startedAt } : {}),
  ...(p.completedAt ? { completedAt: p.completedAt } : {}),
  ...(p.followUp && !isProvisional(pilot, p.followUp.recordedAt) ? { followUp: p.followUp.outcome } : {}),
  ...(p.certified ? { certified: true } : {}),
});

/** The outcome; one written before rates carried intervals gets them from its counts. */
export const outcomeOf = async (ctx: StoreContext, pilotId: string): Promise<Outcome | undefined> => {
  const outcome = await getOutcome(ctx, pilotId, { consistent: true });
  return outcome && { ...outcome, evaluation: withIntervals(outcome.evaluation) };
};

/** outcomeOf for many pilots in one batched read: absent for a pilot not evaluated. */
export const outcomesOf = async (ctx: StoreContext, pilotIds: readonly string[]): Promise<Map<string, Outcome>> => {
  const outcomes = await getOutcomes(ctx, pilotIds);
  return new Map([...outcomes].map(([id, outcome]) => [id, { ...outcome, evaluation: withIntervals(outcome.evaluation) }]));
};

/**
 * Evaluates the pilot once: a second run (a retry, a replay) finds the
 * outcome written and changes nothing.
 */
export const evaluate = async (
  ctx: ServiceContext,
  pilotId: string,
  opts: { early: boolean; resume?: { action?: string; reason?: string } },
): Promise<{ evaluated: boolean; outcome: Outcome }> => {
  // The pilot and any outcome written before, in one read.
  const { pilot, outcome: stored } = await getPilotAndOutcome(ctx, pilotId);
  const existing = stored && { ...stored, evaluation: withIntervals(stored.evaluation) };
  if (existing) {
    // Evaluated before (a retry, a replay after a crash): what came after the outcome was written may not have happened yet.
    await finishEvaluation(ctx, pilot, existing);
    return { evaluated: true, outcome: existing };
  }

  const now = ctx.clock.now();
  const closeCause: CloseCause | undefined = !opts.early
    ? undefined
    : opts.resume?.action === 'close'
      ? 'consultant'
      : pilot.waitingFor === 'match-decision'
        ? 'no-company'
        : 'too-few';
  const reason = closeCause === 'consultant' ? opts.resume?.reason : undefined;
  const reported = await reportedInternships(ctx, pilot);
  const evaluation = evaluatePilot({
    followUpReached: PHASES.indexOf(pilot.phase ?? 'recruitment') >= PHASES.indexOf('follow-up'),
    targetEmploymentRate: pilot.targetEmploymentRate,
    budgetDkk: pilot.budgetDkk,
    milestones: pilot.milestones,
    participants: await participantFacts(ctx, pilot, reported),
    companies: await companyFacts(ctx, pilot, reported),
    ...(pilot.comparison ? { comparison: pilot.comparison } : {}),
    ...(pilot.comparisonGroup ? { comparisonGroup: { size: pilot.comparisonGroup.size, employed: pilot.comparisonGroup.employed } } : {}),
  });
  const deleteAfter = addMonths(dateInCopenhagen(now), pilot.retentionMonths);
  const survey = await surveyOfPilot(ctx, pilot);
  const outcome: Outcome = {
    pilotId,
    evaluatedAt: now.toISOString(),
    closedEarly: opts.early,
    ...(closeCause ? { closeCause } : {}),
    ...(reason ? { reason } : {}),
    phaseReached: pilot.phase ?? 'recruitment',
    evaluation,
    ...(pilot.recommendationOverride ? { override: pilot.recommendationOverride } : {}),
    recommendation: pilot.recommendationOverride?.recommendation ?? evaluation.recommendation,
    personalDataDeletedAfter: deleteAfter,
    ...(survey ? { survey } : {}),
  };
  // A racing run wrote it first: its outcome stands.
  if (!(await putOutcomeOnce(ctx, outcome))) return { evaluated: true, outcome: (await outcomeOf(ctx, pilotId))! };
  await finishEvaluation(ctx, pilot, outcome);
  return { evaluated: true, outcome };
};

/**
 * What follows the outcome record: the personal data set to expire, the
 * pilot marked evaluated (with its audit entry, once), the e-mail to
 * management (once). Each part is idempotent, so a run cut short by a crash
 * is finished by the replay that finds the outcome written.
 */
const finishEvaluation = async (ctx: ServiceContext, pilot: Pilot, outcome: Outcome) => {
  await expirePersonalData(ctx, pilot, outcome.personalDataDeletedAfter);
  await changePilot(ctx, pilot.id, {
    set: { phase: 'evaluation', personalDataDeletedAfter: outcome.personalDataDeletedAfter },
    remove: ['waitingFor', 'nextDeadline'],
    condition: { notSet: 'personalDataDeletedAfter' },
    audit: {
      actor: SYSTEM_ACTOR,
      action: 'pilot.evaluated',
      details: { closedEarly: outcome.closedEarly, recommendation: outcome.recommendation, ...(outcome.reason ? { reason: outcome.reason } : {}) },
    },
  });
  await sendOutcome(ctx, pilot, outcome);
};

/** What the partner companies did: invited, answered, slots confirmed, and candidates offered an internship or job. */
export const companyFacts = async (ctx: StoreContext, pilot: Pilot, known?: { internships: InternshipRecord[] }): Promise<CompanyFacts> => ({
  invited: pilot.companiesInvited ?? 0,
  answered: pilot.companiesAnswered ?? 0,
  confirmedSlots: pilot.slotsConfirmed ?? 0,
  offeredInternships: new Set((known?.internships ?? (await internshipsOfPilot(ctx, pilot.id))).map((i) => i.participantId)).size,
});

/** The pilot's internship reports, read once for both kinds of facts (participantFacts, companyFacts), which would each read them. */
export const reportedInternships = async (ctx: StoreContext, pilot: Pilot): Promise<{ internships: InternshipRecord[] }> => ({
  internships: await internshipsOfPilot(ctx, pilot.id),
});

/**
 * Sets every item holding the pilot's personal data (participants, their
 * reference guards, their internship reports, the records of their e-mails) to expire after the retention
 * period. The schedule's meetings and candidate codes carry only our ids. The pilot, its
 * audit trail (ids and codes only) and the outcome (counts only) stay. The
 * items are read here, when it runs (not taken from the facts read before),
 * so whoever is there then expires; all kinds go in the same calls, 25 items a call.
 */
const expirePersonalData = async (ctx: StoreContext, pilot: Pilot, deleteAfter: string) => {
  const expiresAt = Math.floor(Date.parse(`${deleteAfter}T00:00:00Z`) / 1000);
  const [participants, mails, internships] = await Promise.all([
    allItems((page) => participantsOfPilot(ctx, pilot.id, {}, page)),
    // The records of their e-mails (voucher codes, the survey) hold their addresses.
    participantMailRecordKeys(ctx, pilot.id),
    // Which employer took whom: personal as well, though keyed by our own id.
    internshipsOfPilot(ctx, pilot.id),
  ]);
  await expireItems(ctx, [...participantItemKeys(pilot.id, participants), ...mails, ...internshipKeys(pilot.id, internships)], expiresAt);
};

/**
 * A consultant overrides the recommendation with a written reason: before
 * the evaluation (it will be used then), or within OVERRIDE_WINDOW_DAYS
 * after it. The report shows the computed recommendation and the override.
 */
export const overrideRecommendation = async (
  ctx: ServiceContext,
  pilotId: string,
  input: z.infer<typeof OverrideSchema>,
  actor: Actor,
): Promise<{ outcome?: Outcome; pilot: Pilot }> => {
  const pilot = await getPilot(ctx, pilotId);
  const override: RecommendationOverride = { ...input, by: actor.name ?? actor.sub, at: ctx.clock.now().toISOString() };
  const outcome = await outcomeOf(ctx, pilotId);
  if (outcome) {
    const windowEnds = overrideUntil(outcome).getTime();
    if (ctx.clock.now().getTime() > windowEnds) {
      const until = new Date(windowEnds).toISOString();
      throw new ConflictError(
        'override-window-closed',
        `the recommendation can be overridden until ${OVERRIDE_WINDOW_DAYS} days after the evaluation; that was ${until.slice(0, 10)}`,
        {
          details: { until },
        },
      );
    }
    await setOutcomeOverride(ctx, pilotId, override);
  }
  await changePilot(ctx, pilotId, {
    set: { recommendationOverride: override },
    audit: {
      actor,
      action: 'recommendation.overridden',
      details: { recommendation: input.recommendation, computed: outcome?.evaluation.recommendation ?? null },
    },
  });
  const updated = outcome ? await outcomeOf(ctx, pilotId) : undefined;
  // Within the window the report goes out again, showing the computed recommendation and the override.
  if (updated) await sendOutcome(ctx, pilot, updated);
  return { ...(updated ? { outcome: updated } : {}), pilot: await getPilot(ctx, pilotId) };
};
