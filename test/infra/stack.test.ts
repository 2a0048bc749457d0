import { describe, it, expect } from 'vitest';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import { ROLES } from '../../functions/http/auth.js';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../../functions/store/table.js';
import { API_THROTTLE, PilotOrchestratorStack, type DeployStage } from '../../infra/stack.js';

// Bundling is skipped: these tests read the template, not the function code,
// and bundling nine functions would make every run wait for esbuild.
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

/** Every Allow statement of the policies attached to a function's role. */
const statementsOf = (handler: string): Statement[] => {
  const roleId = logicalId(functionOf(handler).role!.node.defaultChild);
  const policies = Object.values(resources(dev.template, 'AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
  );
  expect(policies.length).toBeGreaterThan(0);
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow');
};
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

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

  it('are one per route, Node.js 24 on arm64, traced, with logs kept one month', () => {
    expect(Object.keys(functions)).toHaveLength(API_ROUTES.length);
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
      // Each function's description is its route; the batch-enrolment route gets API Gateway's 29 s, the rest 10 s.
      const route = API_ROUTES.find((r) => routeKey(r) === fn.Properties.Description);
      expect(fn.Properties.Timeout, id).toBe(route?.timeoutSeconds ?? 10);
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

  it('reach only this table (and its indexes) and this key', () => {
    const keyId = logicalId(dev.stack.table.encryptionKey!.node.defaultChild);
    for (const route of API_ROUTES) {
      for (const statement of statementsOf(route.handler)) {
        const actions = [statement.Action].flat();
        const resources = [statement.Resource].flat();
        if (actions.some((a) => a.startsWith('dynamodb:'))) {
          for (const resource of resources) expect(JSON.stringify(resource), route.handler).toContain(`"${table.id}"`);
        }
        if (actions.some((a) => a.startsWith('kms:'))) {
          expect(resources, route.handler).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
        }
      }
    }
  });
});
