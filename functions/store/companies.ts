import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { CompanySchema } from '../contracts/companies.js';
import { CvrRegisteredError, NotFoundError } from '../domain/errors.js';
import type { Company, CompanyInput } from '../domain/company.js';
import { getItems } from './batch-get.js';
import type { StoreContext } from './client.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { describes, itemReader } from './items.js';
import { index, key, TTL_ATTRIBUTE } from './table.js';
import { transact, type TransactItem } from './transact.js';

// Partner companies and the webhook messages they sent. A company's signing
// secrets are stored sealed (functions/ports/keys.ts), newest first; they
// never leave the store unsealed and are never part of what a reader gets.

/** A signing secret as stored: sealed by the keys port, bound to the company. */
const SealedSecretSchema = lazySchema(() => z.object({ sealed: z.string(), createdAt: z.string() }));
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

/** A company item: the company as the API shows it (functions/contracts/companies.ts), and its sealed secrets. */
const CompanyItemSchema = describes<Company>()(CompanySchema).extend({ secrets: z.array(SealedSecretSchema) });
type CompanyItem = z.infer<typeof CompanyItemSchema>;
const readCompanyItem = itemReader('company', CompanyItemSchema);

const withoutSecrets = ({ secrets, ...company }: CompanyItem): Company => {
  void secrets;
  return company;
};

/** The CVR guard names the company that holds the number. */
const readCvr = itemReader('cvr', z.object({ companyId: z.string() }));
/** A remembered webhook message counts until its TTL (epoch seconds). */
const readMessage = itemReader('company-message', z.object({ [TTL_ATTRIBUTE]: z.number() }));

/** Registers a company; its CVR number may be registered once. */
export const createCompany = async (ctx: StoreContext, input: CompanyInput, secret: (companyId: string) => Promise<SealedSecret>): Promise<Company> => {
  const now = ctx.clock.now().toISOString();
  const company: Company = { ...input, id: randomUUID(), createdAt: now, updatedAt: now };
  const item: CompanyItem = { ...company, secrets: [await secret(company.id)] };
  const result = await transact(ctx, [
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...key.cvr(input.cvr), entity: 'cvr', companyId: company.id },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...key.company(company.id),
          entity: 'company',
          [index.allCompanies.pk]: index.allCompanies.value(),
          [index.allCompanies.sk]: `${input.name.toLocaleLowerCase('da')}#${company.id}`,
          ...item,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ]);
  if (!result.committed) {
    const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.cvr(input.cvr), ConsistentRead: true }));
    throw new CvrRegisteredError(input.cvr, Item ? readCvr(Item).companyId : undefined);
  }
  return company;
};

const getItem = async (ctx: StoreContext, companyId: string): Promise<CompanyItem> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.company(companyId), ConsistentRead: true }));
  if (!Item) throw new NotFoundError(`no company with id ${companyId}`);
  return readCompanyItem(Item);
};

export const getCompany = async (ctx: StoreContext, companyId: string): Promise<Company> => withoutSecrets(await getItem(ctx, companyId));

/** A company item read elsewhere (a batch read with other items) as readers see it: without its secrets. */
export const toCompany = (item: Record<string, unknown>): Company => withoutSecrets(readCompanyItem(item));

/** Many companies by id, in one read (BatchGetItem, 100 a call) where each was a GetItem; in the order asked. Throws 404 for one that is not there. */
export const getCompanies = async (ctx: StoreContext, companyIds: readonly string[]): Promise<Company[]> => {
  const items = await getItems(
    ctx,
    companyIds.map((id) => key.company(id)),
  );
  return items.map((item, i) => {
    if (!item) throw new NotFoundError(`no company with id ${companyIds[i]}`);
    return toCompany(item);
  });
};

/** The company with its sealed secrets, for verifying its signatures. */
export const getCompanyWithSecrets = (ctx: StoreContext, companyId: string): Promise<CompanyItem> => getItem(ctx, companyId);

/** Companies by name. */
export const listCompanies = (ctx: StoreContext, page: PageRequest): Promise<Page<Company>> =>
  queryPage(
    ctx,
    {
      IndexName: index.allCompanies.name,
      KeyConditionExpression: `${index.allCompanies.pk} = :pk`,
      ExpressionAttributeValues: { ':pk': index.allCompanies.value() },
    },
    { attribute: index.allCompanies.pk, value: index.allCompanies.value() },
    page,
    (item) => withoutSecrets(readCompanyItem(item)),
  );

/**
 * Puts the new secret first and keeps the current one second, verifying
 * until `previousValidUntil`. Conditional on the secrets read, so two
 * rotations at once cannot both keep "the previous" secret.
 */
export const rotateCompanySecret = async (ctx: StoreContext, companyId: string, secret: SealedSecret, previousValidUntil: string): Promise<boolean> => {
  const current = await getItem(ctx, companyId);
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.company(companyId),
        UpdateExpression: 'SET secrets = :secrets, previousSecretValidUntil = :until, updatedAt = :now',
        ConditionExpression: 'updatedAt = :seen',
        ExpressionAttributeValues: {
          ':secrets': [secret, current.secrets[0]!],
          ':until': previousValidUntil,
          ':now': ctx.clock.now().toISOString(),
          ':seen': current.updatedAt,
        },
      },
    },
  ]);
  return result.committed;
};

/** How long a webhook-id is remembered: a retry within this window is acknowledged, not applied again. */
export const MESSAGE_MEMORY_HOURS = 72;

/** Whether a remembered message (its item, if any) still counts as seen. */
const stillSeen = (ctx: StoreContext, item: Record<string, unknown> | undefined): boolean =>
  // TTL deletes expired items within days, not at once: an expired item counts as unseen.
  item !== undefined && readMessage(item)[TTL_ATTRIBUTE] > Math.floor(ctx.clock.now().getTime() / 1000);

/**
 * The company with its sealed secrets, and whether this message id was seen
 * from it in the last 72 hours, in one read (BatchGetItem) where a webhook
 * made two. Whether it was seen means nothing until the caller has verified
 * the signature with those secrets: the id is the sender's header.
 */
export const getCompanyAndMessageSeen = async (ctx: StoreContext, companyId: string, messageId: string): Promise<{ company: CompanyItem; seen: boolean }> => {
  const [company, message] = await getItems(ctx, [key.company(companyId), key.companyMessage(companyId, messageId)]);
  if (!company) throw new NotFoundError(`no company with id ${companyId}`);
  return { company: readCompanyItem(company), seen: stillSeen(ctx, message) };
};

/**
 * The Put that remembers a message; part of the transaction that applies it,
 * so a message is applied and remembered together or not at all. Fails its
 * condition when the message was seen (and not expired): the caller's duplicate.
 */
export const messagePut = (ctx: StoreContext, companyId: string, messageId: string, details: Record<string, unknown>): TransactItem => {
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...key.companyMessage(companyId, messageId),
        entity: 'company-message',
        receivedAt: ctx.clock.now().toISOString(),
        ...details,
        [TTL_ATTRIBUTE]: now + MESSAGE_MEMORY_HOURS * 3600,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':now': now },
    },
  };
};
