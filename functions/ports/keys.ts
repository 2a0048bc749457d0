/**
 * The product's secrets at rest and its signatures, behind one port: KMS on
 * AWS (an encryption key and an HMAC key, neither ever leaves KMS), a local
 * key file in the embedded stack.
 *
 * - seal/open keep the partner companies' webhook signing secrets encrypted
 *   in DynamoDB. We must hold the secret itself (Standard Webhooks is a
 *   shared-secret HMAC), so it is stored encrypted, bound to its company by
 *   the context, and never logged.
 * - sign/verify make and check the MAC of the signed e-mail links.
 */
export interface Keys {
  /** Encrypts `plaintext`; `context` (e.g. { companyId }) must be given again to open it. */
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  /** The plaintext, or throws if the ciphertext or its context was tampered with. */
  open(sealed: string, context: Record<string, string>): Promise<string>;
  /** An HMAC-SHA256 of `message`, base64url. */
  sign(message: string): Promise<string>;
  /** Whether `mac` is this key's HMAC of `message` (constant-time). */
  verify(message: string, mac: string): Promise<boolean>;
}
