import type { Tracer } from '@aws-lambda-powertools/tracer';

// X-Ray subsegments for the AWS SDK calls (DynamoDB, Step Functions,
// Scheduler, SES, KMS), with @aws-lambda-powertools/tracer: opt-in, because
// loading the tracer and the X-Ray SDK costs each cold start about as much
// again as the function's own code (README, "Operations": the bench's
// figures). The functions' own X-Ray tracing (Lambda's segment per
// invocation, the state machine's) is always on; this adds the SDK calls
// inside it. The CDK context `traceSdk=true` sets TRACE_SDK_CLIENTS.

let tracer: Tracer | undefined;

/** Resolves once the tracer is loaded (at once when tracing is off); awaited before a handler creates its clients. */
export const tracingReady: Promise<void> =
  process.env.TRACE_SDK_CLIENTS === 'true'
    ? import('@aws-lambda-powertools/tracer').then(({ Tracer }) => {
        tracer = new Tracer({ serviceName: 'pilot-orchestrator' });
      })
    : Promise.resolve();

/** The client, its calls traced when TRACE_SDK_CLIENTS is on; the client itself otherwise. */
export const traced = <T>(client: T): T => (tracer ? tracer.captureAWSv3Client(client) : client);
