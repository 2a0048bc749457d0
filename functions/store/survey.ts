import { randomBytes, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { SurveyTallySchema } from '../contracts/survey.js';
import { emptyTally, SURVEY_QUESTION_ORDER, type SurveyAnswer, type SurveyTally } from '../domain/survey.js';
import type { StoreContext } from './client.js';
import { getPilotWith } from './pilots.js';
import type { Pilot } from '../domain/pilot.js';
import { describes, itemReader } from './items.js';
import { executeEach, insertStatement } from './statements.js';
import { key, TTL_ATTRIBUTE } from './table.js';
import { transact, type TransactItem } from './transact.js';

// The participants' survey in DynamoDB (README, "The participants' survey").
// Anonymous by construction:
// - the tally (PILOT#<id> / SURVEY) holds counts per answer and nothing else:
//   no answer item, so no row of one person's answers, and no updatedAt;
// - a token (SURVEY#<hash> / TOKEN) holds its pilot and, once used, `used`:
//   no participant id, no time; every token of a pilot expires together;
// - answering marks the token used, deletes the form's nonce and adds to
//   the tally in ONE transaction: a token answers once, however many
//   requests race, and an answer is never counted without its token spent.

const SurveyRecordSchema = lazySchema(() =>
  z.object({
    tally: describes<SurveyTally>()(SurveyTallySchema),
    answers: z.number().int(),
    /** Invitations sent by e-mail. */
    mailed: z.number().int(),
    /** Codes printed for those without e-mail. */
    codes: z.number().int(),
    /** The invitation went to every page of participants. */
    invited: z.boolean().optional(),
    /** A mailing's first page is done and its next page scheduled: the first page woken again has nothing to do. */
    inviting: z.boolean().optional(),
    reminding: z.boolean().optional(),
    /** What the participants' link secrets are derived from; removed after the reminder (services/survey-links.ts). */
    salt: z.string().optional(),
  }),
);
export type SurveyRecord = z.infer<typeof SurveyRecordSchema>;
const readSurvey = itemReader('survey', SurveyRecordSchema);
/** A token holds its pilot and, once used, `used`; a form nonce only its expiry (epoch seconds). */
const readToken = itemReader('survey-token', z.object({ pilotId: z.string(), used: z.literal(true).optional() }));
const readForm = itemReader('survey-form', z.object({ [TTL_ATTRIBUTE]: z.number() }));

/** The pilot's survey record, or undefined before any invitation or code. */
export const getSurvey = async (ctx: StoreContext, pilotId: string): Promise<SurveyRecord | undefined> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.survey(pilotId), ConsistentRead: true }));
  if (!Item) return undefined;
  return readSurvey(Item);
};

/**
 * The pilot and its survey record (undefined before any invitation or code),
 * in one read (BatchGetItem) where a page of the survey's e-mails made two.
 * 404 when the pilot is not there.
 */
export const getPilotAndSurvey = async (ctx: StoreContext, pilotId: string): Promise<{ pilot: Pilot; survey: SurveyRecord | undefined }> => {
  const {
    pilot,
    items: [survey],
  } = await getPilotWith(ctx, pilotId, [key.survey(pilotId)]);
  return { pilot, survey: survey && readSurvey(survey) };
};

/**
 * Creates the survey record (zero counts, a new salt) unless it exists; returns it as it is now.
 * `read`: the record as the caller just read it (getPilotAndSurvey): not read again when it was there.
 */
export const ensureSurvey = async (
  ctx: StoreContext,
  pilotId: string,
  withSalt: boolean,
  read?: { existing: SurveyRecord | undefined },
): Promise<SurveyRecord> => {
  // Read first: every page of a mailing asks, and only the first finds none (a refused write bills as one).
  const existing = read ? read.existing : await getSurvey(ctx, pilotId);
  if (existing) return existing;
  const item = {
    ...key.survey(pilotId),
    entity: 'survey',
    tally: emptyTally(),
    answers: 0,
    mailed: 0,
    codes: 0,
    ...(withSalt ? { salt: randomBytes(16).toString('base64url') } : {}),
  };
  try {
    await ctx.db.send(new PutCommand({ TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    // Written as it stands: not read back.
    return readSurvey(item);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  // Another run made it first: theirs (its salt) is the one.
  return (await getSurvey(ctx, pilotId))!;
};

/** The salt is gone for good: after the reminder no participant's link can be worked out again. */
export const dropSalt = async (ctx: StoreContext, pilotId: string): Promise<void> => {
  await ctx.db.send(new UpdateCommand({ TableName: ctx.tableName, Key: key.survey(pilotId), UpdateExpression: 'REMOVE salt' }));
};

/** Every page of the invitation has been sent: a wake-up that comes again (a wait entered later) sends nothing. */
export const markInvited = async (ctx: StoreContext, pilotId: string): Promise<void> => {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: key.survey(pilotId),
      UpdateExpression: 'SET invited = :true',
      ExpressionAttributeValues: { ':true': true },
    }),
  );
};

/**
 * The first page of a mailing has gone and its next page is scheduled. The
 * first page's wake-up is scheduled again with every wait the pilot enters
 * (services/notices.ts; one due earlier today fires at once), so it can come
 * again while the later pages run; it then finds this and does nothing.
 */
export const markMailingUnderWay = async (ctx: StoreContext, pilotId: string, step: 'invite' | 'remind'): Promise<void> => {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: key.survey(pilotId),
      UpdateExpression: 'SET #flag = :true',
      ExpressionAttributeNames: { '#flag': step === 'invite' ? 'inviting' : 'reminding' },
      ExpressionAttributeValues: { ':true': true },
    }),
  );
};

/** Invitations recorded as sent, counted in the same transaction as their records (store/mails.ts markMailsSent). */
export const countMailedItem = (ctx: StoreContext, pilotId: string, mailed: number): TransactItem => ({
  Update: { TableName: ctx.tableName, Key: key.survey(pilotId), UpdateExpression: 'ADD mailed :n', ExpressionAttributeValues: { ':n': mailed } },
});

const tokenItem = (hash: string, pilotId: string, expiresAt: number) => ({
  ...key.surveyToken(hash),
  entity: 'survey-token',
  pilotId,
  [TTL_ATTRIBUTE]: expiresAt,
});

/**
 * Links' tokens, unless they exist: a repeated invitation (a retried step,
 * the reminder's same links) leaves a used token used. `expiresAt` (epoch
 * seconds) is the same for every token of a pilot, so it tells nothing about
 * whose token it is. 25 a call, each its own conditional write
 * (statements.ts). `mostExist` (the reminder, whose links the invitation
 * made): the tokens are read first, 100 a call, and only those missing
 * written, since a write refused because the token exists is billed as a
 * write, and a read costs a quarter of one.
 */
export const putSurveyTokens = async (ctx: StoreContext, pilotId: string, hashes: readonly string[], expiresAt: number, mostExist = false): Promise<void> => {
  let missing = [...new Set(hashes)];
  if (mostExist) {
    const found = new Set<string>();
    for (let i = 0; i < missing.length; i += 100) {
      let keys: Record<string, unknown>[] = missing.slice(i, i + 100).map((hash) => key.surveyToken(hash));
      while (keys.length > 0) {
        const { Responses, UnprocessedKeys } = await ctx.db.send(
          new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: keys, ProjectionExpression: 'PK' } } }),
        );
        for (const item of Responses?.[ctx.tableName] ?? []) found.add(String(item.PK));
        keys = UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
      }
    }
    missing = missing.filter((hash) => !found.has(key.surveyToken(hash).PK));
  }
  await executeEach(
    ctx,
    missing.map((hash) => insertStatement(ctx, tokenItem(hash, pilotId, expiresAt))),
  );
};

/** Printed codes' tokens and their count on the survey record, in one transaction (at most 99 codes). */
export const putSurveyCodes = async (ctx: StoreContext, pilotId: string, hashes: string[], expiresAt: number): Promise<boolean> => {
  const items: TransactItem[] = hashes.map((hash) => ({
    Put: { TableName: ctx.tableName, Item: tokenItem(hash, pilotId, expiresAt), ConditionExpression: 'attribute_not_exists(PK)' },
  }));
  items.push({
    Update: { TableName: ctx.tableName, Key: key.survey(pilotId), UpdateExpression: 'ADD codes :n', ExpressionAttributeValues: { ':n': hashes.length } },
  });
  return (await transact(ctx, items)).committed;
};

export const getSurveyToken = async (ctx: StoreContext, hash: string): Promise<{ pilotId: string; used: boolean } | undefined> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.surveyToken(hash), ConsistentRead: true }));
  if (!Item) return undefined;
  const token = readToken(Item);
  return { pilotId: token.pilotId, used: token.used === true };
};

/** How long a shown survey form may be sent. */
export const SURVEY_FORM_HOURS = 24;

/**
 * A nonce for a survey form shown through the token `hash`. Its expiry is
 * rounded up to the hour, so it does not record to the second when a form
 * was opened.
 */
export const issueSurveyNonce = async (ctx: StoreContext, hash: string): Promise<string> => {
  const nonce = randomUUID();
  const hour = Math.ceil(ctx.clock.now().getTime() / 3_600_000) * 3600;
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.tableName,
      Item: { ...key.surveyForm(hash, nonce), entity: 'survey-form', [TTL_ATTRIBUTE]: hour + SURVEY_FORM_HOURS * 3600 },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return nonce;
};

export const surveyNonceValid = async (ctx: StoreContext, hash: string, nonce: string): Promise<boolean> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.surveyForm(hash, nonce), ConsistentRead: true }));
  return Item !== undefined && readForm(Item)[TTL_ATTRIBUTE] * 1000 > ctx.clock.now().getTime();
};

export type AnswerRecorded = 'recorded' | 'used' | 'stale-form' | 'no-survey';

/**
 * Records one whole answer: the token is marked used (it must exist, belong
 * to the pilot and be unused), the form's nonce is deleted (it must be
 * unexpired), and each chosen answer's count goes up by one, all in one
 * transaction. Which condition failed says why nothing was recorded.
 */
export const recordSurveyAnswer = async (
  ctx: StoreContext,
  input: { pilotId: string; hash: string; nonce: string; answer: SurveyAnswer },
): Promise<AnswerRecorded> => {
  const names: Record<string, string> = { '#tally': 'tally' };
  const sets: string[] = [];
  SURVEY_QUESTION_ORDER.forEach((q, i) => {
    names[`#q${i}`] = q;
    names[`#a${i}`] = input.answer[q];
    sets.push(`#tally.#q${i}.#a${i} = #tally.#q${i}.#a${i} + :one`);
  });
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.surveyToken(input.hash),
        UpdateExpression: 'SET used = :true',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(used) AND pilotId = :pilot',
        ExpressionAttributeValues: { ':true': true, ':pilot': input.pilotId },
      },
    },
    {
      Delete: {
        TableName: ctx.tableName,
        Key: key.surveyForm(input.hash, input.nonce),
        ConditionExpression: 'attribute_exists(PK) AND #ttl > :now',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':now': Math.floor(ctx.clock.now().getTime() / 1000) },
      },
    },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.survey(input.pilotId),
        UpdateExpression: `SET ${sets.join(', ')} ADD answers :one`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ]);
  if (result.committed) return 'recorded';
  const [token, form] = result.conditionFailed;
  return token ? 'used' : form ? 'stale-form' : 'no-survey';
};
