import { startOfDay } from './calendar.js';

// Scheduling certified candidates into the slots companies confirmed
// (see company.ts). A slot is one meeting of one candidate
// with one company; all companies meet in parallel rounds of `slotMinutes`.
// Pure and deterministic: the same answers give the same schedule, so a
// replayed step writes the same meetings.

export interface ConfirmedCompany {
  companyId: string;
  slots: number;
}
export interface Candidate {
  participantId: string;
  /** Company ids the candidate would like to meet, most wanted first. */
  preferences?: string[];
}
export interface Meeting {
  companyId: string;
  participantId: string;
  /** 0-based round: every company's meeting r starts at the same time. */
  round: number;
  start: string;
  end: string;
}

/**
 * Round by round, each company with a slot left picks a candidate who is free
 * in that round and has not met it yet. Fairness: the order in which
 * companies pick rotates every round, so no company always picks first; a
 * candidate who asked for the company comes first, then whoever has had the
 * fewest meetings, so meetings spread over all candidates before anyone gets
 * a second. A slot no candidate can fill stays empty.
 */
export const scheduleMeetings = (
  companies: ConfirmedCompany[],
  candidates: Candidate[],
  event: { date: string; startTime: string; slotMinutes: number },
): Meeting[] => {
  const open = companies.filter((c) => c.slots > 0).sort((a, b) => a.companyId.localeCompare(b.companyId));
  const rounds = Math.max(0, ...open.map((c) => c.slots));
  const meetingsOf = new Map(candidates.map((c) => [c.participantId, 0]));
  const met = new Set<string>();
  const meetings: Meeting[] = [];
  let cursor = 0;
  const dayStart = Date.parse(startOfDay(event.date));
  const [hours, minutes] = event.startTime.split(':').map(Number) as [number, number];
  // Copenhagen wall clock: midnight's instant plus the hours (no DST change happens during a working day).
  const startOf = (round: number) => dayStart + (hours * 60 + minutes + round * event.slotMinutes) * 60_000;

  for (let round = 0; round < rounds; round++) {
    const busy = new Set<string>();
    const order = open.map((_, i) => open[(i + round) % open.length]!).filter((c) => c.slots > round);
    for (const company of order) {
      const rank = (c: Candidate) => {
        const preference = c.preferences?.indexOf(company.companyId) ?? -1;
        return [preference === -1 ? Number.MAX_SAFE_INTEGER : preference, meetingsOf.get(c.participantId)!];
      };
      let best: Candidate | undefined;
      let bestRank: number[] = [];
      // Ties go round-robin: the search starts after the last candidate picked.
      for (let k = 0; k < candidates.length; k++) {
        const candidate = candidates[(cursor + k) % candidates.length]!;
        if (busy.has(candidate.participantId) || met.has(`${company.companyId}|${candidate.participantId}`)) continue;
        const r = rank(candidate);
        if (!best || r[0]! < bestRank[0]! || (r[0] === bestRank[0] && r[1]! < bestRank[1]!)) {
          best = candidate;
          bestRank = r;
        }
      }
      if (!best) continue;
      cursor = (candidates.indexOf(best) + 1) % candidates.length;
      busy.add(best.participantId);
      met.add(`${company.companyId}|${best.participantId}`);
      meetingsOf.set(best.participantId, meetingsOf.get(best.participantId)! + 1);
      meetings.push({
        companyId: company.companyId,
        participantId: best.participantId,
        round,
        start: new Date(startOf(round)).toISOString(),
        end: new Date(startOf(round + 1)).toISOString(),
      });
    }
  }
  return meetings;
};

/** The code a company knows a candidate by: K01, K02, ... in the order given. */
export const candidateCode = (index: number, total: number): string => `K${String(index + 1).padStart(Math.max(2, String(total).length), '0')}`;
