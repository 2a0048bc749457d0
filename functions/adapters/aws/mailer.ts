import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { MailRefusedError, type Mailer, type MailRefusal } from '../../ports/mailer.js';
import { traced } from '../../tracing.js';

let client: SESv2Client | undefined;
// Loaded on first send, not with the module: most functions bundle this adapter
// (through the ports) but never send, and the SDK client costs ~50 ms of every
// cold start to load (npm run bench, cold start).
let sdk: Promise<typeof import('@aws-sdk/client-sesv2')> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-sesv2'));

/**
 * SES v2 with simple content: subject, text and HTML bodies, attachments
 * (the match schedule's calendar file, the outcome's CSV); SES composes the
 * MIME, so no composer is bundled with a function. The configuration set
 * (bounce and complaint events) comes from SES_CONFIGURATION_SET; the
 * sending identity is the message's From, configured as MAIL_FROM.
 */
export const awsMailer = (): Mailer => {
  const configurationSet = process.env.SES_CONFIGURATION_SET;
  return {
    async send(mail) {
      const ses = await loadSdk();
      const { SESv2Client, SendEmailCommand } = ses;
      client ??= traced(new SESv2Client({}));
      try {
        const result = await client.send(
          new SendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: mail.to },
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
                ...(mail.attachments.length
                  ? {
                      Attachments: mail.attachments.map((a) => ({
                        FileName: a.filename,
                        ContentType: a.contentType,
                        ContentDisposition: 'ATTACHMENT' as const,
                        RawContent: new Uint8Array(a.content),
                      })),
                    }
                  : {}),
              },
            },
            ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          }),
        );
        return { providerMessageId: result.MessageId ?? mail.messageId };
      } catch (error) {
        throw new MailRefusedError(refusalOf(ses, error), { cause: error });
      }
    },
  };
};

/** SES v2's exceptions of SendEmail, by what an operator does about them; anything else (a network failure) is `unavailable`. */
const refusalOf = (ses: typeof import('@aws-sdk/client-sesv2'), error: unknown): MailRefusal => {
  // The sandbox's unverified recipient, or content SES will not send.
  if (error instanceof ses.MessageRejected) return 'rejected';
  // The sending rate or the daily quota.
  if (error instanceof ses.TooManyRequestsException || error instanceof ses.LimitExceededException) return 'throttled';
  if (error instanceof ses.BadRequestException) return 'bad-address';
  if (error instanceof ses.MailFromDomainNotVerifiedException || error instanceof ses.NotFoundException) return 'not-verified';
  if (error instanceof ses.SendingPausedException || error instanceof ses.AccountSuspendedException) return 'paused';
  return 'unavailable';
};
