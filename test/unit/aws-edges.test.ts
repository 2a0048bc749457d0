import {
  DecryptCommand,
  DependencyTimeoutException,
  DisabledException,
  GenerateMacCommand,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KeyUnavailableException,
  KMSClient,
  KMSInternalException,
  KMSInvalidMacException,
  KMSInvalidStateException,
  NotFoundException,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { SignJWT } from 'jose';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { awsKeys } from '../../functions/adapters/aws/keys.js';
import { localKeys } from '../../functions/adapters/local/keys.js';
import { DependencyUnavailableError, UnauthorizedError } from '../../functions/domain/errors.js';
import { authorize } from '../../functions/http/auth.js';
import type { ApiEvent } from '../../functions/http/types.js';
import { configurePorts } from '../../functions/composition.js';
import { handler as linkShow } from '../../functions/api/link-show.js';
import { handler as linkSubmit } from '../../functions/api/link-submit.js';
import { createLocalAuth, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/local-auth.js';

// The edges to AWS that no test can reach without an account: KMS behind the
// e-mail links and the webhook secrets, and what the JWT authorizer lets through.

const kms = mockClient(KMSClient);
process.env.LINK_KEY_ID = 'arn:aws:kms:eu-north-1:123456789012:key/link';
process.env.SECRETS_KEY_ID = 'arn:aws:kms:eu-north-1:123456789012:key/secrets';
process.env.TABLE_NAME ??= 'not-reached';

beforeEach(() => {
  kms.reset();
  configurePorts({ keys: awsKeys() });
});
afterAll(() => configurePorts({ keys: localKeys(Buffer.alloc(32, 7)) }));

const context = { awsRequestId: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const linkEvent = (token: string, method: 'GET' | 'POST' = 'GET') =>
  ({
    routeKey: `${method} /links/{token}`,
    rawPath: `/links/${token}`,
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    pathParameters: { token },
    ...(method === 'POST' ? { body: `nonce=${crypto.randomUUID()}&slots=2` } : {}),
    isBase64Encoded: false,
    requestContext: { requestId: 'r', http: { method } },
  }) as unknown as ApiEvent;
const claims = Buffer.from(JSON.stringify({ c: crypto.randomUUID(), p: crypto.randomUUID(), a: 'slots', exp: 4_000_000_000, v: 1 })).toString('base64url');
const goodShapeMac = Buffer.alloc(32, 1).toString('base64url');

describe('a link token with a malformed MAC', () => {
  it.each([
    ['too short', 'abc'],
    ['too long', `${goodShapeMac}AAAA`],
    ['not base64url', `${goodShapeMac.slice(0, 42)}+`],
    ['empty', ''],
  ])('(%s) is a 400 page before KMS is asked', async (_, mac) => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await (method === 'GET' ? linkShow : linkSubmit)(linkEvent(`v1.${claims}.${mac}`, method), context);
      expect(res.statusCode).toBe(400);
      expect(res.headers?.['content-type']).toMatch(/^text\/html/);
    }
    expect(kms.calls()).toHaveLength(0);
  });

  it('of the right shape is checked by KMS, and a wrong one is a 400 page', async () => {
    kms.on(VerifyMacCommand).rejects(new KMSInvalidMacException({ message: 'invalid', $metadata: {} }));
    const res = await linkShow(linkEvent(`v1.${claims}.${goodShapeMac}`), context);
    expect(res.statusCode).toBe(400);
    expect(kms.commandCalls(VerifyMacCommand)).toHaveLength(1);
  });
});

describe('every KMS failure', () => {
  const faults = [
    new DisabledException({ message: 'disabled', $metadata: {} }),
    new KeyUnavailableException({ message: 'key material not in the HSM', $metadata: {} }),
    new KMSInvalidStateException({ message: 'pending deletion', $metadata: {} }),
    new NotFoundException({ message: 'no key', $metadata: {} }),
    new DependencyTimeoutException({ message: 'timeout', $metadata: {} }),
    new KMSInternalException({ message: 'internal', $metadata: {} }),
    new InvalidKeyUsageException({ message: 'usage', $metadata: {} }),
    Object.assign(new Error('not authorized to perform kms:VerifyMac'), { name: 'AccessDeniedException' }),
    Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
    Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
  ];

  it.each(faults.map((f) => [f.name, f]))('%s is a 503 on the unauthenticated link routes, never a 500', async (_, fault) => {
    kms.on(VerifyMacCommand).rejects(fault);
    for (const method of ['GET', 'POST'] as const) {
      const res = await (method === 'GET' ? linkShow : linkSubmit)(linkEvent(`v1.${claims}.${goodShapeMac}`, method), context);
      expect([method, res.statusCode]).toEqual([method, 503]);
      expect(res.headers?.['retry-after']).toBe('1');
      expect(res.body).not.toContain(fault.message);
    }
  });

  it.each(faults.map((f) => [f.name, f]))('%s is a DependencyUnavailableError from each key use, with the cause kept', async (_, fault) => {
    kms.on(GenerateMacCommand).rejects(fault).on(DecryptCommand).rejects(fault).on(VerifyMacCommand).rejects(fault);
    const keys = awsKeys();
    for (const use of [() => keys.sign('m'), () => keys.verify('m', goodShapeMac), () => keys.open('c2VhbGVk', { companyId: 'c' })]) {
      const error = await use().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DependencyUnavailableError);
      expect((error as Error).cause).toBe(fault);
    }
  });

  it("a sealed secret KMS cannot open is the product's fault (503), not the caller's", async () => {
    kms.on(DecryptCommand).rejects(new InvalidCiphertextException({ message: 'bad', $metadata: {} }));
    await expect(awsKeys().open('c2VhbGVk', { companyId: 'c' })).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('the tokens the API accepts', () => {
  const eventWith = (c: Record<string, unknown>) => ({ requestContext: { authorizer: { jwt: { claims: c } } } }) as unknown as ApiEvent;
  const base = { sub: 'u-1', 'cognito:groups': '[consultant]', email: 'anna@kk.dk' };

  it('is exactly the ID token the page and the CLI send: an access token of the same client is refused', () => {
    expect(authorize(eventWith({ ...base, token_use: 'id', aud: 'web-client' }), 'write').sub).toBe('u-1');
    for (const c of [{ ...base, token_use: 'access', client_id: 'web-client' }, base, { ...base, token_use: 'ID' }]) {
      expect(() => authorize(eventWith(c), 'read')).toThrow(UnauthorizedError);
    }
  });

  it('locally carries an expiry, and one without exp (or without token_use) is refused', async () => {
    const key = new Uint8Array(32).fill(3);
    const auth = createLocalAuth(key);
    const signed = await auth.sign('consultant');
    const payload = JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload.exp - payload.iat).toBe(12 * 3600);
    expect(await auth.verify(signed)).toMatchObject({ sub: 'local-consultant', token_use: 'id' });

    const forged = (claims: Record<string, unknown>, exp: boolean) => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('local-consultant')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt();
      return (exp ? jwt.setExpirationTime('1h') : jwt).sign(key);
    };
    expect(await auth.verify(await forged({ 'cognito:groups': ['consultant'], token_use: 'id' }, false))).toBeUndefined();
    expect(await auth.verify(await forged({ 'cognito:groups': ['consultant'] }, true))).toBeUndefined();
    expect(await auth.verify(await forged({ 'cognito:groups': ['consultant'], token_use: 'access' }, true))).toBeUndefined();
    expect(await auth.verify(await forged({ 'cognito:groups': ['consultant'], token_use: 'id' }, true))).toBeDefined();
  });
});
