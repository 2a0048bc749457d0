import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import { PARK_TIMEOUT_SECONDS } from '../../functions/domain/lifecycle.js';
import { ROLES } from '../../functions/http/auth.js';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../../functions/store/table.js';
import { aslDefinition, placeholdersOf } from '../../infra/constructs/asl-definition.js';
import { PROJECT_ROOT } from '../../infra/constructs/project-function.js';
import {
  API_THROTTLE,
  LIFECYCLE_DEFINITION_FILE,
  PilotOrchestratorStack,
  STEP_FUNCTIONS,
  type DeployStage,
  type StepFunctionName,
} from '../../infra/stack.js';

// Bundling is skipped: these tests read the template, not the function code,
// and bundling every function would make each run wait for esbuild.
const synth = (stage: DeployStage) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PilotOrchestratorStack(app, `PilotOrchestrator-${stage}`, { stage });
  return { stack, template: Template.fromStack(stack) };
};

const dev = synth('dev');
const prod = synth('prod');

type Resources = Record<string, { Properties: Record<string, any>; DeletionPolicy?: string }>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const resources = (template: Template, type: string, props?: object) => template.findResources(type, props) as Resources;
const logicalId = (element: unknown) => dev.stack.getLogicalId(element as CfnElement);
const only = (resources: Resources) => {
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  return { id: ids[0]!, ...resources[ids[0]!]! };
};

const table = only(resources(dev.template, 'AWS::DynamoDB::Table'));
const functionOf = (handler: string) => {
  const fn = dev.stack.apiFunctions.get(handler);
  if (!fn) throw new Error(`no function for handler ${handler}`);
  return fn.function;
};

const stepFunctionOf = (name: StepFunctionName) => dev.stack.stepFunctions[name].function;
/** A function's ARN as the template refers to it. */
const arnOf = (fn: IFunction) => ({ 'Fn::GetAtt': [logicalId(fn.node.defaultChild), 'Arn'] });
/** What a grantInvoke on the function may name: the function and its versions and aliases. */
const invokeArnsOf = (fn: IFunction) => [arnOf(fn), { 'Fn::Join': ['', [arnOf(fn), ':*']] }];

/** Every Allow statement of the policies attached to a role. */
const statementsOfRole = (role: IRole): Statement[] => {
  const roleId = logicalId(role.node.defaultChild);
  const policies = Object.values(resources(dev.template, 'AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
  );
  expect(policies.length).toBeGreaterThan(0);
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow');
};
/** Every Allow statement of the policies attached to an API route's function. */
const statementsOf = (handler: string): Statement[] => statementsOfRole(functionOf(handler).role!);
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
/** The statements granting any of these actions. */
const granting = (statements: Statement[], ...actions: string[]) =>
  statements.filter((s) => [s.Action].flat().some((a) => actions.includes(a)));

// Every action that changes data or could encrypt new data with the table key.
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];
// TransactWriteItems is not an IAM action: each Put/Update/Delete/ConditionCheck
// in a transaction is authorized as its own item action.
const TRANSACT_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];

const readRoutes = API_ROUTES.filter((r) => r.access === 'read');
const writeRoutes = API_ROUTES.filter((r) => r.access === 'write');

describe('the table', () => {
  it('has the key schema and both GSIs (projection ALL) of TABLE_DEFINITION, on demand', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalIndexes.map((gsi) => ({
        IndexName: gsi.name,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    for (const name of ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']) {
      expect(table.Properties.AttributeDefinitions).toContainEqual({ AttributeName: name, AttributeType: 'S' });
    }
  });

  it('is protected: PITR, deletion protection, TTL on the personal-data expiry attribute', () => {
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it('is encrypted with a customer-managed KMS key that rotates', () => {
    const key = only(resources(dev.template, 'AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }));
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
    });
  });

  it('the table, its key, the user pool and the logs survive a prod stack deletion; dev cleans up', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Cognito::UserPool', 'AWS::Logs::LogGroup']) {
      const prodPolicies = Object.values(resources(prod.template, type)).map((r) => r.DeletionPolicy);
      const devPolicies = Object.values(resources(dev.template, type)).map((r) => r.DeletionPolicy);
      expect(prodPolicies.length).toBeGreaterThan(0);
      expect(new Set(prodPolicies), type).toEqual(new Set(['Retain']));
      expect(new Set(devPolicies), type).toEqual(new Set(['Delete']));
    }
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });
});

describe('the user pool', () => {
  it('allows no self sign-up and demands strong passwords', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
      },
    });
    const pool = only(resources(dev.template, 'AWS::Cognito::UserPool'));
    expect(pool.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('has one group per role the handlers check, and a public client without a secret', () => {
    const groups = Object.values(resources(dev.template, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });
});

describe('the HTTP API', () => {
  const routes = Object.values(resources(dev.template, 'AWS::ApiGatewayV2::Route'));

  it('has exactly one route per API_ROUTES entry, with its route key', () => {
    expect(routes).toHaveLength(API_ROUTES.length);
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(API_ROUTES.map(routeKey).sort());
  });

  it('puts the Cognito JWT authorizer on every route', () => {
    const authorizer = only(resources(dev.template, 'AWS::ApiGatewayV2::Authorizer'));
    for (const route of routes) {
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe('JWT');
      expect(route.Properties.AuthorizerId, route.Properties.RouteKey).toEqual({ Ref: authorizer.id });
    }
    const poolId = logicalId(dev.stack.userPool.node.defaultChild);
    const clientId = logicalId(dev.stack.apiClient.node.defaultChild);
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain(`{"Ref":"${poolId}"}`);
  });

  it('sends each route to its own handler function', () => {
    const integrations = resources(dev.template, 'AWS::ApiGatewayV2::Integration');
    const targets = new Set<string>();
    for (const route of API_ROUTES) {
      const resource = routes.find((r) => r.Properties.RouteKey === routeKey(route))!;
      const integrationId = resource.Properties.Target['Fn::Join'][1][1].Ref as string;
      const target = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      expect(target, routeKey(route)).toBe(logicalId(functionOf(route.handler).node.defaultChild));
      targets.add(target);
    }
    expect(targets.size).toBe(API_ROUTES.length);
  });

  it('throttles the default stage and logs access', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: API_THROTTLE.burstLimit, ThrottlingRateLimit: API_THROTTLE.rateLimit },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('outputs the API URL, user pool id, client id and table name', () => {
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName']) {
      dev.template.hasOutput(name, {});
    }
  });
});

describe('the functions', () => {
  const functions = resources(dev.template, 'AWS::Lambda::Function');

  it('are one per route plus the workflow steps, Node.js 24 on arm64, traced, with logs kept one month', () => {
    expect(Object.keys(functions)).toHaveLength(API_ROUTES.length + STEP_FUNCTIONS.length);
    const stepIds = new Set(STEP_FUNCTIONS.map((name) => logicalId(stepFunctionOf(name).node.defaultChild)));
    expect(stepIds.size).toBe(STEP_FUNCTIONS.length);
    const logGroups = resources(dev.template, 'AWS::Logs::LogGroup');
    for (const [id, fn] of Object.entries(functions)) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: 512,
        Environment: {
          Variables: {
            TABLE_NAME: { Ref: table.id },
            POWERTOOLS_SERVICE_NAME: 'pilot-orchestrator',
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
      // Each API function's description is its route; the batch-enrolment route gets API Gateway's 29 s,
      // the rest 10 s. The workflow's steps get 30 s.
      const route = API_ROUTES.find((r) => routeKey(r) === fn.Properties.Description);
      expect(route !== undefined, id).toBe(!stepIds.has(id));
      expect(fn.Properties.Timeout, id).toBe(stepIds.has(id) ? 30 : (route?.timeoutSeconds ?? 10));
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays, id).toBe(30);
    }
  });

  it.each(readRoutes.map((r) => [routeKey(r), r.handler]))('%s (read) cannot change data', (_, handler) => {
    const actions = actionsOf(statementsOf(handler));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).toContain('dynamodb:Query');
    expect(actions).toContain('kms:Decrypt');
    for (const action of WRITE_ACTIONS) expect(actions).not.toContain(action);
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it.each(writeRoutes.map((r) => [routeKey(r), r.handler]))('%s (write) can run TransactWriteItems on the table', (_, handler) => {
    const actions = actionsOf(statementsOf(handler));
    for (const action of [...TRANSACT_WRITE_ACTIONS, 'kms:GenerateDataKey*', 'kms:Decrypt']) expect(actions).toContain(action);
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it.each(STEP_FUNCTIONS)('the %s step reads and writes the table', (name) => {
    const actions = actionsOf(statementsOfRole(stepFunctionOf(name).role!));
    for (const action of [...TRANSACT_WRITE_ACTIONS, 'dynamodb:GetItem', 'dynamodb:Query', 'kms:GenerateDataKey*', 'kms:Decrypt']) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it('reach only this table (and its indexes) and this key', () => {
    const keyId = logicalId(dev.stack.table.encryptionKey!.node.defaultChild);
    const roles = [
      ...API_ROUTES.map((route) => [route.handler, functionOf(route.handler).role!] as const),
      ...STEP_FUNCTIONS.map((name) => [name, stepFunctionOf(name).role!] as const),
    ];
    for (const [name, role] of roles) {
      for (const statement of statementsOfRole(role)) {
        const actions = [statement.Action].flat();
        const resources = [statement.Resource].flat();
        if (actions.some((a) => a.startsWith('dynamodb:'))) {
          for (const resource of resources) expect(JSON.stringify(resource), name).toContain(`"${table.id}"`);
        }
        if (actions.some((a) => a.startsWith('kms:'))) {
          expect(resources, name).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
        }
      }
    }
  });
});

describe('the workflow engine', () => {
  const lifecycle = only(resources(dev.template, 'AWS::StepFunctions::StateMachine'));
  const lifecycleRef = { Ref: lifecycle.id };
  const lifecycleStep = stepFunctionOf('lifecycle-step');
  const park = stepFunctionOf('park');
  const wakeUp = stepFunctionOf('wake-up');
  const scheduleGroup = only(resources(dev.template, 'AWS::Scheduler::ScheduleGroup'));
  const dlqId = logicalId(dev.stack.wakeUpDeadLetterQueue.node.defaultChild);
  const dlq = { id: dlqId, ...resources(dev.template, 'AWS::SQS::Queue')[dlqId]! };
  const schedulerRoleId = logicalId(dev.stack.schedulerRole.node.defaultChild);
  const definitionText = readFileSync(path.join(PROJECT_ROOT, LIFECYCLE_DEFINITION_FILE), 'utf8');
  /** The functions that resume, park or reschedule a wait: every write route, park and wake-up. */
  const waitControllers = [
    ...writeRoutes.map((r) => [r.handler, functionOf(r.handler)] as const),
    ['park', park] as const,
    ['wake-up', wakeUp] as const,
  ];
  /** The functions that create or delete wake-ups: those, and lifecycle-step (the follow-up notices). */
  const schedulers = [...waitControllers, ['lifecycle-step', lifecycleStep] as const];
  // The functions inside the definition (park) and those they reference
  // (wake-up) name the state machine by ARN; a Ref would be a cycle.
  const lifecycleArnByName = {
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:stateMachine:${lifecycle.Properties.StateMachineName}`],
    ],
  };

  it('is one Standard state machine running the definition file, its placeholders filled with the step functions’ ARNs', () => {
    expect(lifecycle.Properties.StateMachineType).toBe('STANDARD');
    expect(lifecycle.Properties.DefinitionString).toBe(definitionText);
    expect(lifecycle.Properties.DefinitionSubstitutions).toEqual({
      LifecycleStepFunctionArn: arnOf(lifecycleStep),
      ParkFunctionArn: arnOf(park),
    });
    expect(new Set(Object.keys(lifecycle.Properties.DefinitionSubstitutions))).toEqual(placeholdersOf(definitionText));
  });

  it('logs errors without execution data (it may hold personal data) for a month, and is traced', () => {
    expect(lifecycle.Properties.LoggingConfiguration).toMatchObject({ Level: 'ERROR', IncludeExecutionData: false });
    const destinations = lifecycle.Properties.LoggingConfiguration.Destinations as { CloudWatchLogsLogGroup: { LogGroupArn: any } }[];
    expect(destinations).toHaveLength(1);
    const logGroupId = destinations[0]!.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] as string;
    expect(resources(dev.template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(30);
    expect(lifecycle.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('may invoke the lifecycle-step and park functions and nothing else', () => {
    const statements = statementsOfRole(dev.stack.lifecycle.role);
    const allowed = [...invokeArnsOf(lifecycleStep), ...invokeArnsOf(park)];
    const invoked = granting(statements, 'lambda:InvokeFunction').flatMap((s) => [s.Resource].flat());
    for (const resource of invoked) expect(allowed).toContainEqual(resource);
    for (const arn of allowed) expect(invoked).toContainEqual(arn);
    // Besides invoking, only what CDK adds for log delivery and X-Ray.
    for (const action of actionsOf(statements)) expect(action).toMatch(/^(lambda:InvokeFunction|logs:\w+|xray:\w+)$/);
  });

  it('the scheduler role is EventBridge Scheduler’s for this account’s wake-up group only', () => {
    const role = resources(dev.template, 'AWS::IAM::Role')[schedulerRoleId]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': { 'Fn::GetAtt': [scheduleGroup.id, 'Arn'] } },
        },
      },
    ]);
  });

  it('the scheduler role may invoke only the wake-up function and send only to the dead-letter queue', () => {
    const statements = statementsOfRole(dev.stack.schedulerRole);
    expect(new Set(actionsOf(statements))).toEqual(new Set(['lambda:InvokeFunction', 'sqs:SendMessage']));
    for (const resource of granting(statements, 'lambda:InvokeFunction').flatMap((s) => [s.Resource].flat())) {
      expect(invokeArnsOf(wakeUp)).toContainEqual(resource);
    }
    expect(granting(statements, 'sqs:SendMessage').flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::GetAtt': [dlq.id, 'Arn'] }]);
  });

  it('the wake-ups’ schedule group is named for the stage, and their dead-letter queue is encrypted, TLS-only, kept 14 days', () => {
    expect(scheduleGroup.Properties.Name).toBe('pilot-orchestrator-dev');
    expect(dlq.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlq.id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each(readRoutes.map((r) => [routeKey(r), r.handler]))('%s (read) can neither drive the workflow nor schedule', (_, handler) => {
    const actions = actionsOf(statementsOf(handler));
    expect(actions.filter((a) => /^(states|scheduler|iam|lambda|sqs):/.test(a))).toEqual([]);
    const environment = resources(dev.template, 'AWS::Lambda::Function')[logicalId(functionOf(handler).node.defaultChild)]!.Properties
      .Environment.Variables;
    expect(Object.keys(environment)).not.toContain('STATE_MACHINE_ARN');
  });

  it('POST /pilots/{pilotId}/start can start an execution of the lifecycle and describe its executions; no other route can start one', () => {
    const statements = statementsOf('pilots-start');
    expect(granting(statements, 'states:StartExecution').flatMap((s) => [s.Resource].flat())).toEqual([lifecycleRef]);
    expect(granting(statements, 'states:DescribeExecution').flatMap((s) => [s.Resource].flat())).toEqual([
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:execution:${lifecycle.Properties.StateMachineName}:*`],
        ],
      },
    ]);
    for (const route of API_ROUTES.filter((r) => r.handler !== 'pilots-start')) {
      expect(actionsOf(statementsOf(route.handler)), route.handler).not.toContain('states:StartExecution');
    }
    for (const name of STEP_FUNCTIONS) expect(actionsOf(statementsOfRole(stepFunctionOf(name).role!)), name).not.toContain('states:StartExecution');
  });

  it.each(schedulers.map(([name]) => name))('%s can create and delete wake-ups in the group only, passing the scheduler its role', (name) => {
    const fn = schedulers.find(([n]) => n === name)![1];
    const statements = statementsOfRole(fn.role!);
    const schedules = granting(statements, 'scheduler:CreateSchedule', 'scheduler:DeleteSchedule');
    expect(new Set(actionsOf(schedules))).toEqual(new Set(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']));
    expect(schedules.flatMap((s) => [s.Resource].flat())).toEqual([
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule/', { Ref: scheduleGroup.id }, '/*'],
        ],
      },
    ]);
    const passRole = granting(statements, 'iam:PassRole');
    expect(passRole).toEqual([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [schedulerRoleId, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    expect(actionsOf(statements).filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it.each(waitControllers.map(([name]) => name))('%s can resume a wait of the lifecycle', (name) => {
    const fn = waitControllers.find(([n]) => n === name)![1];
    const taskResponse = granting(statementsOfRole(fn.role!), 'states:SendTaskSuccess');
    expect(taskResponse.flatMap((s) => [s.Resource].flat())).toEqual([name === 'park' || name === 'wake-up' ? lifecycleArnByName : lifecycleRef]);
  });

  it('the lifecycle-step function resumes no wait and starts no execution', () => {
    expect(actionsOf(statementsOfRole(lifecycleStep.role!)).filter((a) => a.startsWith('states:'))).toEqual([]);
  });

  it.each(schedulers.map(([name]) => name))('%s gets the names and ARNs the AWS adapters read', (name) => {
    const fn = schedulers.find(([n]) => n === name)![1];
    const environment = resources(dev.template, 'AWS::Lambda::Function')[logicalId(fn.node.defaultChild)]!.Properties.Environment.Variables;
    // Functions inside the definition cannot refer to the state machine; lifecycle-step needs no ARN.
    if (name === 'lifecycle-step') expect(Object.keys(environment)).not.toContain('STATE_MACHINE_ARN');
    else expect(environment.STATE_MACHINE_ARN).toEqual(name === 'park' || name === 'wake-up' ? lifecycleArnByName : lifecycleRef);
    expect(environment).toMatchObject({
      SCHEDULE_GROUP_NAME: { Ref: scheduleGroup.id },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [schedulerRoleId, 'Arn'] },
      SCHEDULER_DLQ_ARN: { 'Fn::GetAtt': [dlq.id, 'Arn'] },
    });
    // The wake-up cannot hold its own ARN (a self-reference) and never creates a wake-up.
    if (name === 'wake-up') expect(Object.keys(environment)).not.toContain('WAKE_UP_FUNCTION_ARN');
    else expect(environment.WAKE_UP_FUNCTION_ARN).toEqual(arnOf(wakeUp));
  });

  it('outputs the state machine ARN and the dead-letter queue', () => {
    dev.template.hasOutput('LifecycleStateMachineArn', { Value: lifecycleRef });
    dev.template.hasOutput('WakeUpDeadLetterQueueUrl', {});
  });

  it('synthesis fails on a placeholder without a substitution, or a substitution without a placeholder', () => {
    expect(() => aslDefinition(LIFECYCLE_DEFINITION_FILE, { LifecycleStepFunctionArn: 'arn' })).toThrow(/\$\{ParkFunctionArn\}/);
    expect(() =>
      aslDefinition(LIFECYCLE_DEFINITION_FILE, { LifecycleStepFunctionArn: 'arn', ParkFunctionArn: 'arn', WakeUpFunctionArn: 'arn' }),
    ).toThrow(/WakeUpFunctionArn/);
  });
});

describe('the lifecycle definition', () => {
  interface State {
    Type: string;
    Resource?: string;
    TimeoutSeconds?: number;
    Catch?: { ErrorEquals: string[]; Next: string }[];
  }
  // asl-validator ships no types; this is the part of its API the test uses.
  const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };
  const text = readFileSync(path.join(PROJECT_ROOT, LIFECYCLE_DEFINITION_FILE), 'utf8');
  const definition = JSON.parse(
    text.replace(/\$\{(\w+)\}/g, (_, name: string) => `arn:aws:lambda:eu-central-1:123456789012:function:${name}`),
  ) as { States: Record<string, State> };
  /** Every state, nested ones (Parallel, Map) included. */
  const statesOf = (node: unknown): [string, State][] => {
    if (!node || typeof node !== 'object') return [];
    return Object.entries(node).flatMap(([key, value]) =>
      key === 'States' && value && typeof value === 'object'
        ? [...Object.entries(value as Record<string, State>), ...Object.values(value).flatMap(statesOf)]
        : statesOf(value),
    );
  };

  it('is valid Amazon States Language once its placeholders are filled', () => {
    const result = validate(definition);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('every waiting task times out after PARK_TIMEOUT_SECONDS and then parks again', () => {
    const waits = statesOf(definition).filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(waits.length).toBeGreaterThan(0);
    for (const [name, state] of waits) {
      expect(state.TimeoutSeconds, name).toBe(PARK_TIMEOUT_SECONDS);
      expect(state.Catch?.filter((c) => c.ErrorEquals.includes('States.Timeout')).map((c) => c.Next), name).toEqual([name]);
    }
  });
});
