import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keys } from '../../ports/keys.js';

/**
 * The local stand-in for KMS: one 32-byte key (the local stack keeps it in
 * .data/, beside the token signing key) from which an AES-256-GCM key and an
 * HMAC key are derived. The context is the GCM's additional data, so a
 * secret sealed for one company does not open for another, as with KMS's
 * encryption context.
 */
export const localKeys = (master: Uint8Array): Keys => {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), purpose, 32));
  const sealKey = derive('pilot-orchestrator seal v1');
  const macKey = derive('pilot-orchestrator link mac v1');
  const aad = (context: Record<string, string>) => Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))), 'utf8');
  const mac = (message: string) => createHmac('sha256', macKey).update(message, 'utf8').digest();

  return {
    async seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv).setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    async open(sealed, context) {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', sealKey, raw.subarray(0, 12)).setAAD(aad(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    async sign(message) {
      return mac(message).toString('base64url');
    },
    async verify(message, given) {
      const expected = mac(message);
      const actual = Buffer.from(given, 'base64url');
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
};
