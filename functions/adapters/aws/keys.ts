import { DecryptCommand, EncryptCommand, GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import type { Keys } from '../../ports/keys.js';
import { traced } from '../../tracing.js';

let client: KMSClient | undefined;

/**
 * KMS: SECRETS_KEY_ID (symmetric, ENCRYPT_DECRYPT) seals the webhook secrets
 * with the company as encryption context; LINK_KEY_ID (HMAC_256,
 * GENERATE_VERIFY_MAC) signs the e-mail links. Neither key leaves KMS, and
 * CloudTrail records every use.
 */
export const awsKeys = (): Keys => {
  const kms = () => (client ??= traced(new KMSClient({})));
  const keyId = (name: 'SECRETS_KEY_ID' | 'LINK_KEY_ID') => {
    const id = process.env[name];
    if (!id) throw new Error(`${name} is not set`);
    return id;
  };
  return {
    async seal(plaintext, context) {
      const out = await kms().send(
        new EncryptCommand({ KeyId: keyId('SECRETS_KEY_ID'), Plaintext: Buffer.from(plaintext, 'utf8'), EncryptionContext: context }),
      );
      return Buffer.from(out.CiphertextBlob!).toString('base64');
    },
    async open(sealed, context) {
      const out = await kms().send(
        new DecryptCommand({ KeyId: keyId('SECRETS_KEY_ID'), CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: context }),
      );
      return Buffer.from(out.Plaintext!).toString('utf8');
    },
    async sign(message) {
      const out = await kms().send(
        new GenerateMacCommand({ KeyId: keyId('LINK_KEY_ID'), MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message, 'utf8') }),
      );
      return Buffer.from(out.Mac!).toString('base64url');
    },
    async verify(message, mac) {
      try {
        const out = await kms().send(
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
        throw error;
      }
    },
  };
};
