import { sendDigest } from '../services/digest.js';
import { stepHandler } from './step-handler.js';

/** The weekly portfolio digest: invoked by the scheduler's cron (Monday 07:00, Europe/Copenhagen). */
export const handler = stepHandler(async (_input: unknown, store) => sendDigest(store));
