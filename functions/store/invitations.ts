import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { InvitationSchema } from '../contracts/companies.js';
import { AnswersClosedError, BelowConfirmedError, ContentionError, EventFullError, NotFoundError, OverCompanyCapError } from '../domain/errors.js';
import { answersOpen } from '../domain/company.js';
import type { Pilot } from '../domain/pilot.js';
import { auditPut, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { messagePut, toCompany } from './companies.js';
import type { Company } from '../domain/company.js';
import { toPilot } from './pilots.js';
import { getItems } from './batch-get.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { itemReader } from './items.js';
import { key } from './table.js';
import { transact, type TransactItem } from './transact.js';

// A pilot's invitations to partner companies and their answers. The pilot
// item sums them (companiesInvited, companiesAnswered, slotsConfirmed); each
// change to an invitation and its sums is one transaction.

/** An invitation as stored is the invitation as the API shows it (functions/contracts/companies.ts). */
export type Invitation = z.infer<typeof InvitationSchema>;
export type Answer = Invitation['answer'];
export const toInvitation = itemReader('invitation', InvitationSchema);

/** Whether the pilot still takes answers: not closed, candidates not scheduled yet. */
const ANSWERS_OPEN = '#status <> :closed AND attribute_not_exists(matchScheduledAt)';

/** Invites a company (or changes its cap). The cap may not go below slots it already confirmed. */
export const putInvitation = async (
  ctx: StoreContext,
  pilot: Pilot,
  company: { id: string; name: string },
  maxSlots: number,
  actor: Actor,
  /** The invitation as the caller just read it (getCompanyAndInvitation), undefined when there was none: not read again. */
  read?: { existing: Invitation | undefined },
): Promise<{ invitation: Invitation; created: boolean }> => {
  const now = ctx.clock.now().toISOString();
  const existing = read ? read.existing : await getInvitation(ctx, pilot.id, company.id);
  if (existing) {
    if (maxSlots < existing.slots) {
      throw new BelowConfirmedError(existing.slots);
    }
    const result = await transact(ctx, [
      {
        Update: {
          TableName: ctx.tableName,
          Key: key.invitation(pilot.id, company.id),
          UpdateExpression: 'SET maxSlots = :max, version = version + :one',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':max': maxSlots, ':one': 1, ':v': existing.version },
        },
      },
      auditPut(ctx, pilot.id, { actor, action: 'company.cap-changed', details: { companyId: company.id, maxSlots } }),
    ]);
    if (!result.committed) throw new ContentionError('the invitation changed meanwhile; please retry');
    return { invitation: { ...existing, maxSlots, version: existing.version + 1 }, created: false };
  }
  const invitation: Invitation = {
    companyId: company.id,
    companyName: company.name,
    maxSlots,
    slots: 0,
    answer: 'none',
    invitedAt: now,
    remindersSent: 0,
    version: 0,
  };
  const result = await transact(ctx, [
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...key.invitation(pilot.id, company.id), entity: 'invitation', ...invitation },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilot.id),
        UpdateExpression: 'ADD companiesInvited :one SET updatedAt = :now',
        ConditionExpression: `attribute_exists(PK) AND ${ANSWERS_OPEN}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':now': now, ':closed': 'closed' },
      },
    },
    auditPut(ctx, pilot.id, { actor, action: 'company.invited', details: { companyId: company.id, maxSlots } }),
  ]);
  if (!result.committed) {
    if (result.conditionFailed[0]) return putInvitation(ctx, pilot, company, maxSlots, actor);
    throw new AnswersClosedError('the match event is no longer taking answers (the pilot is closed or its candidates are scheduled)');
  }
  return { invitation, created: true };
};

/**
 * A company's invitation to a pilot and the pilot, in one read (BatchGetItem)
 * where an answer or a report made two: undefined for either that is not there.
 */
export const getInvitationAndPilot = async (
  ctx: StoreContext,
  pilotId: string,
  companyId: string,
): Promise<{ invitation: Invitation | undefined; pilot: Pilot | undefined }> => {
  const [invitation, pilot] = await getItems(ctx, [key.invitation(pilotId, companyId), key.pilot(pilotId)]);
  return { invitation: invitation && toInvitation(invitation), pilot: pilot && toPilot(pilot) };
};

/** The keys of a company and of its invitation to a pilot: read together (getCompanyAndInvitation), or with the pilot (a route's alsoRead). */
export const companyAndInvitationKeys = (pilotId: string, companyId: string) => [key.company(companyId), key.invitation(pilotId, companyId)];

/** The company and its invitation from their items as read (companyAndInvitationKeys' order): 404 when the company is not there. */
export const toCompanyAndInvitation = (
  companyId: string,
  [company, invitation]: readonly (Record<string, unknown> | undefined)[],
): { company: Company; invitation: Invitation | undefined } => {
  if (!company) throw new NotFoundError(`no company with id ${companyId}`);
  return { company: toCompany(company), invitation: invitation && toInvitation(invitation) };
};

/** A company and its invitation to a pilot, in one read: 404 when the company is not there, undefined when it is not invited. */
export const getCompanyAndInvitation = async (
  ctx: StoreContext,
  pilotId: string,
  companyId: string,
): Promise<{ company: Company; invitation: Invitation | undefined }> =>
  toCompanyAndInvitation(companyId, await getItems(ctx, companyAndInvitationKeys(pilotId, companyId)));

export const getInvitation = async (ctx: StoreContext, pilotId: string, companyId: string): Promise<Invitation | undefined> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.invitation(pilotId, companyId), ConsistentRead: true }));
  return Item ? toInvitation(Item) : undefined;
};

/** Every invitation of a pilot (a pilot invites tens of companies, not thousands). */
export const invitationsOfPilot = (ctx: StoreContext, pilotId: string): Promise<Invitation[]> => pilotItemsWithPrefix(ctx, pilotId, 'INVITE#', toInvitation);

/** Which invitation e-mail (for which deadline) or reminder went to the company. */
export type InvitationMailed = { invitationSentFor: string } | { reminder: true };

/**
 * The invitation's mark for a mail that went: for an invitation, the deadline
 * it was for and when; for a reminder, one more counted. Written in the same
 * transaction as the mail's record (services/match-event/invitations.ts), so
 * a crash cannot leave the one without the other.
 */
export const invitationMailedUpdate = (ctx: StoreContext, pilotId: string, companyId: string, change: InvitationMailed, now: string): TransactItem => ({
  Update: {
    TableName: ctx.tableName,
    Key: key.invitation(pilotId, companyId),
    UpdateExpression: 'reminder' in change ? 'ADD remindersSent :one' : 'SET invitationSentFor = :for, invitationSentAt = :now',
    ExpressionAttributeValues: 'reminder' in change ? { ':one': 1 } : { ':for': change.invitationSentFor, ':now': now },
  },
});

/**
 * Records which invitation e-mail (for which deadline) or reminder went to
 * the company, on its own: for a mail recorded sent without its mark (by a
 * run before the two were written together, cut off between them). For an
 * invitation, the attributes it set.
 */
export const markInvitationMailed = async (
  ctx: StoreContext,
  pilotId: string,
  companyId: string,
  change: InvitationMailed,
): Promise<Pick<Invitation, 'invitationSentFor' | 'invitationSentAt'> | undefined> => {
  const now = ctx.clock.now().toISOString();
  await transact(ctx, [invitationMailedUpdate(ctx, pilotId, companyId, change, now)]);
  return 'reminder' in change ? undefined : { invitationSentFor: change.invitationSentFor, invitationSentAt: now };
};

export type AnswerOutcome = { outcome: 'applied' | 'superseded' | 'duplicate'; invitation: Invitation; slotsLeft: number };

const MAX_ATTEMPTS = 25;

/**
 * A company's answer: `slots` (0 declines) at the company's timestamp `at`.
 * Never overbooks: in one transaction the invitation changes only if its
 * version is the one read (else this retries with a fresh read), and the
 * pilot's slotsConfirmed grows only while it stays within the event's
 * capacity. An answer older than the one recorded is acknowledged as
 * superseded; `messageId` (a webhook-id, a link form's nonce) makes a
 * repeat a duplicate. Throws 404 when the company is not invited, 409 when
 * the answer does not fit (with slotsLeft) or answers are closed.
 */
export const recordAnswer = async (
  ctx: StoreContext,
  input: { pilotId: string; companyId: string; slots: number; at: string; via: 'webhook' | 'link'; messageId?: string; actor: Actor },
): Promise<AnswerOutcome> => {
  const at = new Date(input.at).toISOString();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { invitation, pilot } = await getInvitationAndPilot(ctx, input.pilotId, input.companyId);
    if (!invitation || !pilot) throw new NotFoundError(`company ${input.companyId} is not invited to pilot ${input.pilotId}`);
    const capacity = pilot.matchEvent?.capacity ?? 0;
    const total = pilot.slotsConfirmed ?? 0;
    const slotsLeft = Math.max(0, capacity - total);
    if (!answersOpen(pilot)) {
      throw new AnswersClosedError(
        pilot.status === 'closed' ? 'the pilot is closed; answers are no longer taken' : 'the candidates are already scheduled; answers are no longer taken',
      );
    }

    const remember = input.messageId ? [messagePut(ctx, input.companyId, input.messageId, { pilotId: input.pilotId, kind: 'slots' })] : [];
    if (invitation.answeredAt && invitation.answeredAt >= at) {
      // Out of order: a newer answer is recorded. Acknowledge, change nothing (but remember the message).
      if (remember.length) {
        const result = await transact(ctx, remember);
        if (!result.committed) return { outcome: 'duplicate', invitation, slotsLeft };
      }
      return { outcome: 'superseded', invitation, slotsLeft };
    }
    if (input.slots > invitation.maxSlots) {
      throw new OverCompanyCapError(invitation.maxSlots, slotsLeft, Math.min(invitation.maxSlots, invitation.slots + slotsLeft));
    }
    const delta = input.slots - invitation.slots;
    if (delta > slotsLeft) {
      throw new EventFullError(slotsLeft, Math.min(invitation.maxSlots, invitation.slots + slotsLeft));
    }

    const answer: Answer = input.slots > 0 ? 'confirmed' : 'declined';
    const now = ctx.clock.now().toISOString();
    const result = await transact(ctx, [
      {
        Update: {
          TableName: ctx.tableName,
          Key: key.invitation(input.pilotId, input.companyId),
          UpdateExpression: 'SET slots = :slots, answer = :answer, answeredAt = :at, receivedAt = :now, answeredBy = :via, version = version + :one',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: {
            ':slots': input.slots,
            ':answer': answer,
            ':at': at,
            ':now': now,
            ':via': input.via,
            ':one': 1,
            ':v': invitation.version,
          },
        },
      },
      {
        Update: {
          TableName: ctx.tableName,
          Key: key.pilot(input.pilotId),
          UpdateExpression: 'ADD slotsConfirmed :delta, companiesAnswered :firstAnswer SET updatedAt = :now',
          // The capacity check is on the sum as stored, so concurrent answers from different companies cannot together overbook.
          ConditionExpression: `attribute_exists(PK) AND ${ANSWERS_OPEN} AND matchEvent.#capacity = :capacity${
            delta > 0 ? ' AND (attribute_not_exists(slotsConfirmed) OR slotsConfirmed <= :maxBefore)' : ''
          }`,
          ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
          ExpressionAttributeValues: {
            ':delta': delta,
            ':firstAnswer': invitation.answer === 'none' ? 1 : 0,
            ':now': now,
            ':closed': 'closed',
            ':capacity': capacity,
            ...(delta > 0 ? { ':maxBefore': capacity - delta } : {}),
          },
        },
      },
      ...remember,
      auditPut(ctx, input.pilotId, {
        actor: input.actor,
        action: answer === 'confirmed' ? 'company.slots-confirmed' : 'company.declined',
        details: { companyId: input.companyId, slots: input.slots, previous: invitation.slots, via: input.via, at },
      }),
    ]);
    if (result.committed) {
      return {
        outcome: 'applied',
        invitation: { ...invitation, slots: input.slots, answer, answeredAt: at, receivedAt: now, answeredBy: input.via, version: invitation.version + 1 },
        slotsLeft: slotsLeft - delta,
      };
    }
    if (remember.length && result.conditionFailed[2]) return { outcome: 'duplicate', invitation, slotsLeft };
    // The invitation or the pilot's sum changed meanwhile: read again and decide again.
  }
  throw new ContentionError('too many concurrent answers for this event; please retry');
};
