import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { writeAll } from './batch-write.js';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { key } from './table.js';

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
 * Writes the schedule: the candidate codes and the meetings, 25 items a
 * BatchWriteItem, not in transactions (which bill every item twice; a
 * schedule of more than 100 items never was one transaction anyway). Each
 * item carries the size of the schedule it belongs to (`planned`), so a
 * write cut off is told from a whole one (savedSchedule): the step that
 * writes it again writes the whole schedule, and deletes `stale`, what a cut-off write
 * left that the schedule has not (the same schedule written twice is the
 * same items).
 */
export const saveSchedule = async (
  ctx: StoreContext,
  pilotId: string,
  candidates: CandidateCode[],
  meetings: ScheduledMeeting[],
  stale: readonly { PK: string; SK: string }[] = [],
): Promise<void> => {
  const planned = candidates.length + meetings.length;
  const keep = new Set([...candidates.map((c) => key.candidate(pilotId, c.code).SK), ...meetings.map((m) => key.meeting(pilotId, m.companyId, m.round).SK)]);
  await writeAll(
    ctx,
    [
      ...stale.filter((k) => !keep.has(k.SK)).map((Key) => ({ DeleteRequest: { Key } })),
      ...candidates.map((c) => ({ PutRequest: { Item: { ...key.candidate(pilotId, c.code), entity: 'candidate', ...c, planned } } })),
      ...meetings.map((m) => ({ PutRequest: { Item: { ...key.meeting(pilotId, m.companyId, m.round), entity: 'meeting', ...m, planned } } })),
    ],
    'the match schedule',
  );
};

/** How many items the schedule an item belongs to has (absent on a schedule written whole in one transaction, before `planned`). */
const readPlanned = (item: Record<string, unknown>) => ({ SK: String(item.SK), planned: typeof item.planned === 'number' ? item.planned : undefined });

/**
 * The schedule as written: 'none' when nothing was; 'cut-off' (with the
 * items it left) when a write of it stopped before its last item, and it is
 * to be planned and written again; else the codes and the meetings.
 */
export const savedSchedule = async (
  ctx: StoreContext,
  pilotId: string,
): Promise<'none' | { cutOff: { PK: string; SK: string }[] } | { codes: CandidateCode[]; meetings: ScheduledMeeting[] }> => {
  const items = [
    ...(await pilotItemsWithPrefix(ctx, pilotId, 'CANDIDATE#', (item) => item)),
    ...(await pilotItemsWithPrefix(ctx, pilotId, 'MEETING#', (item) => item)),
  ];
  if (items.length === 0) return 'none';
  const sizes = new Set(items.map((i) => readPlanned(i).planned));
  // Written before `planned`, in one transaction: whole. Written since: whole when every item is there.
  const whole = sizes.size === 1 && [...sizes].every((n) => n === undefined || n === items.length);
  if (!whole) return { cutOff: items.map((i) => ({ PK: key.pilot(pilotId).PK, SK: readPlanned(i).SK })) };
  return {
    codes: items.filter((i) => String(i.SK).startsWith('CANDIDATE#')).map(readCandidate),
    meetings: items
      .filter((i) => String(i.SK).startsWith('MEETING#'))
      .map(readMeeting)
      .sort((a, b) => a.start.localeCompare(b.start) || a.companyId.localeCompare(b.companyId)),
  };
};

export const meetingsOfPilot = async (ctx: StoreContext, pilotId: string): Promise<ScheduledMeeting[]> =>
  (await pilotItemsWithPrefix(ctx, pilotId, 'MEETING#', readMeeting)).sort((a, b) => a.start.localeCompare(b.start) || a.companyId.localeCompare(b.companyId));

export const candidatesOfPilot = async (ctx: StoreContext, pilotId: string): Promise<CandidateCode[]> =>
  pilotItemsWithPrefix(ctx, pilotId, 'CANDIDATE#', readCandidate);
