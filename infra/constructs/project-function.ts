import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Access } from '../../functions/http/auth.js';
import { bundlingDefine, LAMBDA_BUNDLING } from './bundling.js';
import { acknowledgeNag, wildcardAction, wildcardResource } from './nag.js';

/** The repository root: entries, the lock file and tsconfig are found from here, whatever the working directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime aws-cdk-lib offers; LAMBDA_BUNDLING.target names the same version. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export type TableAccess = Access | 'read-and-log';

/** The CDK context `traceSdk` (`-c traceSdk=true`): X-Ray subsegments for the SDK calls (functions/tracing.ts). */
export const traceSdkOf = (scope: Construct): boolean => [true, 'true'].includes(scope.node.tryGetContext('traceSdk') as unknown as boolean | string);

export interface ProjectFunctionProps {
  /** The entry module relative to the repository root, e.g. `functions/api/pilots-get.ts`; it exports `handler`. */
  entry: string;
  description?: string;
  /** The single table; its name reaches the function as TABLE_NAME. */
  table: ITable;
  /**
   * `read` functions get read actions on the table only; `read-and-log` those
   * and PutItem/BatchWriteItem, for the access entries a read of personal data
   * writes (functions/store/access-log.ts), never Update or Delete; `write`
   * ones read and write.
   */
  tableAccess: TableAccess;
  /** For the function's log group: RETAIN where the logs are evidence (prod), DESTROY where they are not. */
  logRemovalPolicy: RemovalPolicy;
  /** @default 10 seconds, for API functions (API Gateway gives up after 30). */
  timeout?: Duration;
  /** @default 512 */
  memorySize?: number;
  environment?: Record<string, string>;
  /** A fixed name, for a function whose ARN others (and the function itself) must name without a reference to it. */
  functionName?: string;
  /**
   * Where an asynchronous invocation goes when it has failed after Lambda's
   * retries. Required for a function anything invokes asynchronously (the
   * scheduler's targets); leave it out only for functions whose every caller
   * waits for the answer (API Gateway, Step Functions), which is what the
   * acknowledgement of Serverless-LambdaDLQ below then says.
   */
  asyncFailureQueue?: IQueue;
}

/**
 * A Lambda function of this project: runtime, architecture, bundling, log
 * retention, tracing, role and table access are decided here once, not per function.
 */
export class ProjectFunction extends Construct {
  readonly function: NodejsFunction;
  /** The entry module, relative to the repository root (scripts/bundle-size.ts bundles it). */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    const traceSdk = traceSdkOf(this);

    // Created explicitly (not `logRetention`) so the retention is a plain
    // CloudFormation property and no log-retention custom resource is deployed.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy,
    });

    // A role of its own instead of the default one with the managed
    // AWSLambdaBasicExecutionRole, which may create and write any log group in
    // the account (AwsSolutions-IAM4): this one writes its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      ...(props.description ? { description: props.description } : {}),
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      ...(props.functionName ? { functionName: props.functionName } : {}),
      role,
      logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'pilot-orchestrator',
        ...props.environment,
        // Read by functions/tracing.ts only where the bundle kept it (bundlingDefine): visible on the function for operators.
        ...(traceSdk ? { TRACE_SDK_CLIENTS: 'true' } : {}),
      },
      bundling: {
        format: OutputFormat.CJS,
        target: LAMBDA_BUNDLING.target,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        sourcesContent: LAMBDA_BUNDLING.sourcesContent,
        // NodejsFunction has no property for it; the CLI's flag is the API's `supported`.
        esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_BUNDLING.supported).map(([feature, on]) => [`--supported:${feature}`, String(on)])),
        externalModules: [...LAMBDA_BUNDLING.external],
        inject: LAMBDA_BUNDLING.inject.map((file) => path.join(PROJECT_ROOT, file)),
        define: bundlingDefine({ traceSdk }),
      },
      ...(props.asyncFailureQueue
        ? {
            onFailure: new SqsDestination(props.asyncFailureQueue),
            // The scheduler's targets are idempotent (a wake-up resumes a wait by
            // a conditional delete, the digest is sent once per date), so
            // Lambda's two retries are safe.
            retryAttempts: 2,
          }
        : {}),
    });

    if (props.tableAccess === 'write') {
      props.table.grantReadWriteData(this.function);
      // Batches of single-item conditional writes (functions/store/statements.ts): PartiQL's INSERT and UPDATE are
      // IAM actions of their own, which the grant above leaves out. No PartiQL delete or select.
      props.table.grant(this.function, 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate');
    } else props.table.grantReadData(this.function);
    if (props.tableAccess === 'read-and-log') {
      props.table.grant(this.function, 'dynamodb:PutItem', 'dynamodb:BatchWriteItem');
      props.table.encryptionKey?.grant(this.function, 'kms:GenerateDataKey*');
    }

    acknowledgeNag(
      role,
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords), which has no resource-level permissions; test/infra checks that no other action is granted on "*".',
      },
      {
        id: wildcardResource(this, `${props.table.tableArn}/index/*`),
        reason:
          "The table's global secondary indexes (the access patterns of functions/store/table.ts), granted by the table's grant method: this table's indexes only, with the same read or read-write actions as the table.",
      },
    );
    if (props.tableAccess !== 'read') {
      for (const action of props.tableAccess === 'write' ? ['kms:GenerateDataKey*', 'kms:ReEncrypt*'] : ['kms:GenerateDataKey*']) {
        acknowledgeNag(role, {
          id: wildcardAction(action),
          reason:
            "The table grant's KMS actions on the table's own key only (the resource is that key's ARN): DynamoDB needs them to encrypt new and changed items with the customer-managed key.",
        });
      }
    }
    acknowledgeNag(this.function, {
      id: 'Serverless-LambdaDLQ',
      reason: props.asyncFailureQueue
        ? 'Invoked asynchronously by EventBridge Scheduler: a failed event goes, with its error, to the on-failure destination (an SQS queue whose depth is alarmed), which AWS recommends over a dead-letter queue; a DLQ as well would hold the same event twice.'
        : 'Invoked synchronously only (API Gateway or Step Functions), where the caller gets the error: an API client its 5xx (alarmed), the state machine its Catch and Retry (failed executions are alarmed). A dead-letter queue only ever receives asynchronous invocations.',
    });
  }
}
