import { noticesOf, NOTICES, type Notice, type WaitFor } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { port } from '../ports/index.js';

// Notices: scheduled wake-ups that send the consultant an e-mail and resume
// nothing. The follow-up phase asks for each participant's situation on the
// follow-up day and reminds after 7 and 14 days; the certification phase
// reminds of missing exam results 7 days before the exam deadline; the
// match event reminds companies that have not answered.
// This module only schedules them (the waits use it); sending a due notice is
// the wake-up's job (wake-up.ts), which sits above the features it calls.

const noticeName = (pilotId: string, notice: Notice) => `${pilotId}-${notice}`;

/** Schedules (or, after the dates moved, re-schedules) the notices of the wait the pilot is in. */
export const scheduleNotices = async (pilot: Pilot, wait: WaitFor): Promise<void> => {
  for (const { notice, at } of noticesOf(pilot, wait)) {
    const name = noticeName(pilot.id, notice);
    await port('scheduler').cancel(name);
    await port('scheduler').schedule({ name, at, payload: { pilotId: pilot.id, notice } });
  }
};

export const cancelNotices = async (pilotId: string): Promise<void> => {
  for (const notice of NOTICES) await port('scheduler').cancel(noticeName(pilotId, notice));
};
