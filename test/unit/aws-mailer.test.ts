import { MessageRejected, SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { awsMailer } from '../../functions/adapters/aws/mailer.js';
import { MailRefusedError } from '../../functions/ports/mailer.js';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const mail = {
  from: 'Pilot <p@kk.test>',
  to: ['a@kk.test'],
  subject: 'Resultat: Azure – fortsæt',
  html: '<p>Beskæftigelse 40 %</p>',
  text: 'Beskæftigelse 40 %',
  attachments: [] as { filename: string; content: Buffer; contentType: string }[],
  messageId: '<m@x>',
  date: new Date('2021-03-01T08:00:00Z'),
  label: 'outcome-da',
};

describe('awsMailer', () => {
  it('sends SES v2 simple content (UTF-8 subject, text and HTML) and returns SES’s message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await awsMailer().send(mail)).toEqual({ providerMessageId: 'ses-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ['a@kk.test'] });
    expect(input.FromEmailAddress).toBe('Pilot <p@kk.test>');
    expect(input.Content?.Raw).toBeUndefined();
    expect(input.Content?.Simple).toEqual({
      Subject: { Data: 'Resultat: Azure – fortsæt', Charset: 'UTF-8' },
      Body: { Text: { Data: 'Beskæftigelse 40 %', Charset: 'UTF-8' }, Html: { Data: '<p>Beskæftigelse 40 %</p>', Charset: 'UTF-8' } },
    });
  });

  it('carries attachments in the simple content, bytes and type as given (the calendar file, the outcome CSV)', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    const ics = Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'utf8');
    const csv = Buffer.from('\ufeffdeltager;status\r\n', 'utf8');
    await awsMailer().send({
      ...mail,
      attachments: [
        { filename: 'matcharrangement.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
        { filename: 'resultat.csv', content: csv, contentType: 'text/csv; charset=utf-8' },
      ],
    });
    const attachments = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content?.Simple?.Attachments;
    expect(attachments).toHaveLength(2);
    expect(attachments![0]).toMatchObject({
      FileName: 'matcharrangement.ics',
      ContentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      ContentDisposition: 'ATTACHMENT',
    });
    expect(Buffer.from(attachments![0]!.RawContent!).equals(ics)).toBe(true);
    expect(Buffer.from(attachments![1]!.RawContent!).equals(csv)).toBe(true);
  });

  it('passes the configuration set when the stack names one', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-3' });
    process.env.SES_CONFIGURATION_SET = 'pilot-mail';
    try {
      await awsMailer().send(mail);
    } finally {
      delete process.env.SES_CONFIGURATION_SET;
    }
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.ConfigurationSetName).toBe('pilot-mail');
  });

  it.each([
    ['the sandbox’s unverified recipient', new MessageRejected({ message: 'Email address is not verified: a@kk.test', $metadata: {} }), 'rejected'],
    ['the sending rate', new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }), 'throttled'],
    ['a network failure', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }), 'unavailable'],
  ])('translates %s into a MailRefusedError with its reason, the SDK error kept as cause', async (_what, error, reason) => {
    ses.on(SendEmailCommand).rejects(error);
    const refused = await awsMailer()
      .send(mail)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MailRefusedError);
    expect(refused).toMatchObject({ reason, cause: error });
    // The refusal's own message names no recipient.
    expect((refused as Error).message).not.toContain('@');
  });
});
