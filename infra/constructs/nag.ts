import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

// cdk-nag 3 reads acknowledgements from CDK's own Validations metadata
// (`Validations.of(x).acknowledge`), and has no NagSuppressions any more. An
// acknowledgement covers the construct and everything under it, and a rule
// with several findings (AwsSolutions-IAM5) is acknowledged one finding at a
// time: `AwsSolutions-IAM5[Resource::<Table.Arn>/index/*]`, never the rule as
// a whole. test/infra/nag.test.ts runs the packs and expects no finding left.

export interface NagAcknowledgement {
  /** The rule (`AwsSolutions-SQS3`) or one finding of it (`AwsSolutions-IAM5[Action::kms:ReEncrypt*]`). */
  id: string;
  /** Why the finding is acceptable here: what a security reviewer reads. */
  reason: string;
}

/** Acknowledges cdk-nag findings on a construct and everything under it. */
export const acknowledgeNag = (scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void => Validations.of(scope).acknowledge(...acknowledgements);

/**
 * The id of an AwsSolutions-IAM5 finding for a wildcard in a resource, rendered
 * exactly as cdk-nag renders it (its own function), from the same token the
 * policy uses: `${table.tableArn}/index/*` becomes `Resource::<TableCD117FA1.Arn>/index/*`.
 */
export const wildcardResource = (scope: IConstruct, resource: string): string =>
  `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;

/** The id of an AwsSolutions-IAM5 finding for a wildcard in an action, e.g. `kms:GenerateDataKey*`. */
export const wildcardAction = (action: string): string => `AwsSolutions-IAM5[Action::${action}]`;
