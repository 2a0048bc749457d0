import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { subjectAccessExport } from '../../functions/services/subject-access.js';
import { MalformedItemError } from '../../functions/store/items.js';
import { settleMailFailure } from '../../functions/store/mails.js';
import { enrolParticipant } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { subjectRecordsByReference } from '../../functions/store/subjects.js';
import { index, key } from '../../functions/store/table.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';

// The reads that are not a Get or a list of one kind: a Query over the case
// reference index (reference guards and erasure markers together), the
// attributes an update returns, and the subject access export built on them.
// Each item is parsed by its schema like every other (functions/store/items.ts).

const REFERENCE = 'KK-READ-0001';
const person = ParticipantInputSchema.parse({ reference: REFERENCE, name: 'Rikke Læsemand', birthYear: 1984, targetGroup: 'academics' });
const everyone = () => undefined;

const enrolled = async () => {
  const ctx = await freshStore();
  const pilot = await createPilot(ctx, pilotInput(), consultant);
  const result = await enrolParticipant(ctx, pilot.id, person, { actor: consultant, track: 'course' });
  if (result.outcome === 'already-enrolled') throw new Error('a fresh pilot has nobody');
  return { ctx, pilot, participantId: result.participant.id };
};

describe('the subject access export', () => {
  it('leaves out a participant who is no longer there (the data expired before its reference guard), and lists the pilot', async () => {
    const { ctx, pilot, participantId } = await enrolled();
    await ctx.db.send(new DeleteCommand({ TableName: ctx.tableName, Key: key.participant(pilot.id, participantId) }));

    const exported = await subjectAccessExport(ctx, REFERENCE, everyone);

    expect(exported.pilots).toHaveLength(1);
    expect(exported.pilots[0]).toMatchObject({ pilot: { id: pilot.id }, participantId });
    expect(exported.pilots[0]!.participant).toBeUndefined();
  });

  it('fails on a malformed participant (a 500, not an export without them), naming no value', async () => {
    const { ctx, pilot, participantId } = await enrolled();
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.participant(pilot.id, participantId),
        UpdateExpression: 'SET birthYear = :year',
        ExpressionAttributeValues: { ':year': 'nineteen eighty-four' },
      }),
    );

    const error = await subjectAccessExport(ctx, REFERENCE, everyone).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MalformedItemError);
    expect(error).not.toBeInstanceOf(DomainError); // the API's error mapping answers anything but a DomainError with 500
    expect((error as MalformedItemError).kind).toBe('participant');
    expect((error as MalformedItemError).message).not.toContain('nineteen');
  });

  it('surfaces a failed read of the participant instead of leaving them out', async () => {
    const { ctx } = await enrolled();
    const failing = {
      ...ctx,
      db: {
        send: (async (command: unknown) => {
          if (command instanceof GetCommand && String(command.input.Key?.SK).startsWith('PARTICIPANT#')) throw new Error('the table is unreachable');
          return ctx.db.send(command as never);
        }) as typeof ctx.db.send,
      } as typeof ctx.db,
    };

    await expect(subjectAccessExport(failing, REFERENCE, everyone)).rejects.toThrow('the table is unreachable');
  });
});

describe('the items under a case reference', () => {
  it('are parsed: a reference guard whose index key names no participant is a MalformedItemError of its kind', async () => {
    const { ctx, pilot } = await enrolled();
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...key.reference(pilot.id, 'KK-READ-0002'),
          entity: 'reference',
          participantId: 'p-2',
          [index.caseReference.pk]: index.caseReference.value('KK-READ-0002'),
          [index.caseReference.sk]: pilot.id,
        },
      }),
    );

    const error = (await subjectRecordsByReference(ctx, 'KK-READ-0002').catch((e: unknown) => e)) as MalformedItemError;

    expect(error).toBeInstanceOf(MalformedItemError);
    expect(error.kind).toBe('reference');
    expect(error.faults).toEqual([`${index.caseReference.sk} (invalid_format)`]);
    expect(error.message).not.toContain('KK-READ-0002');
  });

  it('are parsed: an erasure marker without who erased is a MalformedItemError of its kind', async () => {
    const { ctx, pilot } = await enrolled();
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: {
          ...key.erasure(pilot.id, 'p-3'),
          entity: 'erasure',
          erasedAt: '2020-02-01T08:00:00.000Z',
          [index.caseReference.pk]: index.caseReference.value('KK-READ-0003'),
          [index.caseReference.sk]: `${pilot.id}#p-3`,
        },
      }),
    );

    const error = (await subjectRecordsByReference(ctx, 'KK-READ-0003').catch((e: unknown) => e)) as MalformedItemError;

    expect(error).toBeInstanceOf(MalformedItemError);
    expect(error.kind).toBe('erasure');
    expect(error.faults).toEqual(['erasedBy (invalid_type)']);
  });

  it('read back whole: the guard and the marker name their pilot and participant', async () => {
    const { ctx, pilot, participantId } = await enrolled();

    expect(await subjectRecordsByReference(ctx, REFERENCE)).toEqual([{ pilotId: pilot.id, participantId }]);
  });
});

describe('the count a settled mail failure returns', () => {
  it('takes the risk away with the last failure, read through its schema', async () => {
    const { ctx, pilot } = await enrolled();
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.pilot(pilot.id),
        UpdateExpression: 'SET mailFailures = :two, risks = :risks',
        ExpressionAttributeValues: {
          ':two': 2,
          ':risks': { 'mail-failed': { at: '2020-02-01T08:00:00.000Z', details: { kind: 'voucher', reason: 'throttled' } } },
        },
      }),
    );

    await settleMailFailure(ctx, pilot.id);
    expect((await getPilot(ctx, pilot.id)).risks).toHaveProperty('mail-failed');
    await settleMailFailure(ctx, pilot.id);
    await settleMailFailure(ctx, pilot.id); // none left: nothing to settle

    const settled = await getPilot(ctx, pilot.id);
    expect(settled.risks ?? {}).not.toHaveProperty('mail-failed');
    expect(settled.mailFailures).toBe(0);
  });
});
