import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { auditEntriesAbout, auditTrailOfPilot } from '../../functions/store/audit.js';
import {
  changeParticipantStatus,
  changeParticipantStatuses,
  enrolParticipant,
  enrolRows,
  participantsOfPilot,
  reserveOrderNumbers,
} from '../../functions/store/participants.js';
import { createPilot } from '../../functions/store/pilots.js';
import { allItems } from '../../functions/store/pagination.js';
import { index, key, TABLE_DEFINITION } from '../../functions/store/table.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureTable } from '../../infra/local/table-setup.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';

// What a participant's writes put in the table and its indexes
// (functions/store/table.ts): the enrolment order in a keys-only index on the
// participant's own pilotId and orderKey, read back as keys then items; the
// waiting list's keys only while waitlisted; one audit entry for an enrolled
// chunk, which the subject access export still shows the person.

const person = (n: number) => ParticipantInputSchema.parse({ reference: `KK-W-${n}`, name: `Deltager ${n}`, birthYear: 1980, targetGroup: 'academics' });

describe("a participant's writes", () => {
  it('an enrolled chunk has one audit entry naming each row; the export shows a person their own row of it', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput({ capacity: 3, minimumCohort: 1 }), consultant);
    const first = await reserveOrderNumbers(ctx, pilot.id, 5);
    const outcomes = await enrolRows(
      ctx,
      pilot.id,
      [0, 1, 2, 3, 4].map((n) => ({ input: person(n), track: 'course' as const, order: first + n })),
      consultant,
    );
    const ids = outcomes.map((o) => (o.outcome === 'already-enrolled' ? o.participantId : o.participant.id));
    const trail = (await auditTrailOfPilot(ctx, pilot.id, { limit: 100 })).items.filter((e) => e.action === 'participant.enrolled');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      participantIds: ids,
      details: { enrolled: ids.map((participantId, i) => ({ participantId, status: i < 3 ? 'enrolled' : 'waitlisted' })) },
    });

    const about = await auditEntriesAbout(ctx, pilot.id, ids[4]!);
    expect(about).toEqual([
      expect.objectContaining({
        action: 'participant.enrolled',
        participantId: ids[4],
        participantIds: [ids[4]],
        details: { enrolled: [{ participantId: ids[4], status: 'waitlisted' }] },
      }),
    ]);
  });

  it('a participant is in the enrolment-order index by its own attributes, and in the waiting list only while waitlisted', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput({ capacity: 1, minimumCohort: 1 }), consultant);
    const first = await enrolParticipant(ctx, pilot.id, person(1), { actor: consultant, track: 'course' });
    const second = await enrolParticipant(ctx, pilot.id, person(2), { actor: consultant, track: 'course' });
    if (first.outcome !== 'enrolled' || second.outcome !== 'waitlisted') throw new Error(`unexpected ${first.outcome} ${second.outcome}`);
    const raw = async (id: string) =>
      (await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.participant(pilot.id, id), ConsistentRead: true }))).Item!;

    const waiting = await raw(second.participant.id);
    expect(waiting).not.toHaveProperty('GSI1PK');
    expect(waiting).toMatchObject({ pilotId: pilot.id, orderKey: second.participant.orderKey, GSI2PK: index.waitingList.value(pilot.id) });

    // The place freed goes to the head of the list: an update of what changed, the waiting list's keys removed.
    await changeParticipantStatus(ctx, pilot.id, first.participant.id, { status: 'dropped-out', reason: 'found-job' }, consultant);
    const promoted = await raw(second.participant.id);
    expect(promoted).toMatchObject({ status: 'enrolled', name: 'Deltager 2', reference: 'KK-W-2', enrolledAt: waiting.enrolledAt });
    expect(promoted).not.toHaveProperty('GSI2PK');
    expect(promoted).not.toHaveProperty('GSI2SK');
  });

  it('lists by status a page at a time, in enrolment order, from the keys-only index and the items', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput({ capacity: 20, minimumCohort: 1 }), consultant);
    const first = await reserveOrderNumbers(ctx, pilot.id, 9);
    const outcomes = await enrolRows(
      ctx,
      pilot.id,
      Array.from({ length: 9 }, (_, n) => ({ input: person(n), track: 'course' as const, order: first + n })),
      consultant,
    );
    const ids = outcomes.map((o) => (o.outcome === 'enrolled' ? o.participant.id : ''));
    const started = ids.filter((_, i) => i % 3 !== 1);
    const results = await changeParticipantStatuses(
      ctx,
      pilot.id,
      started.map((participantId) => ({ participantId, patch: { status: 'started' as const } })),
      consultant,
    );
    expect(results.every((r) => r.outcome === 'changed')).toBe(true);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await participantsOfPilot(ctx, pilot.id, { status: 'started' }, { limit: 2, cursor });
      pages.push(page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.flat()).toEqual(started);
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect((await participantsOfPilot(ctx, pilot.id, { status: 'enrolled' }, { limit: 100 })).items.map((p) => p.id)).toEqual(
      ids.filter((_, i) => i % 3 === 1),
    );
    expect((await allItems((page) => participantsOfPilot(ctx, pilot.id, {}, page), 4)).map((p) => p.id)).toEqual(ids);
  });

  it('a table from before the enrolment-order index gets it, filled from the participants already there', async () => {
    // A DynamoDB Local of its own: in the run's shared one, busy with every other test file's
    // tables, the new index once stayed CREATING for over 70 s (4 s on a quiet emulator).
    const dynamo = await startDynamoDbLocal();
    onTestFinished(() => dynamo.stop());
    const tableName = `test-${randomUUID()}`;
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
    const old = TABLE_DEFINITION.globalIndexes.filter((g) => g.name !== index.enrolmentOrder.name);
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['PK', 'SK', ...old.flatMap((g) => [g.partitionKey, g.sortKey])].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: old.map((g) => ({
          IndexName: g.name,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' },
            { AttributeName: g.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    const ctx = { ...(await freshStore()), db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), tableName };
    const pilot = await createPilot(ctx, pilotInput({ capacity: 5, minimumCohort: 1 }), consultant);
    // A participant as an earlier version wrote it: in GSI1 under the pilot's enrolment partition.
    const participant = {
      pilotId: pilot.id,
      id: randomUUID(),
      reference: 'KK-OLD',
      name: 'Deltager',
      birthYear: 1980,
      targetGroup: 'academics',
      language: 'da',
      status: 'enrolled',
      orderKey: 'seq-000000000001',
      enrolledAt: '2020-02-01T08:00:00.000Z',
      updatedAt: '2020-02-01T08:00:00.000Z',
    };
    await ctx.db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...key.participant(pilot.id, participant.id),
          entity: 'participant',
          GSI1PK: `PILOT#${pilot.id}#ENROLMENT`,
          GSI1SK: participant.orderKey,
          ...participant,
        },
      }),
    );

    expect(await ensureTable(client, tableName)).toBe(false);
    expect((await participantsOfPilot(ctx, pilot.id, {}, { limit: 10 })).items).toEqual([participant]);
  }, 120_000);
});
