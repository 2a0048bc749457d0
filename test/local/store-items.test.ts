import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { MalformedItemError } from '../../functions/store/items.js';
import { enrolParticipant, getParticipant, participantsOfPilot } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { key } from '../../functions/store/table.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { azure2020Body, pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';

// Every item the store reads back is parsed by its kind's schema
// (functions/store/items.ts). An item that does not fit (written here
// straight with the DynamoDB client, as a hand edit or a writer's bug would)
// is a MalformedItemError: an internal error, never a 4xx, and its message,
// which is logged, names the kind and the attributes, never their values.

// The log is read in the API's test; SILENT by default in tests (test/support/env.ts).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
});

const NAME = 'Birgitte Malformsen';
const REFERENCE = 'KK-MAL-0001';
const person = ParticipantInputSchema.parse({ reference: REFERENCE, name: NAME, email: 'birgitte@example.test', birthYear: 1980, targetGroup: 'academics' });

describe('items read back from the store', () => {
  it('come back as their type says: without the key attributes', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const enrolled = await enrolParticipant(ctx, pilot.id, person, { actor: consultant, track: 'course' });
    if (enrolled.outcome === 'already-enrolled') throw new Error('a fresh pilot has nobody');

    const [read, listed] = await Promise.all([getPilot(ctx, pilot.id), participantsOfPilot(ctx, pilot.id, {}, { limit: 10 })]);

    for (const item of [read, listed.items[0]!]) {
      for (const attribute of ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity']) expect(item).not.toHaveProperty(attribute);
    }
    expect(listed.items).toEqual([enrolled.participant]);
    expect(read).toMatchObject({ id: pilot.id, name: pilot.name, companies: { invited: 0, answered: 0, confirmedSlots: 0 } });
  });

  it('a malformed participant is a MalformedItemError naming the attributes, never the personal data', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const enrolled = await enrolParticipant(ctx, pilot.id, person, { actor: consultant, track: 'course' });
    if (enrolled.outcome === 'already-enrolled') throw new Error('a fresh pilot has nobody');
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.participant(pilot.id, enrolled.participant.id),
        UpdateExpression: 'SET #status = :status, enrolledAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'vanished', ':at': 20200201 },
      }),
    );

    const error = await getParticipant(ctx, pilot.id, enrolled.participant.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MalformedItemError);
    expect(error).not.toBeInstanceOf(DomainError);
    const malformed = error as MalformedItemError;
    expect(malformed.kind).toBe('participant');
    expect(malformed.faults).toEqual(['status (invalid_value)', 'enrolledAt (invalid_type)']);
    expect(malformed.message).toContain(`PILOT#${pilot.id}`);
    for (const value of [NAME, REFERENCE, 'birgitte@example.test', 'vanished', '20200201']) expect(malformed.message).not.toContain(value);
    // A list is read through the same schema: one malformed item fails the page, never passes as a participant.
    await expect(participantsOfPilot(ctx, pilot.id, {}, { limit: 10 })).rejects.toBeInstanceOf(MalformedItemError);
  });

  it('an item with attributes missing names each one', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    await ctx.db.send(new PutCommand({ TableName: ctx.tableName, Item: { ...key.pilot(pilot.id), entity: 'pilot', id: pilot.id, name: 'half a pilot' } }));

    const error = (await getPilot(ctx, pilot.id).catch((e: unknown) => e)) as MalformedItemError;

    expect(error).toBeInstanceOf(MalformedItemError);
    expect(error.kind).toBe('pilot');
    expect(error.faults).toEqual(expect.arrayContaining(['status (invalid_value)', 'capacity (invalid_type)', 'recruitment (invalid_type)']));
    expect(error.message).not.toContain('half a pilot');
  });
});

describe('a malformed item behind the API', () => {
  let api: TestApi;
  const logged: string[] = [];
  const writes = [process.stdout.write, process.stderr.write] as const;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    [process.stdout.write, process.stderr.write] = writes as unknown as [typeof process.stdout.write, typeof process.stdout.write];
    await api.close();
  });

  it('is a 500 that names the request, and the log names the item kind but not the participant', async () => {
    const pilotId = (await api.call('POST', '/pilots', { json: azure2020Body })).body.id as string;
    const enrolled = await api.call('POST', `/pilots/${pilotId}/participants`, {
      json: { reference: REFERENCE, name: NAME, birthYear: 1980, targetGroup: 'academics' },
    });
    expect(enrolled.status).toBe(201);
    const participantId = enrolled.body.participantId as string;
    await createDocumentClient().send(
      new UpdateCommand({
        TableName: api.tableName,
        Key: key.participant(pilotId, participantId),
        UpdateExpression: 'SET #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'vanished' },
      }),
    );
    const capture = (chunk: unknown) => (logged.push(String(chunk)), true);
    process.stdout.write = process.stderr.write = capture as typeof process.stdout.write;

    const res = await api.call('GET', `/pilots/${pilotId}/participants/${participantId}`);

    [process.stdout.write, process.stderr.write] = writes as unknown as [typeof process.stdout.write, typeof process.stdout.write];
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: 'internal' });
    const log = logged.join('');
    expect(log).toContain('MalformedItemError');
    expect(log).toContain('a stored participant item');
    for (const value of [NAME, REFERENCE, 'vanished']) expect(log).not.toContain(value);
  });
});
