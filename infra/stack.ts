import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_ROUTES, routeKey } from '../functions/api/routes.js';
import { ROLES } from '../functions/http/auth.js';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../functions/store/table.js';
import { ProjectFunction } from './constructs/project-function.js';

export const DEPLOY_STAGES = ['dev', 'prod'] as const;
export type DeployStage = (typeof DEPLOY_STAGES)[number];

export const isDeployStage = (value: unknown): value is DeployStage =>
  (DEPLOY_STAGES as readonly unknown[]).includes(value);

export interface PilotOrchestratorStackProps extends StackProps {
  stage: DeployStage;
}

/** Default-stage throttling: far above a jobcenter team's use, low enough to cap a runaway client's bill. */
export const API_THROTTLE = { burstLimit: 100, rateLimit: 50 } as const;

export class PilotOrchestratorStack extends Stack {
  readonly table: Table;
  readonly userPool: UserPool;
  readonly apiClient: UserPoolClient;
  readonly api: HttpApi;
  /** The function behind each API route, by the route's `handler` name. */
  readonly apiFunctions = new Map<string, ProjectFunction>();

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
      deletionProtection: true,
      removalPolicy,
    });
    for (const gsi of TABLE_DEFINITION.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.name,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Staff accounts are created by an administrator; nobody signs themselves up.
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
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
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // The authorizer only proves who the caller is; which role may do what is
    // decided per route in the handler (functions/http/auth.ts).
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [this.apiClient],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `pilot-orchestrator-${props.stage}`,
      defaultAuthorizer: authorizer,
      // Created below, because throttling and access logs are stage settings.
      createDefaultStage: false,
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

    for (const route of API_ROUTES) {
      const id = pascalCase(route.handler);
      const fn = new ProjectFunction(this, id, {
        entry: `functions/api/${route.handler}.ts`,
        description: routeKey(route),
        table: this.table,
        tableAccess: route.access,
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
        logRemovalPolicy: removalPolicy,
      });
      this.apiFunctions.set(route.handler, fn);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${id}Integration`, fn.function),
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.apiClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}

const pascalCase = (kebab: string) =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
