import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { PageQuery } from '../contracts/common.js';
import { ParticipantsQuery } from '../contracts/participants.js';
import { AccessLogQuery } from '../contracts/privacy.js';
import { PilotsQuery } from '../contracts/pilots.js';
import { parseInput } from '../domain/validation.js';
import type { ApiEvent } from '../http/types.js';

// Path and query parameters, validated like bodies: unknown ones are refused
// and a 400 names the parameter. The query shapes are the routes' contracts
// (functions/contracts).

const Id = lazySchema(() => z.uuid('must be an id as returned by this API'));

export const pilotPath = (event: ApiEvent) => parseInput(z.object({ pilotId: Id }), event.pathParameters ?? {});

export const participantPath = (event: ApiEvent) => parseInput(z.object({ pilotId: Id, participantId: Id }), event.pathParameters ?? {});

export const pilotsQuery = (event: ApiEvent) => parseInput(PilotsQuery, event.queryStringParameters ?? {});

export const participantsQuery = (event: ApiEvent) => parseInput(ParticipantsQuery, event.queryStringParameters ?? {});

export const pageQuery = (event: ApiEvent) => parseInput(PageQuery, event.queryStringParameters ?? {});

export const companyPath = (event: ApiEvent) => parseInput(z.object({ companyId: Id }), event.pathParameters ?? {});

export const accessLogQuery = (event: ApiEvent) => parseInput(AccessLogQuery, event.queryStringParameters ?? {});
