import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { key } from './table.js';
import { MAX_TRANSACTION_ACTIONS, transact, type TransactItem } from './transact.js';

// The match event's schedule: the candidate codes companies know candidates
// by, and the meetings. Companies never see a participant's id or case
// reference: only the code. What came of it is in internships.ts.

const CandidateCodeSchema = lazySchema(() =>
  z.object({
    code: z.string(),
    participantId: z.string(),
    /** The companies this candidate meets: only they may report an internship for the code. */
    companyIds: z.array(z.string()),
  }),
);
export type CandidateCode = z.infer<typeof CandidateCodeSchema>;
export const readCandidate = itemReader('candidate', CandidateCodeSchema);

const ScheduledMeetingSchema = lazySchema(() =>
  z.object({
    companyId: z.string(),
    round: z.number().int(),
    participantId: z.string(),
    code: z.string(),
    start: z.string(),
    end: z.string(),
  }),
);
export type ScheduledMeeting = z.infer<typeof ScheduledMeetingSchema>;
const readMeeting = itemReader('meeting', ScheduledMeetingSchema);

/**
 * Writes the schedule: the candidate codes and the meetings, 100 items per
 * transaction (idempotent: the same schedule written twice is the same
 * items), then marks the pilot scheduled, which closes the answers.
 */
export const saveSchedule = async (ctx: StoreContext, pilotId: string, candidates: CandidateCode[], meetings: ScheduledMeeting[]): Promise<void> => {
  const puts: TransactItem[] = [
    ...candidates.map((c) => ({ Put: { TableName: ctx.tableName, Item: { ...key.candidate(pilotId, c.code), entity: 'candidate', ...c } } })),
    ...meetings.map((m) => ({ Put: { TableName: ctx.tableName, Item: { ...key.meeting(pilotId, m.companyId, m.round), entity: 'meeting', ...m } } })),
  ];
  for (let i = 0; i < puts.length; i += MAX_TRANSACTION_ACTIONS) await transact(ctx, puts.slice(i, i + MAX_TRANSACTION_ACTIONS));
};

export const meetingsOfPilot = async (ctx: StoreContext, pilotId: string): Promise<ScheduledMeeting[]> =>
  (await pilotItemsWithPrefix(ctx, pilotId, 'MEETING#', readMeeting)).sort((a, b) => a.start.localeCompare(b.start) || a.companyId.localeCompare(b.companyId));

export const candidatesOfPilot = async (ctx: StoreContext, pilotId: string): Promise<CandidateCode[]> =>
  pilotItemsWithPrefix(ctx, pilotId, 'CANDIDATE#', readCandidate);
