import { randomBytes, randomUUID } from 'node:crypto';
import { DecryptCommand, EncryptCommand, GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsKeys } from '../../functions/adapters/aws/keys.js';
import { localKeys } from '../../functions/adapters/local/keys.js';
import type { Keys } from '../../functions/ports/keys.js';
import { readLink, signLink } from '../../functions/services/signed-links.js';

// The keys port: KMS on AWS (call shapes, with aws-sdk-client-mock), the
// local key file's AES-GCM and HMAC, and the link tokens made with it.

describe('local keys', () => {
  const keys = localKeys(randomBytes(32));

  it('opens what it sealed, only with the same context, and detects tampering', async () => {
    const sealed = await keys.seal('whsec_abc', { companyId: 'c-1' });
    expect(sealed).not.toContain('whsec');
    expect(await keys.open(sealed, { companyId: 'c-1' })).toBe('whsec_abc');
    await expect(keys.open(sealed, { companyId: 'c-2' })).rejects.toThrow();
    const raw = Buffer.from(sealed, 'base64');
    raw[raw.length - 1]! ^= 1;
    await expect(keys.open(raw.toString('base64'), { companyId: 'c-1' })).rejects.toThrow();
    // A fresh IV each time: the same secret never seals to the same text.
    expect(await keys.seal('whsec_abc', { companyId: 'c-1' })).not.toBe(sealed);
  });

  it('signs and verifies, and another key does not verify', async () => {
    const mac = await keys.sign('message');
    expect(await keys.verify('message', mac)).toBe(true);
    expect(await keys.verify('messagE', mac)).toBe(false);
    expect(await keys.verify('message', 'short')).toBe(false);
    expect(await localKeys(randomBytes(32)).verify('message', mac)).toBe(false);
  });
});

describe('KMS keys', () => {
  const kms = mockClient(KMSClient);
  beforeEach(() => {
    kms.reset();
    process.env.SECRETS_KEY_ID = 'arn:aws:kms:eu-north-1:123456789012:key/secrets';
    process.env.LINK_KEY_ID = 'arn:aws:kms:eu-north-1:123456789012:key/link';
  });
  afterEach(() => {
    delete process.env.SECRETS_KEY_ID;
    delete process.env.LINK_KEY_ID;
  });

  it('seals with Encrypt and opens with Decrypt, the context as the encryption context', async () => {
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Buffer.from('cipher') });
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from('whsec_abc') });
    const keys = awsKeys();
    const sealed = await keys.seal('whsec_abc', { companyId: 'c-1' });
    expect(sealed).toBe(Buffer.from('cipher').toString('base64'));
    expect(kms.commandCalls(EncryptCommand)[0]!.args[0].input).toMatchObject({ KeyId: process.env.SECRETS_KEY_ID, EncryptionContext: { companyId: 'c-1' } });
    expect(await keys.open(sealed, { companyId: 'c-1' })).toBe('whsec_abc');
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toMatchObject({ KeyId: process.env.SECRETS_KEY_ID, EncryptionContext: { companyId: 'c-1' } });
  });

  it('signs with GenerateMac and treats KMSInvalidMacException as "does not verify"', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: Buffer.from([1, 2, 3]) });
    const keys = awsKeys();
    expect(await keys.sign('m')).toBe(Buffer.from([1, 2, 3]).toString('base64url'));
    expect(kms.commandCalls(GenerateMacCommand)[0]!.args[0].input).toMatchObject({ KeyId: process.env.LINK_KEY_ID, MacAlgorithm: 'HMAC_SHA_256' });
    kms
      .on(VerifyMacCommand)
      .resolvesOnce({ MacValid: true })
      .rejectsOnce(new KMSInvalidMacException({ message: 'invalid', $metadata: {} }));
    expect(await keys.verify('m', 'AQID')).toBe(true);
    expect(await keys.verify('m', 'AQID')).toBe(false);
  });

  it('says which setting is missing', async () => {
    delete process.env.LINK_KEY_ID;
    await expect(awsKeys().sign('m')).rejects.toThrow('LINK_KEY_ID is not set');
  });
});

describe('link tokens', () => {
  // The signing key is given in the context, as a handler gives it: a fresh one per test.
  let ctx: { ports: { keys: Keys } };
  beforeEach(() => {
    ctx = { ports: { keys: localKeys(randomBytes(32)) } };
  });
  const claims = { companyId: randomUUID(), pilotId: randomUUID(), action: 'slots' as const, exp: Date.parse('2021-01-15T00:00:00Z') / 1000 };

  it('reads back what was signed until it expires', async () => {
    const token = await signLink(ctx, claims);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await readLink(ctx, token, new Date('2021-01-14T23:59:59Z'))).toEqual({ ok: true, claims });
    expect(await readLink(ctx, token, new Date('2021-01-15T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  describe('after a pause', () => {
    // Issued 4 January (Copenhagen), valid through 14 January: the link for answers due on 7 January, a week's grace.
    const issued = { ...claims, exp: Date.parse('2021-01-14T23:00:00Z') / 1000, iat: Date.parse('2021-01-04T09:00:00Z') / 1000 };
    const at = (iso: string) => new Date(iso);

    it('a link still valid when the pilot was paused is valid for the pause longer', async () => {
      const token = await signLink(ctx, issued);
      const paused = async () => [{ on: '2021-01-10', days: 30 }];
      expect(await readLink(ctx, token, at('2021-02-13T22:59:59Z'), paused)).toMatchObject({ ok: true });
      expect(await readLink(ctx, token, at('2021-02-13T23:00:00Z'), paused)).toEqual({ ok: false, reason: 'expired' });
      // Without the pilot's pauses, the signed expiry.
      expect(await readLink(ctx, token, at('2021-01-20T12:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
    });

    it('a pause before the link was issued, or after it expired, does not move it; nor does any pause move a link without its issue time', async () => {
      const token = await signLink(ctx, issued);
      const noIat = await signLink(ctx, { ...issued, iat: undefined });
      const before = async () => [{ on: '2021-01-02', days: 30 }];
      const after = async () => [{ on: '2021-01-15', days: 30 }];
      const during = async () => [{ on: '2021-01-10', days: 30 }];
      expect(await readLink(ctx, token, at('2021-01-20T12:00:00Z'), before)).toEqual({ ok: false, reason: 'expired' });
      expect(await readLink(ctx, token, at('2021-01-20T12:00:00Z'), after)).toEqual({ ok: false, reason: 'expired' });
      expect(await readLink(ctx, noIat, at('2021-01-20T12:00:00Z'), during)).toEqual({ ok: false, reason: 'expired' });
    });

    it('two pauses in its life add up, each counted in the dates current when it happened', async () => {
      const token = await signLink(ctx, issued);
      const pauses = async () => [
        { on: '2021-01-10', days: 10 },
        { on: '2021-01-20', days: 5 },
      ];
      expect(await readLink(ctx, token, at('2021-01-29T12:00:00Z'), pauses)).toMatchObject({ ok: true });
      expect(await readLink(ctx, token, at('2021-01-29T23:00:00Z'), pauses)).toEqual({ ok: false, reason: 'expired' });
    });
  });

  it('refuses a token whose claims were changed, or that is not one', async () => {
    const token = await signLink(ctx, claims);
    const [v, body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), a: 'internships' })).toString('base64url');
    const now = new Date('2021-01-01T00:00:00Z');
    for (const bad of [`${v}.${forged}.${mac}`, `${v}.${body}.${mac!.slice(0, -2)}AA`, 'v1.x', '', 'v2.a.b', `${v}.${body}`]) {
      expect(await readLink(ctx, bad, now), bad).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});
