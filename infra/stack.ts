import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { LogLevel, StateMachine, StateMachineType, type IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { API_GROUPS, API_ROUTES, groupOf, type ApiGroup, type ApiRoute, type KeyUse } from '../functions/api/routes.js';
import { ROLES } from '../functions/http/auth.js';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../functions/store/table.js';
import { OperationsAlarms } from './constructs/alarms.js';
import { OperationsDashboard } from './constructs/dashboard.js';
import { aslDefinition } from './constructs/asl-definition.js';
import { addressOf, MailSending } from './constructs/mail-sending.js';
import { acknowledgeNag, wildcardResource } from './constructs/nag.js';
import { ProjectFunction } from './constructs/project-function.js';
import { WebHosting } from './constructs/web-hosting.js';

export const DEPLOY_STAGES = ['dev', 'prod'] as const;
export type DeployStage = (typeof DEPLOY_STAGES)[number];

export const isDeployStage = (value: unknown): value is DeployStage => (DEPLOY_STAGES as readonly unknown[]).includes(value);

export interface PilotOrchestratorStackProps extends StackProps {
  stage: DeployStage;
}

/** The lifecycle definition, run by Step Functions here and by the local engine in infra/local. */
export const LIFECYCLE_DEFINITION_FILE = 'workflows/pilot-lifecycle.asl.json';

/** The Lambda functions the workflow runs, by their `functions/steps/<name>.ts` module. */
export const STEP_FUNCTIONS = ['lifecycle-step', 'park', 'wake-up'] as const;
export type StepFunctionName = (typeof STEP_FUNCTIONS)[number];

/** The API's function of a group of routes (functions/api/routes.ts, API_GROUPS): its name here and its entry module. */
export const apiFunctionName = (group: ApiGroup) => `api-${group}`;
/** The routes a group's function serves. */
export const routesOf = (group: ApiGroup): ApiRoute[] => API_ROUTES.filter((r) => groupOf(r) === group);

/**
 * The functions that send e-mail: escalations, the outcome and voucher codes
 * (lifecycle-step), follow-up notices (wake-up), the weekly digest, and the
 * API function whose group has a route marked `sendsMail` in
 * functions/api/routes.ts. Only these get MAIL_FROM and may send through SES.
 */
export const MAIL_SENDERS: readonly string[] = [
  'lifecycle-step',
  'wake-up',
  'digest',
  ...API_GROUPS.filter((g) => routesOf(g).some((r) => r.sendsMail)).map(apiFunctionName),
];
const sendsMail = (name: string) => MAIL_SENDERS.includes(name);

/** The weekly portfolio digest's schedule: Monday 07:00 Copenhagen time, summer or winter. */
export const DIGEST_SCHEDULE = { expression: 'cron(0 7 ? * MON *)', timezone: 'Europe/Copenhagen' } as const;

/** The From header dev synthesizes with when no `mailFrom` is given; example.com is never a verified identity. */
export const DEV_MAIL_FROM = 'Pilotprojekter <pilotprojekter@example.com>';

/** Default-stage throttling: far above a jobcenter team's use, low enough to cap a runaway client's bill. */
export const API_THROTTLE = { burstLimit: 100, rateLimit: 50 } as const;

export class PilotOrchestratorStack extends Stack {
  readonly table: Table;
  /** Seals the partner companies' webhook secrets. */
  readonly secretsKey: Key;
  /** Signs the e-mail links (HMAC). */
  readonly linkKey: Key;
  readonly userPool: UserPool;
  readonly apiClient: UserPoolClient;
  /** The web page's public client: Cognito's hosted UI, authorization code with PKCE. */
  readonly webClient: UserPoolClient;
  /** The Cognito domain that serves the hosted UI. */
  readonly authDomain: UserPoolDomain;
  /** The consultant's web page: S3 + CloudFront. */
  readonly web: WebHosting;
  readonly api: HttpApi;
  /** The API's functions, one per group of routes (functions/api/routes.ts, API_GROUPS). */
  readonly apiFunctions = {} as Record<ApiGroup, ProjectFunction>;
  /** The functions of the workflow: its steps, its waiting task, and the scheduler's wake-up target. */
  readonly stepFunctions: Record<StepFunctionName, ProjectFunction>;
  /** The pilot lifecycle: one Standard execution per pilot. */
  readonly lifecycle: StateMachine;
  readonly scheduleGroup: CfnScheduleGroup;
  /** The role EventBridge Scheduler assumes to deliver a wake-up. */
  readonly schedulerRole: Role;
  readonly wakeUpDeadLetterQueue: Queue;
  /** Wake-ups and digests whose function failed after Lambda's retries (their on-failure destination). */
  readonly failedInvocationsQueue: Queue;
  /** The alarms and the topic they notify. */
  readonly alarms: OperationsAlarms;
  readonly dashboard: OperationsDashboard;
  /** SES: the configuration set, its event topic, and what a sending function gets. */
  readonly mail: MailSending;
  /** The weekly portfolio digest (functions/steps/digest.ts). */
  readonly digestFunction: ProjectFunction;
  readonly digestSchedule: CfnSchedule;
  /** The hourly operations check (stuck pilots, pilots by phase), run by the wake-up function. */
  readonly operationsSchedule: CfnSchedule;
  /** The role EventBridge Scheduler assumes to invoke the digest; it can do nothing else. */
  readonly digestSchedulerRole: Role;

  constructor(scope: Construct, id: string, props: PilotOrchestratorStackProps) {
    super(scope, id, props);
    const prod = props.stage === 'prod';
    // The table holds personal data of citizens: in prod nothing holding it
    // (or the key that decrypts it, or the logs) goes away with the stack.
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const tableKey = new Key(this, 'TableKey', {
      description: `Encrypts the pilot-orchestrator ${props.stage} table`,
      enableKeyRotation: true,
      removalPolicy,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: tableKey,
      // Prod only. Dev holds test data, never citizens' (README 'Deploy to
      // AWS'), and must go with `cdk destroy`: CloudFormation cannot delete a
      // protected table, so the stack would stick in DELETE_FAILED. Prod's
      // table is protected twice: against a console or API delete here, and
      // against the stack's deletion by RETAIN.
      deletionProtection: prod,
      removalPolicy,
    });
    for (const gsi of TABLE_DEFINITION.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.name,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        // KEYS_ONLY where an index holds items that change often (functions/store/table.ts): an index is written only for what it holds.
        projectionType: ProjectionType[gsi.projection],
      });
    }

    // Staff accounts are created by an administrator; nobody signs themselves up.
    // The accounts reach citizens' personal data, so a password alone is not
    // enough: MFA is required, by an authenticator app (TOTP; SMS would need
    // phone numbers and an SNS spending limit), and set up at the first
    // sign-in. Decided before the first deploy, because requiring MFA later
    // sends every existing user through set-up at their next sign-in.
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // The Plus plan's threat protection detects sign-ins with credentials
      // known from breaches and risky sign-ins, and acts on them
      // (AwsSolutions-COG8). Billed per monthly active user: cents for a team
      // of consultants.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: false } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: prod,
      removalPolicy,
    });
    // The group names are the roles the handlers read from `cognito:groups`.
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role });
    }
    this.apiClient = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      // SRP for a client of its own. ADMIN_USER_PASSWORD_AUTH lets an
      // administrator get a token with the AWS CLI (README 'Deploy to AWS'):
      // only callers with IAM credentials for cognito-idp:AdminInitiateAuth
      // can use it, and MFA is still asked for. The plain USER_PASSWORD_AUTH,
      // open to anyone on the internet, stays off.
      authFlows: { userSrp: true, adminUserPassword: true },
      // No OAuth flows: the web page has a client of its own (below). CDK's
      // default would allow the implicit grant to a placeholder callback URL.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // --- The consultant's web page: its files on S3 + CloudFront, and its
    // sign-in through Cognito's hosted UI. Its own public client (no secret:
    // the code runs in a browser) with the authorization code grant, which
    // the page uses with PKCE; back to, and out to, the page's own URL.
    this.web = new WebHosting(this, 'Web');
    // The prefix must be unique in the region across all AWS accounts: the stage and the account id make it so.
    this.authDomain = this.userPool.addDomain('AuthDomain', {
      cognitoDomain: { domainPrefix: contextString(this, 'authDomainPrefix') ?? `pilot-orchestrator-${props.stage}-${this.account}` },
    });
    const pageUrl = `${this.web.origin}/`;
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [pageUrl],
        logoutUrls: [pageUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // The authorizer only proves who the caller is; which role may do what is
    // decided per route in the handler (functions/http/auth.ts).
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      // The page sends the ID token of its own client: its audience is that client.
      userPoolClients: [this.apiClient, this.webClient],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `pilot-orchestrator-${props.stage}`,
      defaultAuthorizer: authorizer,
      // Created below, because throttling and access logs are stage settings.
      createDefaultStage: false,
      // The page calls from its CloudFront origin, and only it. API Gateway
      // answers the preflight itself, before the authorizer.
      corsPreflight: {
        allowOrigins: [this.web.origin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who called which route with what outcome; never bodies or query strings.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            sub: '$context.authorizer.claims.sub',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // The page learns where the API and the sign-in are from its config.json, written at deploy.
    this.web.deploy(
      {
        auth: 'cognito',
        apiUrl: stage.url,
        domain: this.authDomain.baseUrl(),
        clientId: this.webClient.userPoolClientId,
        redirectUri: pageUrl,
      },
      // The page's CSP may connect to this stack's API and sign-in domain, not every API Gateway in the region.
      [`https://${this.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`, this.authDomain.baseUrl()],
    );

    // --- E-mail (SES v2). Who the e-mails come from is configuration, given as
    // CDK context (`cdk deploy -c mailFrom=... -c mailIdentity=kk.dk`, or cdk.json):
    //   mailFrom            the From header, e.g. "Pilotprojekter <pilotprojekter@kk.dk>".
    //                       Required for prod; dev falls back to DEV_MAIL_FROM, which
    //                       synthesizes offline but sends nothing until changed.
    //   mailIdentity        the verified SES identity that From sends as: the domain
    //                       ("kk.dk") or the address. Default: the From address's domain.
    //   createMailIdentity  "true" to create that identity in this stack (DKIM records
    //                       to publish). Default: not created, because the municipality's
    //                       IT department usually verifies its domain itself.
    //   publicUrl           where the consultants' e-mail links point (the web page). Default: the CloudFront URL.
    //   digestRecipients    the weekly digest's recipients, "a@kk.dk, b@kk.dk:en" (see
    //                       functions/services/digest.ts). Default: every active
    //                       pilot's management list.
    //   alarmEmail          who the alarms e-mail (below). Default: nobody; subscribe
    //                       to the AlarmTopicArn output yourself.
    const mailFrom = contextString(this, 'mailFrom') ?? (prod ? undefined : DEV_MAIL_FROM);
    if (!mailFrom) throw new Error('context "mailFrom" is required for prod, e.g. -c mailFrom="Pilotprojekter <pilotprojekter@kk.dk>"');
    const digestRecipients = contextString(this, 'digestRecipients');
    const alarmEmail = contextString(this, 'alarmEmail');
    this.mail = new MailSending(this, 'Mail', {
      namePrefix: `pilot-orchestrator-${props.stage}`,
      from: mailFrom,
      identity: contextString(this, 'mailIdentity') ?? domainOf(mailFrom),
      createIdentity: [true, 'true'].includes(this.node.tryGetContext('createMailIdentity')),
      // The consultants' links go to the web page's routes ("/#/pilots/<id>"): no trailing slash.
      publicUrl: contextString(this, 'publicUrl')?.replace(/\/+$/, '') ?? this.web.origin,
      removalPolicy,
    });
    /** What a function that sends e-mail gets besides its own environment. */
    // API_URL too: the companies' e-mails link to the API's /links route, and a sender checks all three when it loads (functions/config.ts).
    const withMail = (name: string, environment: Record<string, string>) =>
      sendsMail(name) ? { ...environment, ...this.mail.environment, API_URL: this.api.apiEndpoint } : environment;

    // --- The workflow engine: the lifecycle state machine and the one-time
    // wake-ups (EventBridge Scheduler) at its deadlines (README 'The workflow').

    this.scheduleGroup = new CfnScheduleGroup(this, 'WakeUpScheduleGroup', { name: `pilot-orchestrator-${props.stage}` });
    // A wake-up the scheduler could not deliver after its retries; without it
    // the pilot would sit until the waiting task's 20-day safety net. The
    // weekly digest's undelivered invocations land here too.
    this.wakeUpDeadLetterQueue = new Queue(this, 'WakeUpDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // The scheduler invokes its targets asynchronously: once an invocation is
    // accepted, its failures (after Lambda's retries) are the function's, and
    // go to this queue, with the error, instead of the scheduler's DLQ.
    this.failedInvocationsQueue = new Queue(this, 'FailedInvocationsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const [queue, role] of [
      [this.wakeUpDeadLetterQueue, "the dead-letter queue of EventBridge Scheduler's targets (the wake-ups and the weekly digest)"],
      [this.failedInvocationsQueue, 'the on-failure destination of the functions EventBridge Scheduler invokes asynchronously (wake-up, digest)'],
    ] as const) {
      const reason = `This queue is itself ${role}, which cdk-nag cannot see because the link is on the schedule or the function. A dead-letter queue of its own would only move the same messages again; instead a message in it raises an alarm.`;
      acknowledgeNag(queue, { id: 'AwsSolutions-SQS3', reason }, { id: 'Serverless-SQSRedrivePolicy', reason });
    }
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: `EventBridge Scheduler delivers the pilot-orchestrator ${props.stage} wake-ups with this role`,
      // Only schedules of this account's wake-up group may use the role (confused-deputy protection).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': this.scheduleGroup.attrArn } },
      }),
    });
    this.wakeUpDeadLetterQueue.grant(this.schedulerRole, 'sqs:SendMessage');

    // The state machine's name is fixed so that the functions inside its
    // definition (park) and those park references (wake-up) can name it
    // without a reference to it, which would be a dependency cycle.
    const lifecycleName = `pilot-orchestrator-${props.stage}-lifecycle`;
    const lifecycleByName = StateMachine.fromStateMachineName(this, 'LifecycleByName', lifecycleName);
    const wakeUpName = `pilot-orchestrator-${props.stage}-wake-up`;
    const wakeUpArn = this.formatArn({ service: 'lambda', resource: 'function', resourceName: wakeUpName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const schedulerEnvironment = {
      SCHEDULE_GROUP_NAME: this.scheduleGroup.ref,
      SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      SCHEDULER_DLQ_ARN: this.wakeUpDeadLetterQueue.queueArn,
    };
    const scheduleArns = this.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroup.ref}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    /** Creating and deleting wake-ups (deadlines, follow-up notices): schedules in the group, handing the scheduler its role. */
    const grantScheduling = (fn: IFunction) => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [scheduleArns] }));
      acknowledgeNag(fn.role!, {
        id: wildcardResource(this, scheduleArns),
        reason:
          "Each wake-up is a schedule named for its pilot and deadline, created at run time, so the names cannot be listed: the grant is every schedule of this stack's own schedule group, and only creating and deleting them.",
      });
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
    };
    /** What resuming a wait takes: send the task token back, and move or cancel its wake-up. */
    const grantWaitControl = (fn: IFunction, lifecycle: IStateMachine) => {
      lifecycle.grantTaskResponse(fn);
      grantScheduling(fn);
    };

    // --- The product's own keys (functions/ports/keys.ts). The companies'
    // webhook secrets are sealed with SecretsKey, bound to their company by
    // the encryption context; the e-mail links are signed with LinkKey, an
    // HMAC key. Neither key material ever leaves KMS.
    this.secretsKey = new Key(this, 'SecretsKey', {
      description: "Seals partner companies' webhook signing secrets",
      enableKeyRotation: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.linkKey = new Key(this, 'LinkKey', {
      description: 'Signs the links in e-mails to partner companies (HMAC-SHA256)',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Links point at the API itself (its /links route), wherever the web page lives.
    const keysEnvironment = { SECRETS_KEY_ID: this.secretsKey.keyArn, LINK_KEY_ID: this.linkKey.keyArn, API_URL: this.api.apiEndpoint };
    const grantKeys = (fn: IFunction, uses: readonly KeyUse[]) => {
      const actions: Record<KeyUse, [Key, string]> = {
        seal: [this.secretsKey, 'kms:Encrypt'],
        open: [this.secretsKey, 'kms:Decrypt'],
        sign: [this.linkKey, 'kms:GenerateMac'],
        verify: [this.linkKey, 'kms:VerifyMac'],
      };
      for (const use of uses) actions[use][0].grant(fn, actions[use][1]);
    };

    const stepFunction = (name: StepFunctionName, environment: Record<string, string> = {}) => {
      const fn = new ProjectFunction(this, pascalCase(name), {
        ...(name === 'wake-up' ? { functionName: wakeUpName } : {}),
        entry: `functions/steps/${name}.ts`,
        description: `pilot lifecycle: ${name}`,
        table: this.table,
        tableAccess: 'write',
        // Step Functions waits for these synchronously; 30 s leaves a slow DynamoDB, scheduler or SES call room.
        timeout: Duration.seconds(30),
        environment: withMail(name, { ...environment, ...keysEnvironment }),
        logRemovalPolicy: removalPolicy,
        // The wake-up is the scheduler's target; the others are invoked by the state machine, which waits.
        ...(name === 'wake-up' ? { asyncFailureQueue: this.failedInvocationsQueue } : {}),
      });
      if (sendsMail(name)) this.mail.grantSend(fn.function);
      // Invitations, reminders and schedules carry signed links (lifecycle-step, wake-up).
      if (name !== 'park') grantKeys(fn.function, ['sign']);
      return fn;
    };
    // The wake-up's name is fixed, like the state machine's, so that every
    // function (the wake-up itself included: a refused e-mail's retry, from a
    // notice or an earlier retry, is a schedule invoking it) names its ARN
    // without a reference, which would be a cycle.
    const createWakeUpEnvironment = { WAKE_UP_FUNCTION_ARN: wakeUpArn, ...schedulerEnvironment };
    const wakeUp = stepFunction('wake-up', { STATE_MACHINE_ARN: lifecycleByName.stateMachineArn, ...createWakeUpEnvironment });
    const park = stepFunction('park', { STATE_MACHINE_ARN: lifecycleByName.stateMachineArn, ...createWakeUpEnvironment });
    // Schedules and cancels the follow-up notices; resumes nothing. Starts the
    // execution's successor when a parked pilot is renewed before its year is up
    // (by name: the function is in the definition), and tells the operators
    // (the alarm address) when a step fails for good.
    const lifecycleStep = stepFunction('lifecycle-step', {
      STATE_MACHINE_ARN: lifecycleByName.stateMachineArn,
      ...createWakeUpEnvironment,
      ...(alarmEmail ? { OPERATOR_EMAILS: alarmEmail } : {}),
    });
    this.stepFunctions = { 'lifecycle-step': lifecycleStep, park, 'wake-up': wakeUp };
    wakeUp.function.grantInvoke(this.schedulerRole);
    acknowledgeNag(this.schedulerRole, invokeAcknowledgement(this, wakeUp.function));
    grantWaitControl(park.function, lifecycleByName);
    grantWaitControl(wakeUp.function, lifecycleByName);
    grantScheduling(lifecycleStep.function);
    lifecycleByName.grantStartExecution(lifecycleStep.function);
    const successorArns = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${lifecycleName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // Starting a successor again (the step retried): is that execution still running, or finished?
    lifecycleStep.function.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [successorArns] }));
    acknowledgeNag(lifecycleStep.function.role!, {
      id: wildcardResource(this, successorArns),
      reason:
        "The executions of this stack's lifecycle state machine, named at run time (<pilot id>-g<n> for a successor); only DescribeExecution, to tell a running successor from a finished one.",
    });

    this.lifecycle = new StateMachine(this, 'Lifecycle', {
      stateMachineName: lifecycleName,
      stateMachineType: StateMachineType.STANDARD,
      ...aslDefinition(LIFECYCLE_DEFINITION_FILE, {
        LifecycleStepFunctionArn: lifecycleStep.function.functionArn,
        ParkFunctionArn: park.function.functionArn,
      }),
      logs: {
        destination: new LogGroup(this, 'LifecycleLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy }),
        // Every state transition (AwsSolutions-SF1): a pilot's lifecycle makes
        // about 120 history events in its months, so logging them all costs
        // next to nothing and shows what each pilot went through.
        level: LogLevel.ALL,
        // Execution data holds task inputs and outputs, which may carry personal data.
        includeExecutionData: false,
      },
      tracingEnabled: true,
    });
    // A definition from a string gets no permissions from CDK: the role may invoke these two, nothing else.
    lifecycleStep.function.grantInvoke(this.lifecycle);
    park.function.grantInvoke(this.lifecycle);
    acknowledgeNag(this.lifecycle.role, invokeAcknowledgement(this, lifecycleStep.function), invokeAcknowledgement(this, park.function), {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only what CDK grants for the execution logs (logs:*LogDelivery*, logs:PutResourcePolicy, logs:DescribeResourcePolicies, logs:DescribeLogGroups, which CloudWatch Logs authorizes on "*" for vended log delivery) and for X-Ray tracing (no resource-level permissions). test/infra checks that no other action is granted on "*".',
    });

    // What the write function needs to resume, move or cancel a wait.
    const workflowEnvironment = { STATE_MACHINE_ARN: this.lifecycle.stateMachineArn, ...createWakeUpEnvironment };
    const executionArns = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${lifecycleName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // How long the access log keeps an entry (functions/config.ts validates it again in each function).
    const accessLogMonths = Number(this.node.tryGetContext('accessLogRetentionMonths') ?? 6);
    if (!Number.isInteger(accessLogMonths) || accessLogMonths < 1 || accessLogMonths > 120) {
      throw new Error(
        `context "accessLogRetentionMonths" must be a whole number of months from 1 to 120; got ${JSON.stringify(this.node.tryGetContext('accessLogRetentionMonths'))}`,
      );
    }
    // One function per group of routes, with what its routes need and no more:
    // reads get the table's read actions (and the access entries' Put, never
    // Update or Delete); writes the table, the workflow (every write route may
    // resume a wait: close, extend, a full enrolment, pause/resume/PATCH moving
    // deadlines), e-mail and the keys their routes use; the signed routes the
    // table and the keys that check the companies' signatures. A route's grants
    // come from its declaration in the routes table, so that table stays the
    // one place a route is declared.
    for (const group of API_GROUPS) {
      const routes = routesOf(group);
      const name = apiFunctionName(group);
      const keys = [...new Set(routes.flatMap((r) => r.keys ?? []))];
      const fn = new ProjectFunction(this, pascalCase(name), {
        entry: `functions/api/groups/${group}.ts`,
        description: `pilot-orchestrator API: the ${routes.length} ${group} routes`,
        table: this.table,
        // A signed route (a company's webhook or link) records what the company tells us.
        // A read of personal data also writes its access entry.
        tableAccess: group === 'read' ? (routes.some((r) => r.readsPersonalData) ? 'read-and-log' : 'read') : 'write',
        // The longest any of its routes may take (API Gateway gives up at 30 s).
        timeout: Duration.seconds(Math.max(10, ...routes.map((r) => r.timeoutSeconds ?? 10))),
        environment: {
          ACCESS_LOG_RETENTION_MONTHS: String(accessLogMonths),
          ...(group === 'write' ? withMail(name, workflowEnvironment) : {}),
          ...(keys.length ? keysEnvironment : {}),
        },
        logRemovalPolicy: removalPolicy,
      });
      this.apiFunctions[group] = fn;
      grantKeys(fn.function, keys);
      if (group === 'write') grantWaitControl(fn.function, this.lifecycle);
      // Only the write group can be a mail sender: reads never send, and a company's answer sends nothing itself.
      if (group === 'write' && sendsMail(name)) this.mail.grantSend(fn.function);
      if (routes.some((r) => r.handler === 'pilots-start')) {
        this.lifecycle.grantStartExecution(fn.function);
        // Starting an execution name again: is it still running (same execution) or finished?
        fn.function.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executionArns] }));
        acknowledgeNag(fn.function.role!, {
          id: wildcardResource(this, executionArns),
          reason:
            "The executions of this stack's lifecycle state machine, each named by its pilot's id at run time; only DescribeExecution, to tell a still-running execution from a finished one.",
        });
      }
      const integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, fn.function);
      for (const route of routes) {
        const [apiRoute] = this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          // No Cognito user calls these: the company signs each request, and the handler verifies it.
          ...(route.access === 'signed' ? { authorizer: new HttpNoneAuthorizer() } : {}),
        });
        if (route.access === 'signed') {
          acknowledgeNag(apiRoute!, {
            id: 'AwsSolutions-APIG4',
            reason:
              route.handler === 'company-webhook'
                ? "A partner company's webhook: the Standard Webhooks signature (HMAC-SHA256 with the company's own secret, timestamp within 5 minutes) is the authentication, checked by the handler before anything is read or written; a bad signature gets 401."
                : 'A signed e-mail link: the HMAC-signed, expiring token in the path (or the printed one-time code typed in) is the authentication, checked by the handler before anything is shown or written.',
          });
        }
      }
    }

    // --- The weekly portfolio digest: a recurring schedule in the wake-ups'
    // group, with a role of its own so that neither role can reach the other's
    // target. No function may pass this role (only the scheduler role), so no
    // schedule a function creates can invoke the digest.

    this.digestFunction = new ProjectFunction(this, 'Digest', {
      entry: 'functions/steps/digest.ts',
      description: 'weekly portfolio digest',
      table: this.table,
      // Reads the pilots; writes only its send-once record.
      tableAccess: 'write',
      // Nobody waits for it; room to page through a large portfolio.
      timeout: Duration.minutes(1),
      asyncFailureQueue: this.failedInvocationsQueue,
      // The scheduler too: a refused e-mail's retry is a one-time schedule (functions/services/mailing.ts).
      environment: withMail('digest', { ...createWakeUpEnvironment, ...(digestRecipients ? { DIGEST_RECIPIENTS: digestRecipients } : {}) }),
      logRemovalPolicy: removalPolicy,
    });
    this.mail.grantSend(this.digestFunction.function);
    grantScheduling(this.digestFunction.function);
    this.digestSchedulerRole = new Role(this, 'DigestSchedulerRole', {
      description: `EventBridge Scheduler invokes the pilot-orchestrator ${props.stage} weekly digest with this role`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': this.scheduleGroup.attrArn } },
      }),
    });
    this.digestFunction.function.grantInvoke(this.digestSchedulerRole);
    acknowledgeNag(this.digestSchedulerRole, invokeAcknowledgement(this, this.digestFunction.function));
    this.wakeUpDeadLetterQueue.grant(this.digestSchedulerRole, 'sqs:SendMessage');
    this.digestSchedule = new CfnSchedule(this, 'DigestSchedule', {
      name: 'weekly-digest',
      groupName: this.scheduleGroup.ref,
      description: 'The weekly portfolio digest e-mail',
      scheduleExpression: DIGEST_SCHEDULE.expression,
      scheduleExpressionTimezone: DIGEST_SCHEDULE.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.digestFunction.function.functionArn,
        roleArn: this.digestSchedulerRole.roleArn,
        deadLetterConfig: { arn: this.wakeUpDeadLetterQueue.queueArn },
        // The digest is sent once per Copenhagen date (its send-once key), so
        // every retry must land on the Monday itself: 4 hours after 07:00.
        retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 4 * 3600 },
      },
    });

    // The operations check: hourly, the wake-up function looks for stuck
    // pilots (a wait 6 hours past its deadline) and counts pilots by phase
    // (functions/services/operations.ts), for the alarm and the dashboard.
    this.operationsSchedule = new CfnSchedule(this, 'OperationsCheckSchedule', {
      name: 'operations-check',
      groupName: this.scheduleGroup.ref,
      description: 'Hourly: stuck pilots and pilots by phase',
      scheduleExpression: 'rate(1 hour)',
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: wakeUp.function.functionArn,
        roleArn: this.schedulerRole.roleArn,
        input: JSON.stringify({ pilotId: '', check: 'operations' }),
        deadLetterConfig: { arn: this.wakeUpDeadLetterQueue.queueArn },
        // The next hour's check does the same: no point retrying for long.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
    });

    // --- Alarms: what needs a person, to one topic, e-mailed to `alarmEmail`
    // (infra/constructs/alarms.ts says why each fires on a single failure).
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      namePrefix: `pilot-orchestrator-${props.stage}`,
      ...(alarmEmail ? { email: alarmEmail } : {}),
      removalPolicy,
    });
    for (const group of API_GROUPS) {
      this.alarms.functionFails(
        apiFunctionName(group),
        this.apiFunctions[group].function,
        `The API's ${group} routes (access "${group}" in functions/api/routes.ts)`,
      );
    }
    for (const name of STEP_FUNCTIONS) this.alarms.functionFails(name, this.stepFunctions[name].function, `The workflow step ${name}`);
    this.alarms.functionFails('digest', this.digestFunction.function, 'The weekly digest');
    this.alarms.executionsFail(this.lifecycle);
    this.alarms.queueHolds(
      'wake-up-dead-letters',
      this.wakeUpDeadLetterQueue,
      'EventBridge Scheduler could not deliver a wake-up or the weekly digest after its retries: a pilot waits until its 20-day safety net, or the digest was not sent.',
    );
    this.alarms.queueHolds(
      'failed-invocations',
      this.failedInvocationsQueue,
      "A wake-up or the weekly digest failed in its function after Lambda's retries; the message carries the event and the error.",
    );
    this.alarms.apiServerErrors(this.api);
    this.alarms.stuckPilots();
    this.alarms.mailFailures();
    this.alarms.sesReputation();
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      namePrefix: `pilot-orchestrator-${props.stage}`,
      api: this.api,
      stateMachine: this.lifecycle,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.apiClient.userPoolClientId });
    new CfnOutput(this, 'WebUrl', { value: pageUrl });
    new CfnOutput(this, 'WebClientId', { value: this.webClient.userPoolClientId });
    new CfnOutput(this, 'AuthDomainUrl', { value: this.authDomain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'LifecycleStateMachineArn', { value: this.lifecycle.stateMachineArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'WakeUpDeadLetterQueueUrl', { value: this.wakeUpDeadLetterQueue.queueUrl });
    new CfnOutput(this, 'FailedInvocationsQueueUrl', { value: this.failedInvocationsQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'MailEventsTopicArn', { value: this.mail.eventsTopic.topicArn });
    new CfnOutput(this, 'MailConfigurationSetName', { value: this.mail.configurationSet.configurationSetName });
  }
}

/** A context value given as a non-empty string, trimmed; undefined when absent. */
const contextString = (scope: Construct, name: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context "${name}" must be a string; got ${JSON.stringify(value)}`);
  return value.trim() || undefined;
};

/**
 * grantInvoke names the function and `<function ARN>:*`, its versions and
 * aliases; AwsSolutions-IAM5 reports the latter.
 */
const invokeAcknowledgement = (scope: Construct, fn: IFunction) => ({
  id: wildcardResource(scope, `${fn.functionArn}:*`),
  reason: `The versions and aliases of this one function (${fn.node.path}), as grantInvoke names them; no other function.`,
});

/** The domain of a From header's address. */
const domainOf = (from: string) => {
  const address = addressOf(from);
  return address.slice(address.lastIndexOf('@') + 1);
};

const pascalCase = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
