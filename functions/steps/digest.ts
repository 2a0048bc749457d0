import { sendDigest } from '../services/digest.js';
import { stepHandler } from './step-handler.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/** The weekly portfolio digest: invoked by the scheduler's cron (Monday 07:00, Europe/Copenhagen). */
export const handler = stepHandler(async (_input: unknown, store) => sendDigest(store));
