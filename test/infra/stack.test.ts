import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { API_GROUPS, API_ROUTES, groupOf, routeKey, type ApiGroup } from '../../functions/api/routes.js';
import { PARK_TIMEOUT_SECONDS } from '../../functions/domain/lifecycle.js';
import { RETRY } from '../../workflows/definition.js';
import { ROLES } from '../../functions/http/auth.js';
import { MAIL_CLAIM_LEASE_MS } from '../../functions/store/mails.js';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../../functions/store/table.js';
import { aslDefinition, placeholdersOf } from '../../infra/constructs/asl-definition.js';
import { PROJECT_ROOT } from '../../infra/constructs/project-function.js';
import {
  API_THROTTLE,
  DEV_MAIL_FROM,
  DIGEST_SCHEDULE,
  LIFECYCLE_DEFINITION_FILE,
  MAIL_SENDERS,
  apiFunctionName,
  routesOf,
  PilotOrchestratorStack,
  STEP_FUNCTIONS,
  type DeployStage,
  type StepFunctionName,
} from '../../infra/stack.js';
import { withPolicyMeta } from '../../web/build.js';

// Bundling is skipped: these tests read the template, not the function code,
// and bundling every function would make each run wait for esbuild.
const synth = (stage: DeployStage, context: Record<string, unknown> = {}) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new PilotOrchestratorStack(app, `PilotOrchestrator-${stage}`, { stage });
  return { stack, template: Template.fromStack(stack) };
};

/** The sender a municipality would configure; prod refuses to synthesize without one. */
const KK_MAIL_FROM = 'Pilotprojekter <pilotprojekter@kk.dk>';
const dev = synth('dev');
const prod = synth('prod', { mailFrom: KK_MAIL_FROM });

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
/** The API function of a group of routes. */
const groupFunction = (group: ApiGroup) => dev.stack.apiFunctions[group].function;

const stepFunctionOf = (name: StepFunctionName) => dev.stack.stepFunctions[name].function;
/** Every function of a stack, by its entry module's name. */
const allFunctionsOf = (stack: PilotOrchestratorStack): [string, IFunction][] => [
  ...API_GROUPS.map((group) => [apiFunctionName(group), stack.apiFunctions[group].function] as [string, IFunction]),
  ...STEP_FUNCTIONS.map((name) => [name, stack.stepFunctions[name].function] as [string, IFunction]),
  ['digest', stack.digestFunction.function],
];
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
/** Every Allow statement of the policies attached to an API group's function. */
const statementsOf = (group: ApiGroup): Statement[] => statementsOfRole(groupFunction(group).role!);
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
/** The statements granting any of these actions. */
const granting = (statements: Statement[], ...actions: string[]) => statements.filter((s) => [s.Action].flat().some((a) => actions.includes(a)));

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
// Batches of conditional single-item writes (functions/store/statements.ts) are PartiQL INSERTs and UPDATEs.
const BATCH_STATEMENT_ACTIONS = ['dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'];

/** A statement on the product keys (functions/ports/keys.ts), as opposed to the table's key. */
const onProductKey = (resources: unknown[]) => resources.length === 1 && /"(SecretsKey|LinkKey)[0-9A-F]{8}"/.test(JSON.stringify(resources[0]));

describe('the table', () => {
  it('has the key schema and the GSIs of TABLE_DEFINITION with their projections, on demand', () => {
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
        Projection: { ProjectionType: gsi.projection },
      })),
    });
    // The enrolment order's index holds keys only: a participant's changes do not write it (functions/store/table.ts).
    expect(table.Properties.GlobalSecondaryIndexes).toContainEqual(
      expect.objectContaining({ IndexName: 'EnrolmentOrder', Projection: { ProjectionType: 'KEYS_ONLY' } }),
    );
    for (const name of ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'pilotId', 'orderKey']) {
      expect(table.Properties.AttributeDefinitions).toContainEqual({ AttributeName: name, AttributeType: 'S' });
    }
  });

  it('is protected: PITR, TTL on the personal-data expiry attribute', () => {
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it('has deletion protection in prod; dev’s has none, so that `cdk destroy` can remove the stack', () => {
    const prodTable = only(resources(prod.template, 'AWS::DynamoDB::Table'));
    expect(prodTable.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(prodTable.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
  });

  it('is encrypted with a customer-managed KMS key of its own that rotates', () => {
    const keyId = logicalId(dev.stack.table.encryptionKey!.node.defaultChild);
    expect(resources(dev.template, 'AWS::KMS::Key')[keyId]?.Properties.EnableKeyRotation).toBe(true);
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    // The mail events' key is another one: SES may use that key, never the table's.
    expect(keyId).not.toBe(logicalId(dev.stack.mail.eventsTopic.masterKey!.node.defaultChild));
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

  it('requires MFA by authenticator app (TOTP), on the Plus plan with threat protection enforced, in both stages', () => {
    for (const { template } of [dev, prod]) {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
    }
  });

  it('the client signs in by SRP, or by ADMIN_USER_PASSWORD_AUTH for administrators with IAM credentials; no plain password auth, no OAuth flows', () => {
    const client = resources(dev.template, 'AWS::Cognito::UserPoolClient')[logicalId(dev.stack.apiClient.node.defaultChild)]!;
    expect(new Set(client.Properties.ExplicitAuthFlows)).toEqual(
      new Set(['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();
  });

  it('has one group per role the handlers check, and a public client without a secret', () => {
    const groups = Object.values(resources(dev.template, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
    // The few who manage teams and read every pilot (functions/domain/access.ts).
    expect(groups.map((g) => g.Properties.GroupName)).toContain('admin');
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });
});

describe('the web page', () => {
  const bucketId = logicalId(dev.stack.web.bucket.node.defaultChild);
  const distribution = only(resources(dev.template, 'AWS::CloudFront::Distribution'));
  const config = distribution.Properties.DistributionConfig;
  const webClient = resources(dev.template, 'AWS::Cognito::UserPoolClient')[logicalId(dev.stack.webClient.node.defaultChild)]!;
  const pageUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution.id, 'DomainName'] }, '/']] };

  it('is in a private, encrypted bucket that refuses plain HTTP', () => {
    const bucket = resources(dev.template, 'AWS::S3::Bucket')[bucketId]!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const policy = only(resources(dev.template, 'AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Read by CloudFront only, and only by this distribution (Origin Access Control).
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(reads[0]!.Condition)).toContain(distribution.id);
  });

  it('is served by CloudFront over HTTPS only, through Origin Access Control, index.html at the root, with security headers', () => {
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    dev.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const headers = only(resources(dev.template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headers.id });
    const security = headers.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // The header names no API at all (not every API Gateway of the region); index.html's own policy names this stack's (below).
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).not.toMatch(/execute-api|\*|connect-src|default-src/);
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 365 * 86_400, IncludeSubdomains: true });
    expect(security.FrameOptions.FrameOption).toBe('DENY');
    expect(security.ContentTypeOptions).toEqual({ Override: true });
  });

  it('is deployed from the built files with its config.json, and goes with the stack', () => {
    const deployment = only(resources(dev.template, 'Custom::CDKBucketDeployment'));
    expect(deployment.Properties.DestinationBucketName).toEqual({ Ref: bucketId });
    expect(deployment.Properties.Prune).toBe(true);
    expect(deployment.Properties.RetainOnDelete).toBe(false);
    // Three sources: the built page, config.json and index.html with the deploy-time values (API URL, client, domain).
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(3);
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain(logicalId(dev.stack.webClient.node.defaultChild));
  });

  it("writes index.html at deploy with a CSP whose connect-src is exactly this stack's API and sign-in origins", () => {
    const deployment = only(resources(dev.template, 'Custom::CDKBucketDeployment'));
    const markers = deployment.Properties.SourceMarkers as Record<string, unknown>[];
    // index.html (the third source) holds exactly these deploy-time values: the API's id with the
    // region and URL suffix (https://<id>.execute-api.<region>.<suffix>), and the sign-in domain.
    expect(Object.values(markers[2]!)).toEqual([
      { Ref: logicalId(dev.stack.api.node.defaultChild) },
      { Ref: 'AWS::Region' },
      { Ref: 'AWS::URLSuffix' },
      { Ref: logicalId(dev.stack.authDomain.node.defaultChild) },
      { Ref: 'AWS::Region' },
    ]);
    const page = withPolicyMeta('<html><head><title>x</title></head></html>', [
      'https://abc123.execute-api.eu-north-1.amazonaws.com',
      'https://p.auth.eu-north-1.amazoncognito.com',
    ]);
    const meta = /<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1]!;
    expect(meta).toContain("connect-src 'self' https://abc123.execute-api.eu-north-1.amazonaws.com https://p.auth.eu-north-1.amazoncognito.com;");
    expect(meta).toContain("default-src 'self'");
    expect(JSON.stringify(markers)).not.toContain('*.execute-api');
  });

  it('signs in through a public Cognito client: authorization code (with PKCE in the page), no secret, back to the page', () => {
    expect(webClient.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [pageUrl],
      LogoutURLs: [pageUrl],
    });
    expect(new Set(webClient.Properties.AllowedOAuthScopes)).toEqual(new Set(['openid', 'email', 'profile']));
    // No implicit grant: tokens never travel in a URL.
    expect(webClient.Properties.AllowedOAuthFlows).not.toContain('implicit');
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['pilot-orchestrator-dev-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('may call the HTTP API from its CloudFront origin (CORS), and only from it', () => {
    const api = only(resources(dev.template, 'AWS::ApiGatewayV2::Api'));
    expect(api.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution.id, 'DomainName'] }]] }],
      AllowHeaders: ['authorization', 'content-type'],
    });
    expect(new Set(api.Properties.CorsConfiguration.AllowMethods)).toEqual(new Set(['GET', 'POST', 'PATCH', 'DELETE']));
  });

  it('outputs its URL, its client id and the sign-in domain', () => {
    for (const name of ['WebUrl', 'WebClientId', 'AuthDomainUrl']) dev.template.hasOutput(name, {});
  });
});

describe('the HTTP API', () => {
  const routes = Object.values(resources(dev.template, 'AWS::ApiGatewayV2::Route'));

  it('has exactly one route per API_ROUTES entry, with its route key', () => {
    expect(routes).toHaveLength(API_ROUTES.length);
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(API_ROUTES.map(routeKey).sort());
  });

  it('puts the Cognito JWT authorizer on every route but the signed ones, which have none', () => {
    const authorizer = only(resources(dev.template, 'AWS::ApiGatewayV2::Authorizer'));
    const signed = API_ROUTES.filter((r) => r.access === 'signed').map(routeKey);
    // The companies' webhook and e-mail links, and the participants' survey (a signed link, or the page where a printed code is typed).
    expect(signed).toEqual([
      'POST /webhooks/companies/{companyId}',
      'GET /links/{token}',
      'POST /links/{token}',
      'GET /survey',
      'GET /survey/{token}',
      'POST /survey/{token}',
    ]);
    for (const route of routes) {
      if (signed.includes(route.Properties.RouteKey)) {
        expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe('NONE');
        expect(route.Properties.AuthorizerId, route.Properties.RouteKey).toBeUndefined();
        continue;
      }
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe('JWT');
      expect(route.Properties.AuthorizerId, route.Properties.RouteKey).toEqual({ Ref: authorizer.id });
    }
    const poolId = logicalId(dev.stack.userPool.node.defaultChild);
    const clientId = logicalId(dev.stack.apiClient.node.defaultChild);
    const webClientId = logicalId(dev.stack.webClient.node.defaultChild);
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    // The administrators' client and the web page's.
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }, { Ref: webClientId }]);
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain(`{"Ref":"${poolId}"}`);
  });

  it('sends every route to the function of its group (read, write, signed), one integration per function', () => {
    const integrations = resources(dev.template, 'AWS::ApiGatewayV2::Integration');
    expect(Object.keys(integrations)).toHaveLength(API_GROUPS.length);
    const routesByTarget = new Map<string, string[]>();
    for (const route of API_ROUTES) {
      const resource = routes.find((r) => r.Properties.RouteKey === routeKey(route))!;
      const integrationId = resource.Properties.Target['Fn::Join'][1][1].Ref as string;
      const target = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      routesByTarget.set(target, [...(routesByTarget.get(target) ?? []), routeKey(route)]);
    }
    // Each group's function gets exactly the routes of its group; every route reaches one.
    expect(routesByTarget.size).toBe(API_GROUPS.length);
    for (const group of API_GROUPS) {
      expect(routesByTarget.get(logicalId(groupFunction(group).node.defaultChild)), group).toEqual(routesOf(group).map(routeKey));
    }
    expect(routesOf('signed').map((r) => r.handler)).toEqual(['company-webhook', 'link-show', 'link-submit', 'survey-entry', 'survey-show', 'survey-submit']);
    expect(routesOf('read').length + routesOf('write').length + routesOf('signed').length).toBe(API_ROUTES.length);
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
  // Ours: not CDK's BucketDeployment handler (the web page's copy at deploy time; see 'the web page').
  const functions = Object.fromEntries(
    Object.entries(resources(dev.template, 'AWS::Lambda::Function')).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')),
  );

  it('are one per group of routes plus the workflow steps and the digest, Node.js 24 on arm64, traced, with logs kept one month', () => {
    expect(Object.keys(functions)).toHaveLength(API_GROUPS.length + STEP_FUNCTIONS.length + 1);
    const digestId = logicalId(dev.stack.digestFunction.function.node.defaultChild);
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
          },
        },
      });
      // No --enable-source-maps: the bundle maps its own stack traces, reading the map only when one is formatted
      // (functions/stack-traces.ts); the flag had Node parse it at every cold start.
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBeUndefined();
      // An API function gets the longest time any of its routes may take (the batch routes API Gateway's 29 s;
      // the others 10 s). The workflow's steps get 30 s, the digest (which nobody waits for) a minute.
      const group = API_GROUPS.find((g) => logicalId(groupFunction(g).node.defaultChild) === id);
      expect(group !== undefined, id).toBe(!stepIds.has(id) && id !== digestId);
      const routeTimeout = group && Math.max(...routesOf(group).map((r) => r.timeoutSeconds ?? 10));
      expect(fn.Properties.Timeout, id).toBe(id === digestId ? 60 : stepIds.has(id) ? 30 : routeTimeout);
      // A mail claim older than its lease is taken over as its sender's death: no sender may live that long.
      expect(2 * fn.Properties.Timeout * 1000, id).toBeLessThanOrEqual(MAIL_CLAIM_LEASE_MS);
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays, id).toBe(30);
    }
  });

  it('the read function cannot change data: it reads, and adds the access entries of its reads of personal data', () => {
    const actions = actionsOf(statementsOf('read'));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).toContain('dynamodb:Query');
    expect(actions).toContain('kms:Decrypt');
    // Its routes read personal data; each such read adds its access entry (PutItem, BatchWriteItem, encrypted
    // with the table's key), never an update or a delete.
    expect(routesOf('read').some((r) => r.readsPersonalData)).toBe(true);
    const logging = ['dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'kms:GenerateDataKey*'];
    for (const action of logging) expect(actions).toContain(action);
    for (const action of WRITE_ACTIONS.filter((a) => !logging.includes(a))) expect(actions).not.toContain(action);
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
    // Nor does it send e-mail, use the product keys, or touch the workflow or the scheduler.
    expect(actions.filter((a) => /^(ses|states|scheduler|iam):/.test(a) || ['kms:Encrypt', 'kms:GenerateMac', 'kms:VerifyMac'].includes(a))).toEqual([]);
  });

  it('every API function knows the access log retention (6 months unless the context says otherwise)', () => {
    for (const group of API_GROUPS) {
      const environment = resources(dev.template, 'AWS::Lambda::Function')[logicalId(groupFunction(group).node.defaultChild)]!.Properties.Environment.Variables;
      expect(environment.ACCESS_LOG_RETENTION_MONTHS, group).toBe('6');
    }
  });

  it.each(['write', 'signed'] as const)('the %s function can run TransactWriteItems and batched PartiQL writes on the table', (group) => {
    const actions = actionsOf(statementsOf(group));
    for (const action of [...TRANSACT_WRITE_ACTIONS, ...BATCH_STATEMENT_ACTIONS, 'kms:GenerateDataKey*', 'kms:Decrypt']) expect(actions).toContain(action);
    expect(actions).not.toContain('dynamodb:PartiQLDelete');
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it('the signed function sends no e-mail and cannot drive the workflow, schedule, seal or sign: the companies and participants only answer', () => {
    const statements = statementsOf('signed');
    expect(actionsOf(statements).filter((a) => /^(ses|states|scheduler|iam):/.test(a))).toEqual([]);
    const onProductKeys = statements.filter((s) => onProductKey([s.Resource].flat()));
    expect(new Set(actionsOf(onProductKeys))).toEqual(new Set(['kms:Decrypt', 'kms:VerifyMac']));
  });

  it.each(STEP_FUNCTIONS)('the %s step reads and writes the table', (name) => {
    const actions = actionsOf(statementsOfRole(stepFunctionOf(name).role!));
    for (const action of [...TRANSACT_WRITE_ACTIONS, ...BATCH_STATEMENT_ACTIONS, 'dynamodb:GetItem', 'dynamodb:Query', 'kms:GenerateDataKey*', 'kms:Decrypt']) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it('reach only this table (and its indexes) and this key', () => {
    const keyId = logicalId(dev.stack.table.encryptionKey!.node.defaultChild);
    const roles = allFunctionsOf(dev.stack).map(([name, fn]) => [name, fn.role!] as const);
    for (const [name, role] of roles) {
      for (const statement of statementsOfRole(role)) {
        const actions = [statement.Action].flat();
        const resources = [statement.Resource].flat();
        if (actions.some((a) => a.startsWith('dynamodb:'))) {
          for (const resource of resources) expect(JSON.stringify(resource), name).toContain(`"${table.id}"`);
        }
        if (actions.some((a) => a.startsWith('kms:')) && !onProductKey(resources)) {
          expect(resources, name).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
        }
      }
    }
  });

  it('use the product keys only as their routes declare: seal, open, sign or verify, each on its own key', () => {
    const secretsKey = { 'Fn::GetAtt': [logicalId(dev.stack.secretsKey.node.defaultChild), 'Arn'] };
    const linkKey = { 'Fn::GetAtt': [logicalId(dev.stack.linkKey.node.defaultChild), 'Arn'] };
    const expected = (uses: readonly string[]) =>
      uses.map(
        (use) =>
          ({ seal: ['kms:Encrypt', secretsKey], open: ['kms:Decrypt', secretsKey], sign: ['kms:GenerateMac', linkKey], verify: ['kms:VerifyMac', linkKey] })[
            use
          ]!,
      );
    const granted = (role: IRole) =>
      statementsOfRole(role)
        .filter((s) => onProductKey([s.Resource].flat()))
        .flatMap((s) => [s.Action].flat().map((a) => [a, [s.Resource].flat()[0]]));
    // An API function: exactly what its group's routes declare, together.
    for (const group of API_GROUPS) {
      const uses = [...new Set(routesOf(group).flatMap((r) => r.keys ?? []))];
      expect(granted(groupFunction(group).role!), group).toEqual(expected(uses));
    }
    expect(expected([...new Set(routesOf('write').flatMap((r) => r.keys ?? []))])).toEqual(expected(['seal', 'sign']));
    expect(expected([...new Set(routesOf('signed').flatMap((r) => r.keys ?? []))])).toEqual(expected(['open', 'verify']));
    expect(granted(groupFunction('read').role!)).toEqual([]);
    expect(granted(stepFunctionOf('lifecycle-step').role!)).toEqual(expected(['sign']));
    expect(granted(stepFunctionOf('wake-up').role!)).toEqual(expected(['sign']));
    expect(granted(stepFunctionOf('park').role!)).toEqual([]);
    const keys = resources(dev.template, 'AWS::KMS::Key');
    expect(keys[logicalId(dev.stack.linkKey.node.defaultChild)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(keys[logicalId(dev.stack.secretsKey.node.defaultChild)]!.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it('have roles of their own, without managed policies, that write only their own log group', () => {
    const roles = resources(dev.template, 'AWS::IAM::Role');
    for (const [name, fn] of allFunctionsOf(dev.stack)) {
      const role = roles[logicalId(fn.role!.node.defaultChild)]!;
      expect(role.Properties.ManagedPolicyArns, name).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement, name).toEqual([
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
      const logGroupId = functions[logicalId(fn.node.defaultChild)]!.Properties.LoggingConfig.LogGroup.Ref as string;
      const logs = statementsOfRole(fn.role!).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
      expect(new Set(actionsOf(logs)), name).toEqual(new Set(['logs:CreateLogStream', 'logs:PutLogEvents']));
      expect(
        logs.flatMap((s) => [s.Resource].flat()),
        name,
      ).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
    }
    // No role in the stack carries an AWS managed policy (AwsSolutions-IAM4), but CDK's BucketDeployment handler's (acknowledged).
    for (const [id, role] of Object.entries(roles)) {
      if (!id.startsWith('CustomCDKBucketDeployment')) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('are granted "*" only for X-Ray, which has no resource-level permissions (the reason of their cdk-nag acknowledgement)', () => {
    for (const [name, fn] of allFunctionsOf(dev.stack)) {
      const onAnything = statementsOfRole(fn.role!).filter((s) => [s.Resource].flat().includes('*'));
      expect(new Set(actionsOf(onAnything)), name).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
    }
  });
});

describe('asynchronous invocations', () => {
  const failedId = logicalId(dev.stack.failedInvocationsQueue.node.defaultChild);
  const wakeUp = stepFunctionOf('wake-up');
  const digest = dev.stack.digestFunction.function;

  it('the scheduler’s targets (wake-up, digest) send an event that failed after 2 retries to the failed-invocations queue; nothing else is invoked asynchronously', () => {
    const configs = Object.values(resources(dev.template, 'AWS::Lambda::EventInvokeConfig'));
    expect(configs.map((c) => c.Properties.FunctionName).sort((a, b) => a.Ref.localeCompare(b.Ref))).toEqual(
      [{ Ref: logicalId(digest.node.defaultChild) }, { Ref: logicalId(wakeUp.node.defaultChild) }].sort((a, b) => a.Ref.localeCompare(b.Ref)),
    );
    for (const config of configs) {
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedId, 'Arn'] } } },
      });
    }
  });

  it('the failed-invocations queue is encrypted, TLS-only, kept 14 days, and only those two functions may send to it', () => {
    const queue = resources(dev.template, 'AWS::SQS::Queue')[failedId]!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: failedId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    const senders = new Set<string>();
    for (const policy of Object.values(resources(dev.template, 'AWS::IAM::Policy'))) {
      const sends = granting(policy.Properties.PolicyDocument.Statement as Statement[], 'sqs:SendMessage').filter((s) =>
        JSON.stringify(s.Resource).includes(`"${failedId}"`),
      );
      if (sends.length > 0) for (const role of policy.Properties.Roles as { Ref: string }[]) senders.add(role.Ref);
    }
    expect(senders).toEqual(new Set([logicalId(wakeUp.role!.node.defaultChild), logicalId(digest.role!.node.defaultChild)]));
    dev.template.hasOutput('FailedInvocationsQueueUrl', {});
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
  const waitControllers = [[apiFunctionName('write'), groupFunction('write')] as const, ['park', park] as const, ['wake-up', wakeUp] as const];
  /** The functions that create or delete wake-ups: those, and lifecycle-step (the follow-up notices). */
  const schedulers = [...waitControllers, ['lifecycle-step', lifecycleStep] as const];
  // The functions inside the definition (park) and those they reference
  // (wake-up) name the state machine by ARN; a Ref would be a cycle.
  /** A Step Functions ARN in this account and region, as CloudFormation joins it: `resource` is what follows the account. */
  const statesArn = (resource: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, resource]],
  });
  const lifecycleArnByName = statesArn(`:stateMachine:${lifecycle.Properties.StateMachineName}`);

  it('is one Standard state machine running the definition file, its placeholders filled with the step functions’ ARNs', () => {
    expect(lifecycle.Properties.StateMachineType).toBe('STANDARD');
    expect(lifecycle.Properties.DefinitionString).toBe(definitionText);
    expect(lifecycle.Properties.DefinitionSubstitutions).toEqual({
      LifecycleStepFunctionArn: arnOf(lifecycleStep),
      ParkFunctionArn: arnOf(park),
    });
    expect(new Set(Object.keys(lifecycle.Properties.DefinitionSubstitutions))).toEqual(placeholdersOf(definitionText));
  });

  it('logs every transition without execution data (it may hold personal data) for a month, and is traced', () => {
    expect(lifecycle.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
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

  it('is granted "*" only for log delivery and X-Ray, which have no resource-level permissions (the reason of its cdk-nag acknowledgement)', () => {
    const onAnything = statementsOfRole(dev.stack.lifecycle.role).filter((s) => [s.Resource].flat().includes('*'));
    expect(onAnything.length).toBeGreaterThan(0);
    for (const action of actionsOf(onAnything)) {
      expect(action).toMatch(
        /^(logs:(Create|Get|Update|Delete)LogDelivery|logs:ListLogDeliveries|logs:PutResourcePolicy|logs:DescribeResourcePolicies|logs:DescribeLogGroups|xray:\w+)$/,
      );
    }
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
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it.each(['read', 'signed'] as const)('the %s function can neither drive the workflow nor schedule', (group) => {
    const actions = actionsOf(statementsOf(group));
    expect(actions.filter((a) => /^(states|scheduler|iam|lambda|sqs):/.test(a))).toEqual([]);
    const environment = resources(dev.template, 'AWS::Lambda::Function')[logicalId(groupFunction(group).node.defaultChild)]!.Properties.Environment.Variables;
    expect(Object.keys(environment)).not.toContain('STATE_MACHINE_ARN');
  });

  it('POST /pilots/{pilotId}/start can start an execution of the lifecycle and describe its executions; no other route can start one', () => {
    expect(groupOf(API_ROUTES.find((r) => r.handler === 'pilots-start')!)).toBe('write');
    const statements = statementsOf('write');
    expect(granting(statements, 'states:StartExecution').flatMap((s) => [s.Resource].flat())).toEqual([lifecycleRef]);
    expect(granting(statements, 'states:DescribeExecution').flatMap((s) => [s.Resource].flat())).toEqual([
      statesArn(`:execution:${lifecycle.Properties.StateMachineName}:*`),
    ]);
    for (const group of API_GROUPS.filter((g) => g !== 'write')) {
      expect(actionsOf(statementsOf(group)), group).not.toContain('states:StartExecution');
    }
    // Of the step functions, only lifecycle-step starts one: a renewed pilot's successor (asserted below).
    for (const name of STEP_FUNCTIONS.filter((n) => n !== 'lifecycle-step')) {
      expect(actionsOf(statementsOfRole(stepFunctionOf(name).role!)), name).not.toContain('states:StartExecution');
    }
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
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':scheduler:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':schedule/',
            { Ref: scheduleGroup.id },
            '/*',
          ],
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

  it('the lifecycle-step function resumes no wait; it may start a successor execution of the lifecycle, by name, and nothing else', () => {
    const statements = statementsOfRole(lifecycleStep.role!);
    expect(
      actionsOf(statements)
        .filter((a) => a.startsWith('states:'))
        .sort(),
    ).toEqual(['states:DescribeExecution', 'states:StartExecution']);
    expect(granting(statements, 'states:StartExecution').flatMap((s) => [s.Resource].flat())).toEqual([lifecycleArnByName]);
  });

  it.each(schedulers.map(([name]) => name))('%s gets the names and ARNs the AWS adapters read', (name) => {
    const fn = schedulers.find(([n]) => n === name)![1];
    const environment = resources(dev.template, 'AWS::Lambda::Function')[logicalId(fn.node.defaultChild)]!.Properties.Environment.Variables;
    // Functions inside the definition cannot refer to the state machine: they name it (a Ref would be a cycle).
    expect(environment.STATE_MACHINE_ARN).toEqual(name === 'park' || name === 'wake-up' || name === 'lifecycle-step' ? lifecycleArnByName : lifecycleRef);
    expect(environment).toMatchObject({
      SCHEDULE_GROUP_NAME: { Ref: scheduleGroup.id },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [schedulerRoleId, 'Arn'] },
      SCHEDULER_DLQ_ARN: { 'Fn::GetAtt': [dlq.id, 'Arn'] },
    });
    // By name, not by reference: the wake-up schedules its own invocations too (a refused e-mail's next retry).
    expect(environment.WAKE_UP_FUNCTION_ARN).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:pilot-orchestrator-dev-wake-up'],
      ],
    });
    expect(resources(dev.template, 'AWS::Lambda::Function')[logicalId(wakeUp.node.defaultChild)]!.Properties.FunctionName).toBe(
      'pilot-orchestrator-dev-wake-up',
    );
  });

  it('outputs the state machine ARN and the dead-letter queue', () => {
    dev.template.hasOutput('LifecycleStateMachineArn', { Value: lifecycleRef });
    dev.template.hasOutput('WakeUpDeadLetterQueueUrl', {});
  });

  it('synthesis fails on a placeholder without a substitution, or a substitution without a placeholder', () => {
    expect(() => aslDefinition(LIFECYCLE_DEFINITION_FILE, { LifecycleStepFunctionArn: 'arn' })).toThrow(/\$\{ParkFunctionArn\}/);
    expect(() => aslDefinition(LIFECYCLE_DEFINITION_FILE, { LifecycleStepFunctionArn: 'arn', ParkFunctionArn: 'arn', WakeUpFunctionArn: 'arn' })).toThrow(
      /WakeUpFunctionArn/,
    );
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
  const definition = JSON.parse(text.replace(/\$\{(\w+)\}/g, (_, name: string) => `arn:aws:lambda:eu-central-1:123456789012:function:${name}`)) as {
    States: Record<string, State>;
  };
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

  it('every Task state has the one Retry policy and a Catch of every error into the recovery path', () => {
    const tasks = statesOf(definition).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(20);
    for (const [name, state] of tasks) {
      expect((state as { Retry?: unknown }).Retry, name).toEqual(RETRY);
      const last = state.Catch?.at(-1);
      expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      const recovery = name === 'RecordStepFailure' || name === 'WaitStepRetry' ? 'StepFailureBackoff' : `${name}Failed`;
      expect(last?.Next, name).toBe(recovery);
    }
    // No Fail state: no path of the definition ends a pilot's execution in failure.
    expect(statesOf(definition).filter(([, state]) => state.Type === 'Fail')).toEqual([]);
  });

  it('every waiting task times out after PARK_TIMEOUT_SECONDS and then parks again', () => {
    const waits = statesOf(definition).filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(waits.length).toBeGreaterThan(0);
    for (const [name, state] of waits) {
      expect(state.TimeoutSeconds, name).toBe(PARK_TIMEOUT_SECONDS);
      expect(
        state.Catch?.filter((c) => c.ErrorEquals.includes('States.Timeout')).map((c) => c.Next),
        name,
      ).toEqual([name]);
    }
  });
});

describe('e-mail', () => {
  const allFunctions = allFunctionsOf;
  const isSender = (name: string) => (MAIL_SENDERS as readonly string[]).includes(name);
  const senders = allFunctions(dev.stack).filter(([name]) => isSender(name));
  const others = allFunctions(dev.stack).filter(([name]) => !isSender(name));
  const environmentOf = (synthesized: ReturnType<typeof synth>, fn: IFunction) =>
    resources(synthesized.template, 'AWS::Lambda::Function')[synthesized.stack.getLogicalId(fn.node.defaultChild as CfnElement)]!.Properties.Environment
      .Variables as Record<string, unknown>;
  /** The Allow statements naming any ses:* action, by the logical id of the role they are attached to. */
  const sesStatementsByRole = (template: Template) => {
    const byRole = new Map<string, Statement[]>();
    for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
      const statements = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
      for (const role of policy.Properties.Roles as { Ref: string }[]) {
        if (statements.length > 0) byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...statements]);
      }
    }
    return byRole;
  };
  const sesArn = (resource: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]],
  });
  const configurationSet = only(resources(dev.template, 'AWS::SES::ConfigurationSet'));
  const topicId = logicalId(dev.stack.mail.eventsTopic.node.defaultChild);
  const topicKeyId = logicalId(dev.stack.mail.eventsTopic.masterKey!.node.defaultChild);

  // Synthesized as a municipality would deploy it: its own sender, site and digest list.
  const configured = synth('dev', {
    mailFrom: KK_MAIL_FROM,
    mailIdentity: 'kk.dk',
    publicUrl: 'https://pilotprojekter.kk.dk/',
    digestRecipients: 'leder@kk.dk, manager@kk.dk:en',
  });

  it('the configuration set requires TLS and sends bounces, complaints, rejects and delivery delays to the events topic', () => {
    expect(configurationSet.Properties).toMatchObject({ Name: 'pilot-orchestrator-dev', DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    const destination = only(resources(dev.template, 'AWS::SES::ConfigurationSetEventDestination'));
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configurationSet.id });
    expect(destination.Properties.EventDestination.Enabled).toBe(true);
    expect(new Set(destination.Properties.EventDestination.MatchingEventTypes)).toEqual(new Set(['bounce', 'complaint', 'reject', 'deliveryDelay']));
    expect(destination.Properties.EventDestination.SnsDestination).toEqual({ TopicARN: { Ref: topicId } });
    dev.template.hasOutput('MailEventsTopicArn', { Value: { Ref: topicId } });
  });

  it('the events topic is encrypted with a rotating key of its own, TLS-only, and only this configuration set’s SES may publish', () => {
    const topic = resources(dev.template, 'AWS::SNS::Topic')[topicId]!;
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [topicKeyId, 'Arn'] });
    const key = resources(dev.template, 'AWS::KMS::Key')[topicKeyId]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    // SES may use the key for this topic's messages only.
    const sesOnKey = (key.Properties.KeyPolicy.Statement as (Statement & { Principal: unknown })[]).filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'ses.amazonaws.com' }),
    );
    expect(sesOnKey).toHaveLength(1);
    expect(new Set([sesOnKey[0]!.Action].flat())).toEqual(new Set(['kms:GenerateDataKey*', 'kms:Decrypt']));
    expect(JSON.stringify(sesOnKey[0]!.Condition?.StringEquals?.['kms:EncryptionContext:aws:sns:topicArn'])).toContain(':pilot-orchestrator-dev-mail-events');
    expect(topic.Properties.TopicName).toBe('pilot-orchestrator-dev-mail-events');
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
                'AWS:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':configuration-set/', { Ref: configurationSet.id }])] },
              },
            },
          }),
        ]),
      },
    });
  });

  it('the sending identity is left to the municipality unless createMailIdentity=true', () => {
    dev.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    configured.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const created = synth('dev', { mailFrom: KK_MAIL_FROM, createMailIdentity: 'true' });
    const identity = only(resources(created.template, 'AWS::SES::EmailIdentity'));
    expect(identity.Properties.EmailIdentity).toBe('kk.dk');
    expect(identity.Properties.ConfigurationSetAttributes).toEqual({
      ConfigurationSetName: { Ref: only(resources(created.template, 'AWS::SES::ConfigurationSet')).id },
    });
  });

  it('the mail senders are the two e-mailing steps, the digest and the write function (its routes marked sendsMail)', () => {
    expect(senders.map(([name]) => name).sort()).toEqual([...MAIL_SENDERS].sort());
    expect([...MAIL_SENDERS].sort()).toEqual(['api-write', 'digest', 'lifecycle-step', 'wake-up']);
    for (const route of API_ROUTES.filter((r) => r.sendsMail)) expect(route.access, route.handler).toBe('write');
  });

  it.each(senders.map(([name]) => name))('%s may send through SES as exactly the identity, with the configuration set', (name) => {
    const fn = senders.find(([n]) => n === name)![1];
    const statements = sesStatementsByRole(dev.template).get(logicalId(fn.role!.node.defaultChild)) ?? [];
    expect(statements).toHaveLength(1);
    expect(new Set([statements[0]!.Action].flat())).toEqual(new Set(['ses:SendEmail', 'ses:SendRawEmail']));
    expect(statements[0]!.Resource).toEqual([sesArn('identity/example.com'), sesArn('configuration-set/pilot-orchestrator-dev')]);
    expect(statements[0]!.Condition).toBeUndefined();
  });

  it('no other role in the stack has any ses:* action', () => {
    const senderRoles = new Set(senders.map(([, fn]) => logicalId(fn.role!.node.defaultChild)));
    expect(new Set(sesStatementsByRole(dev.template).keys())).toEqual(senderRoles);
    for (const [name, fn] of others)
      expect(
        actionsOf(statementsOfRole(fn.role!)).filter((a) => a.startsWith('ses:')),
        name,
      ).toEqual([]);
  });

  it.each(senders.map(([name]) => name))('%s gets MAIL_FROM, SES_CONFIGURATION_SET, PUBLIC_URL (default: the web page’s URL) and API_URL', (name) => {
    const fn = senders.find(([n]) => n === name)![1];
    expect(environmentOf(dev, fn)).toMatchObject({
      MAIL_FROM: DEV_MAIL_FROM,
      SES_CONFIGURATION_SET: { Ref: configurationSet.id },
      PUBLIC_URL: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(dev.stack.web.distribution.node.defaultChild), 'DomainName'] }]] },
      API_URL: { 'Fn::GetAtt': [logicalId(dev.stack.api.node.defaultChild), 'ApiEndpoint'] },
    });
  });

  it('functions that send no e-mail get no mail settings', () => {
    for (const [name, fn] of others) {
      const keys = Object.keys(environmentOf(dev, fn));
      for (const key of ['MAIL_FROM', 'SES_CONFIGURATION_SET', 'PUBLIC_URL', 'DIGEST_RECIPIENTS']) expect(keys, name).not.toContain(key);
    }
  });

  it('the sender, its identity, the public URL and the digest recipients are configuration (CDK context), not code', () => {
    const sesStatements = sesStatementsByRole(configured.template);
    for (const [name, fn] of allFunctions(configured.stack).filter(([n]) => isSender(n))) {
      expect(environmentOf(configured, fn), name).toMatchObject({ MAIL_FROM: KK_MAIL_FROM, PUBLIC_URL: 'https://pilotprojekter.kk.dk' });
      const roleId = configured.stack.getLogicalId(fn.role!.node.defaultChild as CfnElement);
      expect(
        sesStatements.get(roleId)?.flatMap((s) => [s.Resource].flat()),
        name,
      ).toEqual([sesArn('identity/kk.dk'), sesArn('configuration-set/pilot-orchestrator-dev')]);
    }
    expect(environmentOf(configured, configured.stack.digestFunction.function).DIGEST_RECIPIENTS).toBe('leder@kk.dk, manager@kk.dk:en');
    expect(Object.keys(environmentOf(dev, dev.stack.digestFunction.function))).not.toContain('DIGEST_RECIPIENTS');
    // The identity defaults to the From address's domain.
    expect(environmentOf(prod, prod.stack.digestFunction.function).MAIL_FROM).toBe(KK_MAIL_FROM);
    expect(
      sesStatementsByRole(prod.template).get(prod.stack.getLogicalId(prod.stack.digestFunction.function.role!.node.defaultChild as CfnElement))?.[0]?.Resource,
    ).toContainEqual(sesArn('identity/kk.dk'));
  });

  it('synthesis fails for prod without a mailFrom, and for a From its identity does not cover', () => {
    expect(() => synth('prod')).toThrow(/"mailFrom" is required for prod/);
    expect(() => synth('dev', { mailFrom: KK_MAIL_FROM, mailIdentity: 'example.com' })).toThrow(/not covered by the SES identity example\.com/);
    expect(() => synth('dev', { mailFrom: 'Pilotprojekter' })).toThrow(/neither "Name <address>" nor an address/);
    // A subdomain of a verified domain is covered.
    expect(() => synth('dev', { mailFrom: 'Pilot <pilot@jobcenter.kk.dk>', mailIdentity: 'kk.dk' })).not.toThrow();
  });
});

describe('the weekly digest', () => {
  const digest = dev.stack.digestFunction.function;
  const scheduleGroup = only(resources(dev.template, 'AWS::Scheduler::ScheduleGroup'));
  const schedule = resources(dev.template, 'AWS::Scheduler::Schedule')[logicalId(dev.stack.digestSchedule)]!;
  const digestRoleId = logicalId(dev.stack.digestSchedulerRole.node.defaultChild);
  const dlqId = logicalId(dev.stack.wakeUpDeadLetterQueue.node.defaultChild);

  it('runs every Monday at 07:00 Copenhagen time, in the project’s schedule group, on time', () => {
    expect(DIGEST_SCHEDULE).toEqual({ expression: 'cron(0 7 ? * MON *)', timezone: 'Europe/Copenhagen' });
    expect(schedule.Properties).toMatchObject({
      GroupName: { Ref: scheduleGroup.id },
      ScheduleExpression: 'cron(0 7 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Copenhagen',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  it('invokes the digest function with its own role, retrying within the Monday, then to the dead-letter queue', () => {
    expect(schedule.Properties.Target).toMatchObject({
      Arn: arnOf(digest),
      RoleArn: { 'Fn::GetAtt': [digestRoleId, 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    });
    const retry = schedule.Properties.Target.RetryPolicy as { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
    expect(retry.MaximumRetryAttempts).toBeGreaterThan(0);
    // The send-once key is the Copenhagen date: a retry after midnight would be a second digest.
    expect(retry.MaximumEventAgeInSeconds).toBeLessThanOrEqual(17 * 3600);
  });

  it('its role is EventBridge Scheduler’s for this account’s group, and may invoke only the digest function', () => {
    const role = resources(dev.template, 'AWS::IAM::Role')[digestRoleId]!;
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
    const statements = statementsOfRole(dev.stack.digestSchedulerRole);
    expect(new Set(actionsOf(statements))).toEqual(new Set(['lambda:InvokeFunction', 'sqs:SendMessage']));
    const invoked = granting(statements, 'lambda:InvokeFunction').flatMap((s) => [s.Resource].flat());
    expect(invoked.length).toBeGreaterThan(0);
    for (const resource of invoked) expect(invokeArnsOf(digest)).toContainEqual(resource);
    expect(granting(statements, 'sqs:SendMessage').flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::GetAtt': [dlqId, 'Arn'] }]);
  });

  it('no function may pass the digest’s role, so no schedule a function creates can invoke the digest', () => {
    for (const policy of Object.values(resources(dev.template, 'AWS::IAM::Policy'))) {
      const passRole = granting(policy.Properties.PolicyDocument.Statement as Statement[], 'iam:PassRole');
      for (const resource of passRole.flatMap((s) => [s.Resource].flat())) {
        expect(resource).not.toEqual({ 'Fn::GetAtt': [digestRoleId, 'Arn'] });
      }
    }
    // And the wake-ups' role cannot invoke the digest.
    const wakeUpRoleInvokes = granting(statementsOfRole(dev.stack.schedulerRole), 'lambda:InvokeFunction').flatMap((s) => [s.Resource].flat());
    for (const arn of invokeArnsOf(digest)) expect(wakeUpRoleInvokes).not.toContainEqual(arn);
  });

  it('the digest reads the pilots and writes its send-once record in the table', () => {
    const actions = actionsOf(statementsOfRole(digest.role!));
    for (const action of ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:Decrypt']) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a) => /^(states|lambda):/.test(a))).toEqual([]);
    // Only to schedule a refused e-mail's retry (functions/services/mailing.ts).
    expect(actions.filter((a) => /^(scheduler|iam):/.test(a)).sort()).toEqual(['iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
  });
});

describe('alarms', () => {
  const alarms = Object.entries(resources(dev.template, 'AWS::CloudWatch::Alarm')).map(([id, alarm]) => ({ id, ...alarm }));
  const topicId = logicalId(dev.stack.alarms.topic.node.defaultChild);
  const topicKeyId = logicalId(dev.stack.alarms.topic.masterKey!.node.defaultChild);
  interface MetricQuery {
    Id: string;
    Expression?: string;
    ReturnData?: boolean;
    MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] }; Period: number; Stat: string };
  }
  /** The alarms whose metric (or one of whose metric-math inputs) has this dimension value. */
  const alarmsOn = (dimension: string, value: unknown) =>
    alarms.filter((alarm) => {
      const dimensions = [
        ...((alarm.Properties.Dimensions as { Name: string; Value: unknown }[] | undefined) ?? []),
        ...((alarm.Properties.Metrics as MetricQuery[] | undefined) ?? []).flatMap((m) => m.MetricStat?.Metric.Dimensions ?? []),
      ];
      return dimensions.some((d) => d.Name === dimension && JSON.stringify(d.Value) === JSON.stringify(value));
    });
  /** A metric-math alarm's inputs, by metric name. */
  const inputsOf = (alarm: (typeof alarms)[number]) =>
    Object.fromEntries((alarm.Properties.Metrics as MetricQuery[]).filter((m) => m.MetricStat).map((m) => [m.MetricStat!.Metric.MetricName, m]));
  const expressionOf = (alarm: (typeof alarms)[number]) =>
    (alarm.Properties.Metrics as MetricQuery[]).filter((m) => m.ReturnData !== false).map((m) => m.Expression);

  /** SES's reputation rates: fractions, not counts (AWS reviews an account at 5 % bounces, 0.1 % complaints). */
  const rateThresholds: Record<string, number> = { 'Reputation.BounceRate': 0.05, 'Reputation.ComplaintRate': 0.001 };

  it('every alarm tells the alarm topic when it fires and when it clears, fires on one failure (or SES’s review rate), and takes no data as no failure', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties, alarm.id).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
        Threshold: rateThresholds[alarm.Properties.MetricName as string] ?? 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      expect(alarm.Properties.AlarmName, alarm.id).toMatch(/^pilot-orchestrator-dev-[a-z0-9-]+$/);
      expect(alarm.Properties.AlarmDescription, alarm.id).toBeTruthy();
    }
  });

  it.each(allFunctionsOf(dev.stack).map(([name, fn]) => [name, fn] as const))('%s: one alarm on its errors + throttles', (name, fn) => {
    const on = alarmsOn('FunctionName', { Ref: logicalId(fn.node.defaultChild) });
    expect(on, name).toHaveLength(1);
    const inputs = inputsOf(on[0]!);
    expect(Object.keys(inputs).sort()).toEqual(['Errors', 'Throttles']);
    for (const input of Object.values(inputs)) {
      expect(input.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/Lambda' }, Period: 300, Stat: 'Sum' });
    }
    expect(expressionOf(on[0]!)).toEqual([`FILL(${inputs.Errors!.Id}, 0) + FILL(${inputs.Throttles!.Id}, 0)`]);
  });

  it('one alarm on failed, aborted or timed-out lifecycle executions', () => {
    const on = alarmsOn('StateMachineArn', { Ref: logicalId(dev.stack.lifecycle.node.defaultChild) });
    expect(on).toHaveLength(1);
    const inputs = inputsOf(on[0]!);
    expect(Object.keys(inputs).sort()).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const input of Object.values(inputs)) {
      expect(input.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/States' }, Period: 300, Stat: 'Sum' });
    }
    expect(expressionOf(on[0]!)).toEqual([
      `FILL(${inputs.ExecutionsFailed!.Id}, 0) + FILL(${inputs.ExecutionsAborted!.Id}, 0) + FILL(${inputs.ExecutionsTimedOut!.Id}, 0)`,
    ]);
  });

  it('one alarm on a stuck pilot: the hourly check’s StuckPilots, from the product’s own metrics', () => {
    const on = alarms.filter((a) => a.Properties.MetricName === 'StuckPilots');
    expect(on).toHaveLength(1);
    expect(on[0]!.Properties).toMatchObject({
      Namespace: 'PilotOrchestrator',
      Dimensions: [{ Name: 'service', Value: 'pilot-orchestrator' }],
      Statistic: 'Maximum',
      Period: 3600,
    });
  });

  it('one alarm on e-mails the mail service refused or that were given up', () => {
    const on = alarms.filter((a) => Object.keys(((a.Properties.Metrics as MetricQuery[] | undefined) ?? []).length ? inputsOf(a) : {}).includes('MailFailed'));
    expect(on).toHaveLength(1);
    const inputs = inputsOf(on[0]!);
    expect(Object.keys(inputs).sort()).toEqual(['MailAbandoned', 'MailFailed']);
    for (const input of Object.values(inputs)) {
      expect(input.MetricStat).toMatchObject({
        Metric: { Namespace: 'PilotOrchestrator', Dimensions: [{ Name: 'service', Value: 'pilot-orchestrator' }] },
        Period: 300,
        Stat: 'Sum',
      });
    }
  });

  it('one alarm each on SES’s bounce and complaint rates, at the rates where AWS reviews the account', () => {
    for (const [metric, threshold] of Object.entries(rateThresholds)) {
      const on = alarms.filter((a) => a.Properties.MetricName === metric);
      expect(on, metric).toHaveLength(1);
      expect(on[0]!.Properties).toMatchObject({ Namespace: 'AWS/SES', Statistic: 'Maximum', Threshold: threshold, Period: 3600 });
    }
  });

  it('every queue of the stack (each is a dead-letter queue) alarms on one visible message', () => {
    const queues = Object.keys(resources(dev.template, 'AWS::SQS::Queue'));
    expect(queues.sort()).toEqual(
      [logicalId(dev.stack.wakeUpDeadLetterQueue.node.defaultChild), logicalId(dev.stack.failedInvocationsQueue.node.defaultChild)].sort(),
    );
    for (const queueId of queues) {
      const on = alarmsOn('QueueName', { 'Fn::GetAtt': [queueId, 'QueueName'] });
      expect(on, queueId).toHaveLength(1);
      expect(on[0]!.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Period: 300,
      });
    }
  });

  it('one alarm on the API’s 5xx answers', () => {
    const on = alarmsOn('ApiId', { Ref: logicalId(dev.stack.api.node.defaultChild) });
    expect(on).toHaveLength(1);
    expect(on[0]!.Properties).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Period: 300 });
  });

  it('and no others', () => {
    const queues = Object.keys(resources(dev.template, 'AWS::SQS::Queue')).length;
    // Per function, executions, per queue, 5xx, stuck pilots, mail failures, SES bounce and complaint rates.
    expect(alarms).toHaveLength(allFunctionsOf(dev.stack).length + 1 + queues + 1 + 1 + 1 + 2);
  });

  it('the topic is encrypted with a rotating key of its own and TLS-only; CloudWatch may publish only for this stage’s alarms in this account, and use the key only for this topic', () => {
    const topic = resources(dev.template, 'AWS::SNS::Topic')[topicId]!;
    expect(topic.Properties).toMatchObject({ TopicName: 'pilot-orchestrator-dev-alarms', KmsMasterKeyId: { 'Fn::GetAtt': [topicKeyId, 'Arn'] } });
    expect(topicKeyId).not.toBe(logicalId(dev.stack.table.encryptionKey!.node.defaultChild));
    expect(topicKeyId).not.toBe(logicalId(dev.stack.mail.eventsTopic.masterKey!.node.defaultChild));
    const key = resources(dev.template, 'AWS::KMS::Key')[topicKeyId]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const cloudWatchOnKey = (key.Properties.KeyPolicy.Statement as (Statement & { Principal: unknown })[]).filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(cloudWatchOnKey).toHaveLength(1);
    expect(new Set([cloudWatchOnKey[0]!.Action].flat())).toEqual(new Set(['kms:GenerateDataKey*', 'kms:Decrypt']));
    expect(JSON.stringify(cloudWatchOnKey[0]!.Condition?.StringEquals?.['kms:EncryptionContext:aws:sns:topicArn'])).toContain(':pilot-orchestrator-dev-alarms');
    const policy = only(resources(dev.template, 'AWS::SNS::TopicPolicy', { Properties: { Topics: [{ Ref: topicId }] } }));
    const statements = policy.Properties.PolicyDocument.Statement as (Statement & { Principal: unknown })[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Resource: { Ref: topicId },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify(allows[0]!.Condition?.ArnLike?.['aws:SourceArn'])).toContain(':alarm:pilot-orchestrator-dev-*');
    dev.template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });

  it('the alarm e-mail is configuration: subscribed only when alarmEmail is given; a malformed one fails synthesis', () => {
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
    const configured = synth('prod', { mailFrom: KK_MAIL_FROM, alarmEmail: 'drift@kk.dk' });
    const subscription = only(resources(configured.template, 'AWS::SNS::Subscription'));
    expect(subscription.Properties).toEqual({
      Protocol: 'email',
      Endpoint: 'drift@kk.dk',
      TopicArn: { Ref: configured.stack.getLogicalId(configured.stack.alarms.topic.node.defaultChild as CfnElement) },
    });
    expect(() => synth('dev', { alarmEmail: 'drift' })).toThrow(/"alarmEmail" must be one e-mail address/);
    expect(() => synth('dev', { alarmEmail: 'a@kk.dk, b@kk.dk' })).toThrow(/"alarmEmail" must be one e-mail address/);
  });
});

describe('the operations dashboard', () => {
  const dashboards = resources(dev.template, 'AWS::CloudWatch::Dashboard');
  const body = () => {
    const dashboard = only(dashboards);
    // The body is a Fn::Join of strings and references: its text is what the operator sees.
    const parts = (dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
  };

  it('is one dashboard named for the stage', () => {
    expect(only(dashboards).Properties.DashboardName).toBe('pilot-orchestrator-dev');
    dev.template.hasOutput('DashboardName', {});
  });

  it.each([
    ['pilots by phase', 'MetricName=\\"PilotsByPhase\\"'],
    ['stuck pilots', '"StuckPilots"'],
    ['step failures by step', 'MetricName=\\"StepFailures\\"'],
    ['webhook answers by status', 'MetricName=\\"WebhookAnswers\\"'],
    ['e-mails sent', '"MailSent"'],
    ['e-mails refused', '"MailFailed"'],
    ['the API’s 5xx', '"5xx"'],
    ['the API’s latency', '"Latency"'],
    ['failed executions', '"ExecutionsFailed"'],
  ])('shows %s', (_what, text) => {
    expect(body()).toContain(text);
  });

  it('shows every alarm’s state', () => {
    const alarmIds = Object.keys(resources(dev.template, 'AWS::CloudWatch::Alarm'));
    for (const id of alarmIds) expect(body(), id).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
  });
});

describe('SDK tracing (functions/tracing.ts)', () => {
  const functionsOf = (template: Template) =>
    Object.entries(resources(template, 'AWS::Lambda::Function')).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));

  it('is off by default: it costs each cold start (README, "Operations")', () => {
    for (const [id, fn] of functionsOf(dev.template)) expect(Object.keys(fn.Properties.Environment.Variables), id).not.toContain('TRACE_SDK_CLIENTS');
  });

  it('-c traceSdk=true turns it on for every function', () => {
    const traced = synth('dev', { traceSdk: 'true' });
    const functions = functionsOf(traced.template);
    expect(functions.length).toBe(API_GROUPS.length + STEP_FUNCTIONS.length + 1);
    for (const [id, fn] of functions) expect(fn.Properties.Environment.Variables.TRACE_SDK_CLIENTS, id).toBe('true');
  });
});
