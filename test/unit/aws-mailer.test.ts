import { MessageRejected, SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { awsMailer } from '../../functions/adapters/aws/mailer.js';
import { MailRefusedError } from '../../functions/ports/mailer.js';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const mail = { from: 'Pilot <p@kk.test>', to: ['a@kk.test'], raw: Buffer.from('x'), messageId: '<m@x>', label: 'outcome-da' };

describe('awsMailer', () => {
  it('sends the raw message and returns SES’s message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await awsMailer().send(mail)).toEqual({ providerMessageId: 'ses-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Destination).toEqual({ ToAddresses: ['a@kk.test'] });
  });

  it.each([
    ['the sandbox’s unverified recipient', new MessageRejected({ message: 'Email address is not verified: a@kk.test', $metadata: {} }), 'rejected'],
    ['the sending rate', new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }), 'throttled'],
    ['a network failure', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }), 'unavailable'],
  ])('translates %s into a MailRefusedError with its reason, the SDK error kept as cause', async (_what, error, reason) => {
    ses.on(SendEmailCommand).rejects(error);
    const refused = await awsMailer().send(mail).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MailRefusedError);
    expect(refused).toMatchObject({ reason, cause: error });
    // The refusal's own message names no recipient.
    expect((refused as Error).message).not.toContain('@');
  });
});
