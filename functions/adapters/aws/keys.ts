import type { KMSClient } from '@aws-sdk/client-kms';
import { DependencyUnavailableError } from '../../domain/errors.js';
import type { Keys } from '../../ports/keys.js';
import { traced } from '../../tracing.js';

/**
 * Every other KMS failure (throttling, a disabled or deleted key, a key in the
 * wrong state, access denied, a timeout, a network error) is the product's,
 * not the caller's: a 503 that says so, with the SDK error as the cause,
 * never an unhandled 500 to a caller who may not even be signed in.
 */
const unavailable =
  (operation: string) =>
  (error: unknown): never => {
    throw new DependencyUnavailableError(`the key service could not ${operation}; try again in a moment`, { cause: error });
  };

let client: KMSClient | undefined;
// Loaded on first use, like the other clients (mailer.ts): every bundle has
// this adapter through the ports, few functions use it, and the KMS client
// costs 16-30 ms of a cold start to load (npm run bench, cold start).
let sdk: Promise<typeof import('@aws-sdk/client-kms')> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-kms'));

/**
 * KMS: SECRETS_KEY_ID (symmetric, ENCRYPT_DECRYPT) seals the webhook secrets
 * with the company as encryption context; LINK_KEY_ID (HMAC_256,
 * GENERATE_VERIFY_MAC) signs the e-mail links. Neither key leaves KMS, and
 * CloudTrail records every use.
 */
export const awsKeys = (): Keys => {
  const kms = async () => {
    const module = await loadSdk();
    client ??= traced(new module.KMSClient({}));
    return { client, sdk: module };
  };
  const keyId = (name: 'SECRETS_KEY_ID' | 'LINK_KEY_ID') => {
    const id = process.env[name];
    if (!id) throw new Error(`${name} is not set`);
    return id;
  };
  return {
    async seal(plaintext, context) {
      const {
        client,
        sdk: { EncryptCommand },
      } = await kms();
      const out = await client
        .send(new EncryptCommand({ KeyId: keyId('SECRETS_KEY_ID'), Plaintext: Buffer.from(plaintext, 'utf8'), EncryptionContext: context }))
        .catch(unavailable('seal a secret'));
      return Buffer.from(out.CiphertextBlob!).toString('base64');
    },
    async open(sealed, context) {
      // The sealed secret comes from the table, never from a caller: a ciphertext KMS refuses is ours too.
      const {
        client,
        sdk: { DecryptCommand },
      } = await kms();
      const out = await client
        .send(new DecryptCommand({ KeyId: keyId('SECRETS_KEY_ID'), CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: context }))
        .catch(unavailable('open a secret'));
      return Buffer.from(out.Plaintext!).toString('utf8');
    },
    async sign(message) {
      const {
        client,
        sdk: { GenerateMacCommand },
      } = await kms();
      const out = await client
        .send(new GenerateMacCommand({ KeyId: keyId('LINK_KEY_ID'), MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message, 'utf8') }))
        .catch(unavailable('sign a link'));
      return Buffer.from(out.Mac!).toString('base64url');
    },
    async verify(message, mac) {
      const {
        client,
        sdk: { VerifyMacCommand, KMSInvalidMacException },
      } = await kms().catch(unavailable('check a link'));
      try {
        const out = await client.send(
          new VerifyMacCommand({
            KeyId: keyId('LINK_KEY_ID'),
            MacAlgorithm: 'HMAC_SHA_256',
            Message: Buffer.from(message, 'utf8'),
            Mac: Buffer.from(mac, 'base64url'),
          }),
        );
        return out.MacValid === true;
      } catch (error) {
        // KMS answers a wrong MAC with an exception rather than MacValid: false.
        if (error instanceof KMSInvalidMacException) return false;
        return unavailable('check a link')(error);
      }
    },
  };
};
