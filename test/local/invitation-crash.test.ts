import { readdirSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyInputSchema } from '../../functions/domain/company.js';
import { registerCompany } from '../../functions/services/companies.js';
import { sendInvitations } from '../../functions/services/match-event/invitations.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { getInvitation, putInvitation } from '../../functions/store/invitations.js';
import { mailRecordKey, mailSent } from '../../functions/store/mails.js';
import { MailInFlightError } from '../../functions/domain/errors.js';
import { createPilot } from '../../functions/store/pilots.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { companyBody } from '../support/companies.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

// A company's invitation is an e-mail and a mark on the invitation (sent for
// this deadline, and when), which the reminders go by. The mark is written in
// the same transaction as the e-mail's record, so a crash cannot leave the
// one without the other. A run before they went together could be cut off
// between them: the e-mail recorded sent and the mark missing. The repeat
// must mark it without a second e-mail, or the company is never reminded.

let runtime: LocalRuntime;
let store: ServiceContext;
let outboxDir: string;
beforeAll(async () => {
  ({ runtime, store, outboxDir } = await startWorkflowRuntime('2020-12-01T08:00:00.000Z'));
});
afterAll(() => runtime.stop());

const namesInvitation = (command: unknown): command is TransactWriteCommand =>
  command instanceof TransactWriteCommand && JSON.stringify(command.input.TransactItems).includes('"INVITE#');

/** The store, but the process dies (this call throws, writing nothing) at the first write to an invitation: after its e-mail went. */
const dyingAtTheMark = (): ServiceContext => {
  const send = (async (command: unknown) => {
    if (namesInvitation(command)) throw new Error('killed');
    return store.db.send(command as TransactWriteCommand);
  }) as DynamoDBDocumentClient['send'];
  return { ...store, db: { send } as DynamoDBDocumentClient };
};

/** As a run before the record and the mark went together: the record is written without the mark, and then the process dies. */
const recordingWithoutTheMark = (): ServiceContext => {
  const send = (async (command: unknown) => {
    if (!namesInvitation(command)) return store.db.send(command as TransactWriteCommand);
    const items = (command.input.TransactItems ?? []).filter((item) => !JSON.stringify(item).includes('"INVITE#'));
    await store.db.send(new TransactWriteCommand({ TransactItems: items }));
    throw new Error('killed');
  }) as DynamoDBDocumentClient['send'];
  return { ...store, db: { send } as DynamoDBDocumentClient };
};

const invitedCompany = async (no: number) => {
  const pilot = await createPilot(store, pilotInput(), consultant);
  const { company } = await registerCompany(store, CompanyInputSchema.parse(companyBody(no)));
  await putInvitation(store, pilot, company, 4, consultant);
  return { pilot, company };
};

describe('an invitation cut off between its e-mail and its mark', () => {
  it('is recorded and marked together or not at all: cut off at the record, the e-mail is in flight and nothing is marked', async () => {
    const { pilot, company } = await invitedCompany(732);
    const before = readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-')).length;
    await expect(sendInvitations(dyingAtTheMark(), pilot.id)).rejects.toThrow('killed');
    expect(readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-'))).toHaveLength(before + 1);

    // Neither written: the record is still the sender's claim, the invitation unmarked. The repeat within the
    // claim's lease sends nothing and is told to come again (the step's retry), never that it is done.
    expect((await getInvitation(store, pilot.id, company.id))?.invitationSentFor).toBeUndefined();
    expect(await mailSent(store, mailRecordKey(pilot.id, `company#${company.id}#invitation#2021-01-08`, company.language))).toBe(false);
    await expect(sendInvitations(store, pilot.id)).rejects.toThrow(MailInFlightError);
    expect(readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-'))).toHaveLength(before + 1);
    expect((await getInvitation(store, pilot.id, company.id))?.invitationSentFor).toBeUndefined();
  });

  it('recorded sent without its mark (by a run before they went together), is marked by the repeat, without a second e-mail', async () => {
    // Prepare: a pilot with one invited company; the run sending the invitation records it and dies before the mark.
    const { pilot, company } = await invitedCompany(731);
    const before = readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-')).length;
    await expect(sendInvitations(recordingWithoutTheMark(), pilot.id)).rejects.toThrow('killed');
    expect(readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-'))).toHaveLength(before + 1);
    expect((await getInvitation(store, pilot.id, company.id))?.invitationSentFor).toBeUndefined();
    expect(await mailSent(store, mailRecordKey(pilot.id, `company#${company.id}#invitation#2021-01-08`, company.language))).toBe(true);

    // Act: the step runs again.
    const again = await sendInvitations(store, pilot.id);

    // Assess: nothing sent twice; the invitation is marked for the deadline, and nothing is left pending.
    expect(again).toEqual({ sent: 0, more: false });
    expect(readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-'))).toHaveLength(before + 1);
    expect((await getInvitation(store, pilot.id, company.id))?.invitationSentFor).toBe('2021-01-08');
    expect(await sendInvitations(store, pilot.id)).toEqual({ sent: 0, more: false });
  });
});
