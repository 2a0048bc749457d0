import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWebPage, headerPolicyBesideMeta, withPolicyMeta, type WebConfig } from '../../web/build.js';
import { acknowledgeNag, wildcardAction, wildcardResource } from './nag.js';

// The consultant's web page on AWS: the static files of web/build.ts in a
// private S3 bucket, served by CloudFront through Origin Access Control (the
// bucket is reachable only through the distribution), over HTTPS only, with
// security headers. The page then calls the HTTP API directly, with CORS.

export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<id>.cloudfront.net, no trailing slash: the page's origin (CORS, OAuth callback). */
  readonly origin: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output, rebuilt at every deploy: nothing to keep. The
      // deployment empties it on delete (retainOnDelete: false below).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeNag(this.bucket, {
      id: 'AwsSolutions-S1',
      reason:
        "The bucket holds only the page's static files, the same for every visitor and rebuilt at each deploy; no personal data. Only CloudFront reads it (Origin Access Control), and what the page does with data goes through the HTTP API, whose access log records every call.",
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The pilot-orchestrator web page: CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // No connect-src here: index.html's own policy names the stack's API (see deploy()).
          contentSecurityPolicy: headerPolicyBesideMeta(),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'pilot-orchestrator web page',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // The files carry Cache-Control: no-cache (below), so a deploy shows at once; CloudFront still compresses.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and North America: the users are in Copenhagen.
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    const reason = (what: string) =>
      `${what} The distribution serves only the static files of an internal page (no personal data, the same for everyone); the data behind it is reached through the HTTP API, which authenticates every call with Cognito and logs it.`;
    acknowledgeNag(
      this.distribution,
      { id: 'AwsSolutions-CFR1', reason: reason('No geo restriction: staff also work from abroad (travel, home offices across the border).') },
      { id: 'AwsSolutions-CFR2', reason: reason('No AWS WAF web ACL: a web ACL costs a monthly fee and rules for a page with nothing to attack in it.') },
      { id: 'AwsSolutions-CFR3', reason: reason('No CloudFront access logs: they would need an ACL-enabled log bucket and record only who fetched the page.') },
      {
        id: 'AwsSolutions-CFR4',
        reason: reason(
          'The default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain with its own certificate (and TLSv1.2_2021) is a change of configuration once the municipality names one.',
        ),
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Copies the built page and its configuration into the bucket at each
   * deploy. index.html is written then too, with the Content-Security-Policy
   * whose connect-src is exactly `connect` (the stack's API and sign-in
   * origins, deploy-time values).
   */
  deploy(config: WebConfig, connect: string[]): BucketDeployment {
    const built = buildWebPage(mkdtempSync(join(tmpdir(), 'pilot-web-')));
    const index = readFileSync(join(built, 'index.html'), 'utf8');
    rmSync(join(built, 'index.html'));
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(built), Source.jsonData('config.json', config), Source.data('index.html', withPolicyMeta(index, connect))],
      destinationBucket: this.bucket,
      // Files no longer built go; the bucket is emptied when the stack is destroyed.
      prune: true,
      retainOnDelete: false,
      // Not fingerprinted: revalidate each time, so a deploy is seen at once.
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentHandler(deployment);
    return deployment;
  }

  /**
   * CDK's BucketDeployment runs a singleton function of its own (at the
   * stack's root) that CloudFormation invokes at deploy time to copy the
   * files: its runtime, role and settings are CDK's, not ours to choose.
   */
  private acknowledgeDeploymentHandler(deployment: BucketDeployment) {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error("BucketDeployment's handler was not found at the stack's root; has CDK moved it?");
    const cdk =
      "CDK's BucketDeployment handler, which CloudFormation invokes only while deploying, to copy the page's files from the CDK assets bucket into the page's bucket.";
    acknowledgeNag(
      deployment.handlerRole,
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${cdk} The AWS managed policy lets it write its own logs, nothing else.`,
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: wildcardAction(action),
        reason: `${cdk} CDK grants the read family on the assets bucket and the write family on the page's bucket, no other bucket.`,
      })),
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        reason: `${cdk} The CDK bootstrap's assets bucket, whose objects are named by content hash at synthesis: read only.`,
      },
      {
        id: wildcardResource(this, `${this.bucket.bucketArn}/*`),
        reason: `${cdk} Every object of the page's own bucket: the deployment replaces the whole page.`,
      },
    );
    acknowledgeNag(
      handler,
      { id: 'AwsSolutions-L1', reason: `${cdk} CDK pins its runtime and moves it with aws-cdk-lib upgrades.` },
      { id: 'Serverless-LambdaLatestVersion', reason: `${cdk} CDK pins its runtime and moves it with aws-cdk-lib upgrades.` },
      { id: 'Serverless-LambdaDLQ', reason: `${cdk} CloudFormation invokes it and waits for its answer; a failure fails the deployment, which rolls back.` },
      { id: 'Serverless-LambdaTracing', reason: `${cdk} It runs a few seconds per deploy; its logs show what it copied, a trace would add nothing.` },
    );
  }
}
