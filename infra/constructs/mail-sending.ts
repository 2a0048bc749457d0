import { ArnFormat, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MailSendingProps {
  /** Names the configuration set and the topic: `pilot-orchestrator-<stage>`. */
  namePrefix: string;
  /** The From header of every e-mail, e.g. `Pilotprojekter <pilotprojekter@kk.dk>`. */
  from: string;
  /** The verified SES identity the From address sends as: its domain (`kk.dk`) or the address itself. */
  identity: string;
  /** Create the identity here; otherwise it is verified outside this stack (by the municipality's IT). */
  createIdentity: boolean;
  /** The site the e-mails link to. */
  publicUrl: string;
  removalPolicy: RemovalPolicy;
}

/** SES's feedback that needs a person: the message did not arrive, or arrives late, or was reported as spam. */
export const MAIL_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY] as const;

/** The address of a From header: `Name <a@b>` or a bare `a@b`. */
export const addressOf = (from: string): string => {
  const match = /^(?:[^<>]*<([^<>\s@]+@[^<>\s@]+)>|([^<>\s@]+@[^<>\s@]+))$/.exec(from.trim());
  const address = match?.[1] ?? match?.[2];
  if (!address) throw new Error(`mail From ${JSON.stringify(from)} is neither "Name <address>" nor an address`);
  return address;
};

/**
 * SES sends only from a verified identity: the address itself, or its domain
 * (which covers the domain's subdomains too). A From outside the identity
 * would synthesize, deploy, and then fail every e-mail, so it fails here.
 */
const assertCovers = (identity: string, address: string) => {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const id = identity.toLowerCase();
  if (address.toLowerCase() === id || domain === id || domain.endsWith(`.${id}`)) return;
  throw new Error(`the From address ${address} is not covered by the SES identity ${identity}`);
};

/**
 * The e-mail side of the stack: the SES configuration set every e-mail is
 * sent with, its bounce/complaint/reject/delay events on an encrypted SNS
 * topic (the alarms have one of their own, infra/constructs/alarms.ts),
 * optionally the identity, and what a function needs to send: `environment`
 * and `grantSend`.
 */
export class MailSending extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** SES events that need attention; subscribe whoever handles bounces and complaints. */
  readonly eventsTopic: Topic;
  readonly identity?: EmailIdentity;
  /** The ARNs SES authorizes a send against: the identity and the configuration set. */
  readonly sendingArns: readonly string[];
  /** MAIL_FROM, SES_CONFIGURATION_SET and PUBLIC_URL, as functions/services/mailing.ts and the AWS mailer read them. */
  readonly environment: Readonly<Record<'MAIL_FROM' | 'SES_CONFIGURATION_SET' | 'PUBLIC_URL', string>>;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    assertCovers(props.identity, addressOf(props.from));

    // Named, so that the key policy can name the topic without a reference
    // to it (the topic refers to the key: a reference back would be a cycle).
    const topicName = `${props.namePrefix}-mail-events`;
    const topicArn = stack.formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    // Bounce and complaint events name recipients (staff addresses): a key of
    // our own, so SES can be let in to this topic's messages and nothing else.
    const key = new Key(this, 'EventsKey', {
      description: `Encrypts the ${props.namePrefix} SES event topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    // SES publishes to an encrypted topic only if it may use the key. The
    // encryption context confines it to this topic; the topic policy
    // (added by the event destination) to this configuration set.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
      }),
    );
    this.eventsTopic = new Topic(this, 'Events', { topicName, masterKey: key, enforceSSL: true });

    const configurationSetName = props.namePrefix;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName,
      // The e-mails can carry personal data, and every recipient is a staff
      // mailbox whose server speaks TLS: never deliver in clear text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('Events', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [...MAIL_EVENTS],
    });

    // A municipality's IT department usually verifies its domain (DKIM in its
    // own DNS) outside this stack; the stack then only refers to it by name.
    if (props.createIdentity) {
      this.identity = new EmailIdentity(this, 'Identity', {
        identity: props.identity.includes('@') ? Identity.email(props.identity) : Identity.domain(props.identity),
        configurationSet: this.configurationSet,
      });
    }

    // By name, not by reference: the identity may live outside the stack.
    // SES authorizes against the identity it sends as, which is the address
    // when the address is verified on its own, else the domain.
    this.sendingArns = [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
    ];
    this.environment = {
      MAIL_FROM: props.from,
      SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      PUBLIC_URL: props.publicUrl,
    };
  }

  /** Sending through SES v2 (`SendEmail` with raw content), as the identity and with the configuration set only. */
  grantSend(fn: IFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [...this.sendingArns] }));
  }
}
