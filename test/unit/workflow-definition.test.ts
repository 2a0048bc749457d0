import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleDefinitionText, PARK_TIMEOUT_SECONDS, RETRY } from '../../workflows/definition.js';
import { MAIL_CLAIM_LEASE_MS } from '../../functions/store/mails.js';
import { PARK_TIMEOUT_SECONDS as DOMAIN_PARK_TIMEOUT } from '../../functions/domain/lifecycle.js';

describe('the state machine definition, written once', () => {
  it('the checked-in pilot-lifecycle.asl.json is what workflows/definition.ts generates (run npm run workflow:generate)', () => {
    const checkedIn = readFileSync(new URL('../../workflows/pilot-lifecycle.asl.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(lifecycleDefinitionText());
  });

  it("retries a step that found an e-mail in flight past the claim's lease, so a dead sender's e-mail is taken over, not dropped", () => {
    const retrier = (
      RETRY as { ErrorEquals: string[]; IntervalSeconds: number; MaxAttempts: number; BackoffRate: number; MaxDelaySeconds: number; JitterStrategy?: string }[]
    ).find((r) => r.ErrorEquals.includes('MailInFlightError'))!;
    expect(retrier.JitterStrategy).toBeUndefined();
    let waited = 0;
    for (let n = 0; n < retrier.MaxAttempts - 1; n++) waited += Math.min(retrier.IntervalSeconds * retrier.BackoffRate ** n, retrier.MaxDelaySeconds);
    // The last try comes after the lease with a margin of a step's own timeout (30 s).
    expect(waited * 1000).toBeGreaterThan(MAIL_CLAIM_LEASE_MS + 30_000);
  });

  it('parks with the timeout the domain documents', () => {
    expect(PARK_TIMEOUT_SECONDS).toBe(DOMAIN_PARK_TIMEOUT);
  });
});
