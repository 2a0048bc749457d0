import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AlarmStatusWidget, Dashboard, GraphWidget, MathExpression, Metric, TextWidget, type Alarm, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricName } from '../../functions/metrics.js';
import { productMetric } from './alarms.js';

export interface OperationsDashboardProps {
  namePrefix: string;
  api: IHttpApi;
  stateMachine: IStateMachine;
  alarms: Alarm[];
}

const HOUR = Duration.hours(1);

/**
 * The operators' one page (CloudWatch, "Dashboards", `<prefix>`): the
 * pilots by phase and the stuck ones, the workflow's executions and step
 * failures, the companies' webhook answers, the e-mails, the API's 5xx and
 * latency, and every alarm's state. The product's metrics are EMF lines of
 * the functions' logs (functions/metrics.ts); each broken-down graph is a
 * SEARCH over one metric's dimension, so a new phase, status or kind shows
 * without a change here.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const byDimension = (name: MetricName, dimensions: string[], statistic: 'Sum' | 'Maximum', label: string): IMetric =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimensions.join(',')}} MetricName="${name}"', '${statistic}', ${HOUR.toSeconds()})`,
        usingMetrics: {},
        period: HOUR,
        label,
      });
    const total = (name: MetricName, label: string, statistic: 'Sum' | 'Maximum' = 'Sum') => productMetric(name, { period: HOUR, statistic, label });
    const execution = (metricName: string, label: string) =>
      new Metric({
        namespace: 'AWS/States',
        metricName,
        dimensionsMap: { StateMachineArn: props.stateMachine.stateMachineArn },
        period: HOUR,
        statistic: 'Sum',
        label,
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.namePrefix,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          `# ${props.namePrefix}\n` +
          'Pilots and their health. A stuck pilot or a failed step: `GET /pilots?risk=stuck`, `GET /pilots?risk=step-failed`; ' +
          'the runbook is in the README ("Deploy to AWS", "A failed or parked pilot").',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Pilots by phase (hourly)', left: [byDimension('PilotsByPhase', ['phase'], 'Maximum', '')], stacked: true, width: 12 }),
      new GraphWidget({ title: 'Stuck pilots (a wait 6 h past its deadline)', left: [total('StuckPilots', 'stuck', 'Maximum')], width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Lifecycle executions',
        left: [
          execution('ExecutionsStarted', 'started'),
          execution('ExecutionsSucceeded', 'succeeded'),
          execution('ExecutionsFailed', 'failed'),
          execution('ExecutionsAborted', 'aborted'),
          execution('ExecutionsTimedOut', 'timed out'),
        ],
        width: 12,
      }),
      new GraphWidget({ title: 'Step failures, by step', left: [byDimension('StepFailures', ['step'], 'Sum', '')], width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Company webhook answers, by status and reason',
        left: [byDimension('WebhookAnswers', ['status', 'reason'], 'Sum', '')],
        width: 12,
      }),
      new GraphWidget({ title: 'E-mail link answers, by status and reason', left: [byDimension('LinkAnswers', ['status', 'reason'], 'Sum', '')], width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'E-mails',
        left: [total('MailSent', 'sent'), total('MailFailed', 'refused (retried)'), total('MailAbandoned', 'given up')],
        width: 12,
      }),
      new GraphWidget({ title: 'E-mails sent, by kind', left: [byDimension('MailSent', ['kind'], 'Sum', '')], stacked: true, width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API: 5xx and 4xx',
        left: [
          props.api.metricServerError({ period: HOUR, statistic: 'Sum', label: '5xx' }),
          props.api.metricClientError({ period: HOUR, statistic: 'Sum', label: '4xx' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency',
        left: [
          props.api.metricLatency({ period: HOUR, statistic: 'p50', label: 'p50' }),
          props.api.metricLatency({ period: HOUR, statistic: 'p99', label: 'p99' }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Resumes, by cause', left: [byDimension('Resumes', ['cause'], 'Sum', '')], stacked: true, width: 8 }),
      new GraphWidget({ title: 'Enrolments, by outcome', left: [byDimension('Enrolments', ['outcome'], 'Sum', '')], stacked: true, width: 8 }),
      new GraphWidget({ title: 'Contention retries', left: [total('ContentionRetries', 'retries')], width: 8 }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 6 }));
  }
}
