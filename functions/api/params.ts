import * as z from 'zod';
import { PARTICIPANT_STATUSES } from '../domain/participant.js';
import { PILOT_STATUSES } from '../domain/pilot.js';
import { parseInput } from '../domain/validation.js';
import type { ApiEvent } from '../http/types.js';

// Path and query parameters, validated like bodies: unknown ones are refused
// and a 400 names the parameter.

const Id = z.uuid('must be an id as returned by this API');

export const pilotPath = (event: ApiEvent) => parseInput(z.object({ pilotId: Id }), event.pathParameters ?? {});

export const participantPath = (event: ApiEvent) =>
  parseInput(z.object({ pilotId: Id, participantId: Id }), event.pathParameters ?? {});

const Paging = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};

export const pilotsQuery = (event: ApiEvent) =>
  parseInput(
    z
      .object({
        ...Paging,
        status: z.enum(PILOT_STATUSES).optional(),
        /** Only pilots with this risk raised: `stuck`, `mail-failed`, `recruitment-under-minimum`, ... */
        risk: z.string().regex(/^[a-z][a-z-]{0,39}$/, 'must be a risk name, e.g. stuck').optional(),
      })
      .strict(),
    event.queryStringParameters ?? {},
  );

export const participantsQuery = (event: ApiEvent) =>
  parseInput(
    z
      .object({
        ...Paging,
        status: z.enum(PARTICIPANT_STATUSES).optional(),
        /** `true`: only those who passed the exam or got the diploma (the match event's candidates). */
        certified: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      })
      .strict(),
    event.queryStringParameters ?? {},
  );

export const pageQuery = (event: ApiEvent) => parseInput(z.object(Paging).strict(), event.queryStringParameters ?? {});

export const companyPath = (event: ApiEvent) => parseInput(z.object({ companyId: Id }), event.pathParameters ?? {});

export const accessLogQuery = (event: ApiEvent) =>
  parseInput(
    z
      .object({
        ...Paging,
        /** Only the reads that returned this participant. */
        participantId: Id.optional(),
      })
      .strict(),
    event.queryStringParameters ?? {},
  );
