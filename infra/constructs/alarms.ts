import { ArnFormat, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../../functions/metrics.js';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag.js';

export interface OperationsAlarmsProps {
  /** Names the topic and every alarm: `pilot-orchestrator-<stage>`. */
  namePrefix: string;
  /** Who is told: an e-mail address subscribed to the topic (it must confirm the subscription). */
  email?: string;
  removalPolicy: RemovalPolicy;
}

/** Every alarm looks at 5-minute sums (or maxima) and fires on the first bad period. */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * What tells the municipality's operations that something needs a person:
 * one SNS topic (its own KMS key, TLS only, only this stack's alarms may
 * publish) and the alarms on it. The system is a handful of consultants'
 * tool, not a high-traffic service, so every alarm fires on a single
 * failure: a failed function, a failed execution, one message in a
 * dead-letter queue, one 5xx. Each alarm's description says what it means
 * and where to look.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.namePrefix = props.namePrefix;
    if (props.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) {
      throw new Error(`context "alarmEmail" must be one e-mail address; got ${JSON.stringify(props.email)}`);
    }

    // Named, so that the key policy can name the topic without a reference to
    // it (the topic refers to the key: a reference back would be a cycle).
    const topicName = `${props.namePrefix}-alarms`;
    const topicArn = stack.formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the ${props.namePrefix} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch publishes to an encrypted topic only if it may use the key;
    // the encryption context confines it to this topic's messages.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      topicName,
      displayName: `${props.namePrefix} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic policy replaces SNS's default one: CloudWatch may publish, for
    // this account's alarms of this stage only (confused-deputy protection).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${props.namePrefix}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.email) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.email));
      acknowledgeNag(subscription, {
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          "The subscriber is a person's mailbox. An alarm e-mail that cannot be delivered would land in a queue whose own alarm goes to the same mailbox; the alarms' state stays in the CloudWatch console whether or not the e-mail arrives.",
      });
    }
  }

  /**
   * A function failed (an unhandled error or its timeout) or was throttled.
   * One alarm per function, on errors + throttles by metric math: the alarm's
   * name says which function, which an aggregate over all functions could not
   * (and an alarm's metric math takes at most 10 metrics, fewer than the
   * functions). Errors an API handler turns into an answer (4xx, the 500
   * "internal" of an unexpected exception, the 503 "busy") are not Lambda
   * errors: the API's 5xx alarm sees those.
   */
  functionFails(name: string, fn: IFunction, what: string): Alarm {
    const errors = fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' });
    const throttles = fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' });
    return this.add(`Function-${name}`, {
      metric: new MathExpression({
        expression: 'FILL(errors, 0) + FILL(throttles, 0)',
        usingMetrics: { errors, throttles },
        period: ALARM_PERIOD,
        label: `${name}: errors + throttles`,
      }),
      description:
        `${what} (function ${name}) failed with an unhandled error or a timeout, or was throttled. ` +
        'See its logs (Lambda console, the function, Monitor, View CloudWatch logs) and its Errors and Throttles metrics. ' +
        "Throttles mean the account's Lambda concurrency is exhausted.",
    });
  }

  /** A pilot's workflow ended in failure, was aborted or timed out: the pilot no longer moves on by itself. */
  executionsFail(stateMachine: IStateMachine): Alarm {
    const failed = stateMachine.metricFailed({ period: ALARM_PERIOD, statistic: 'Sum' });
    const aborted = stateMachine.metricAborted({ period: ALARM_PERIOD, statistic: 'Sum' });
    const timedOut = stateMachine.metricTimedOut({ period: ALARM_PERIOD, statistic: 'Sum' });
    return this.add('Lifecycle-executions-failed', {
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(aborted, 0) + FILL(timedOut, 0)',
        usingMetrics: { failed, aborted, timedOut },
        period: ALARM_PERIOD,
        label: 'lifecycle executions failed, aborted or timed out',
      }),
      description:
        "A pilot's lifecycle execution failed, was aborted or timed out: that pilot's deadlines no longer move it on. " +
        'Find the execution (named by the pilot id) in the Step Functions console; its history shows the failed state. ' +
        'README, "Deploy to AWS", "A failed or parked pilot": retry it, or redrive the execution within 14 days.',
    });
  }

  /** The hourly operations check found a pilot whose wait is more than 6 hours past its deadline. */
  stuckPilots(): Alarm {
    return this.add('Stuck-pilots', {
      metric: productMetric('StuckPilots', { period: Duration.hours(1), statistic: 'Maximum' }),
      description:
        "A running pilot's wait is more than 6 hours past its deadline and nothing woke it (a lost wake-up, a failed execution). " +
        "GET /pilots?risk=stuck lists them (the risk says what it waits for and since when); the pilot's audit has pilot.stuck. " +
        'README, "Deploy to AWS", "A failed or parked pilot".',
    });
  }

  /** The mail service refused e-mails (retried later), or one was given up after its last retry. */
  mailFailures(): Alarm {
    const failed = productMetric('MailFailed', { period: ALARM_PERIOD, statistic: 'Sum' });
    const abandoned = productMetric('MailAbandoned', { period: ALARM_PERIOD, statistic: 'Sum' });
    return this.add('Mail-failures', {
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(abandoned, 0)',
        usingMetrics: { failed, abandoned },
        period: ALARM_PERIOD,
        label: 'e-mails refused or given up',
      }),
      description:
        'SES refused an e-mail (the sandbox: an unverified recipient; the sending rate; a bad address; the account paused). ' +
        'It is retried for about 3 days, then given up; the pilot shows the risk mail-failed (GET /pilots?risk=mail-failed) and its audit mail.failed with the reason. ' +
        'In the sandbox, ask for production access (README, "E-mail: SES identity and the sandbox").',
    });
  }

  /**
   * SES's account-wide bounce or complaint rate nears the level at which
   * AWS reviews the account (bounces 5 %, complaints 0.1 %); at 10 % and
   * 0.5 % it may pause sending.
   */
  sesReputation(): Alarm[] {
    const rate = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    return [
      this.add('Ses-bounce-rate', {
        metric: rate('Reputation.BounceRate'),
        threshold: 0.05,
        description:
          "SES's bounce rate for this account is 5 % or more: AWS reviews the account at 5 % and may pause its sending at 10 %. " +
          'The bounces are on the MailEventsTopicArn topic: remove the addresses that bounce (pilot management lists, consultants, companies).',
      }),
      this.add('Ses-complaint-rate', {
        metric: rate('Reputation.ComplaintRate'),
        threshold: 0.001,
        description:
          "SES's complaint rate for this account is 0.1 % or more: AWS reviews the account at 0.1 % and may pause its sending at 0.5 %. " +
          'The complaints are on the MailEventsTopicArn topic: find who marked a notice as spam and why.',
      }),
    ];
  }

  /** A dead-letter queue (or on-failure destination) holds a message: something was given up on. */
  queueHolds(name: string, queue: IQueue, what: string): Alarm {
    return this.add(`Queue-${name}`, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      description: `${what} Read the messages in the SQS console; the alarm clears when the queue is empty.`,
    });
  }

  /** The API answered 5xx: an internal error (500), a crash or timeout (502/503/504), or contention it gave up on (503). */
  apiServerErrors(api: IHttpApi): Alarm {
    return this.add('Api-5xx', {
      metric: api.metricServerError({ period: ALARM_PERIOD, statistic: 'Sum' }),
      description:
        'The HTTP API answered with 5xx. A 500 names its request id in the body; find it in the API access logs and the function logs. ' +
        'A few 503s ("busy") can come from a burst of concurrent changes to one pilot.',
    });
  }

  private add(name: string, props: { metric: IMetric; description: string; threshold?: number }): Alarm {
    const alarm = new Alarm(this, name, {
      alarmName: `${this.namePrefix}-${name.toLowerCase()}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No data is no failure: an idle night has no invocations at all.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    // Also "it is over", so a transient failure does not leave the recipient guessing.
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}

/** One of the product's own metrics (functions/metrics.ts), its total over every dimension value. */
export const productMetric = (name: MetricName, props: { period: Duration; statistic: string; label?: string }): Metric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: METRICS_SERVICE }, ...props });
