import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleDefinitionText, PARK_TIMEOUT_SECONDS } from '../../workflows/definition.js';
import { PARK_TIMEOUT_SECONDS as DOMAIN_PARK_TIMEOUT } from '../../functions/domain/lifecycle.js';

describe('the state machine definition, written once', () => {
  it('the checked-in pilot-lifecycle.asl.json is what workflows/definition.ts generates (run npm run workflow:generate)', () => {
    const checkedIn = readFileSync(new URL('../../workflows/pilot-lifecycle.asl.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(lifecycleDefinitionText());
  });

  it('parks with the timeout the domain documents', () => {
    expect(PARK_TIMEOUT_SECONDS).toBe(DOMAIN_PARK_TIMEOUT);
  });
});
