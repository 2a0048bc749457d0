import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Access } from '../../functions/http/auth.js';

/** The repository root: entries, the lock file and tsconfig are found from here, whatever the working directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProjectFunctionProps {
  /** The entry module relative to the repository root, e.g. `functions/api/pilots-get.ts`; it exports `handler`. */
  entry: string;
  description?: string;
  /** The single table; its name reaches the function as TABLE_NAME. */
  table: ITable;
  /** `read` functions get read actions on the table only; `write` ones read and write. */
  tableAccess: Access;
  /** For the function's log group: RETAIN where the logs are evidence (prod), DESTROY where they are not. */
  logRemovalPolicy: RemovalPolicy;
  /** @default 10 seconds, for API functions (API Gateway gives up after 30). */
  timeout?: Duration;
  /** @default 512 */
  memorySize?: number;
  environment?: Record<string, string>;
}

/**
 * A Lambda function of this project: runtime, architecture, bundling, log
 * retention, tracing and table access are decided here once, not per function.
 */
export class ProjectFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);

    // Created explicitly (not `logRetention`) so the retention is a plain
    // CloudFormation property and no log-retention custom resource is deployed.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy,
    });

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      ...(props.description ? { description: props.description } : {}),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'pilot-orchestrator',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // Prefer the ESM builds of dependencies so esbuild can tree-shake them.
        mainFields: ['module', 'main'],
        // Some dependencies still call require() for Node built-ins, which an
        // ESM bundle does not define.
        banner: "import { createRequire as __projectCreateRequire } from 'node:module'; const require = __projectCreateRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        // Ship the SDK versions package-lock.json pins and the tests ran
        // against, not whichever version the Lambda runtime carries today.
        bundleAwsSDK: true,
      },
    });

    if (props.tableAccess === 'read') props.table.grantReadData(this.function);
    else props.table.grantReadWriteData(this.function);
  }
}
