import { readdirSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyInputSchema } from '../../functions/domain/company.js';
import { registerCompany } from '../../functions/services/companies.js';
import { sendInvitations } from '../../functions/services/match-event/invitations.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { getInvitation, putInvitation } from '../../functions/store/invitations.js';
import { createPilot } from '../../functions/store/pilots.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { companyBody } from '../support/companies.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

// A company's invitation is an e-mail and a mark on the invitation (sent for
// this deadline, and when), which the reminders go by. A crash between the
// two left the e-mail sent and the mark missing: the repeat found the e-mail
// sent, sent nothing, and did not mark it, so the company was never reminded.

let runtime: LocalRuntime;
let store: ServiceContext;
let outboxDir: string;
beforeAll(async () => {
  ({ runtime, store, outboxDir } = await startWorkflowRuntime('2020-12-01T08:00:00.000Z'));
});
afterAll(() => runtime.stop());

/** The store, but the process dies (this call throws) at the first write to an invitation: after its e-mail went. */
const dyingAtTheMark = (): ServiceContext => {
  const send = (async (command: unknown) => {
    if (command instanceof TransactWriteCommand && JSON.stringify(command.input.TransactItems).includes('"INVITE#')) throw new Error('killed');
    return store.db.send(command as TransactWriteCommand);
  }) as DynamoDBDocumentClient['send'];
  return { ...store, db: { send } as DynamoDBDocumentClient };
};

describe('an invitation cut off between its e-mail and its mark', () => {
  it('is marked by the repeat, without a second e-mail, so its reminders go by it', async () => {
    // Prepare: a pilot with one invited company; the run sending the invitation dies right after the e-mail.
    const pilot = await createPilot(store, pilotInput(), consultant);
    const { company } = await registerCompany(store, CompanyInputSchema.parse(companyBody(731)));
    await putInvitation(store, pilot, company, 4, consultant);
    const invitations = () => readdirSync(outboxDir).filter((f) => f.includes('-company-invitation-'));
    await expect(sendInvitations(dyingAtTheMark(), pilot.id)).rejects.toThrow('killed');
    expect(invitations()).toHaveLength(1);
    expect((await getInvitation(store, pilot.id, company.id))?.invitationSentFor).toBeUndefined();

    // Act: the step runs again.
    const again = await sendInvitations(store, pilot.id);

    // Assess: nothing sent twice; the invitation is marked for the deadline, and nothing is left pending.
    expect(again).toEqual({ sent: 0, more: false });
    expect(invitations()).toHaveLength(1);
    expect((await getInvitation(store, pilot.id, company.id))?.invitationSentFor).toBe('2021-01-08');
    expect(await sendInvitations(store, pilot.id)).toEqual({ sent: 0, more: false });
  });
});
