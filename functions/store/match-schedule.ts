import type { StoreContext } from './client.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { key } from './table.js';
import { transact, type TransactItem } from './transact.js';

// The match event's schedule: the candidate codes companies know candidates
// by, and the meetings. Companies never see a participant's id or case
// reference: only the code. What came of it is in internships.ts.

export interface CandidateCode {
  code: string;
  participantId: string;
  /** The companies this candidate meets: only they may report an internship for the code. */
  companyIds: string[];
}

export interface ScheduledMeeting {
  companyId: string;
  round: number;
  participantId: string;
  code: string;
  start: string;
  end: string;
}

/**
 * Writes the schedule: the candidate codes and the meetings, 25 items per
 * transaction (idempotent: the same schedule written twice is the same
 * items), then marks the pilot scheduled, which closes the answers.
 */
export const saveSchedule = async (ctx: StoreContext, pilotId: string, candidates: CandidateCode[], meetings: ScheduledMeeting[]): Promise<void> => {
  const puts: TransactItem[] = [
    ...candidates.map((c) => ({ Put: { TableName: ctx.tableName, Item: { ...key.candidate(pilotId, c.code), entity: 'candidate', ...c } } })),
    ...meetings.map((m) => ({ Put: { TableName: ctx.tableName, Item: { ...key.meeting(pilotId, m.companyId, m.round), entity: 'meeting', ...m } } })),
  ];
  for (let i = 0; i < puts.length; i += 25) await transact(ctx, puts.slice(i, i + 25));
};

export const meetingsOfPilot = async (ctx: StoreContext, pilotId: string): Promise<ScheduledMeeting[]> =>
  ((await pilotItemsWithPrefix<ScheduledMeeting>(ctx, pilotId, 'MEETING#'))).sort((a, b) => a.start.localeCompare(b.start) || a.companyId.localeCompare(b.companyId));

export const candidatesOfPilot = async (ctx: StoreContext, pilotId: string): Promise<CandidateCode[]> =>
  pilotItemsWithPrefix<CandidateCode>(ctx, pilotId, 'CANDIDATE#');
