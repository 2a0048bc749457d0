import type { PilotInput } from '../../functions/domain/pilot.js';
import { PilotInputSchema } from '../../functions/domain/pilot.js';

/** The Azure pilot with Microsoft, 2020: ~90 unemployed academics, a 4-week course ending in certification. */
export const azure2020Body = {
  name: 'Azure with Microsoft',
  partner: 'Microsoft',
  targetGroups: ['academics'],
  eligibility: { minAge: 18, maxAge: 67 },
  capacity: 90,
  minimumCohort: 30,
  recruitment: { opens: '2020-02-01', closes: '2020-03-01' },
  course: { start: '2020-03-16', weeks: 4, ending: 'exam' },
  matchEvent: { date: '2021-01-20', responseDeadline: '2021-01-08', capacity: 60 },
  followUpMonths: 2,
  targetEmploymentRate: 0.4,
  budgetDkk: 400_000,
  managementEmails: ['ledelse@bif.kk.test'],
};

export const pilotInput = (overrides: Partial<Record<keyof PilotInput, unknown>> = {}): PilotInput =>
  PilotInputSchema.parse({ ...azure2020Body, ...overrides });

/** A participants CSV as Danish Excel writes it: BOM, semicolons, CRLF. */
export const azureParticipantsCsv = (count: number, opts: { firstRef?: number } = {}): string => {
  const lines = ['reference;name;email;birthYear;targetGroup'];
  for (let i = 0; i < count; i++) {
    const n = (opts.firstRef ?? 1) + i;
    lines.push(`KK-2020-${String(n).padStart(4, '0')};Deltager ${n};deltager${n}@example.test;${1960 + (i % 35)};academics`);
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
};
