import { describe, expect, it } from 'vitest';
import { ALLOWED_TRANSITIONS, DROPOUT_REASONS } from '../../functions/domain/participant.js';
import { PAGE_DROPOUT_REASONS, PAGE_TRANSITIONS } from '../../web/src/views/participants.js';

// The page offers a participant's moves from its own copy of the domain's
// rules (the domain module needs zod, which stays out of the page's bundle):
// the copy must not drift.

describe("the page's participant actions", () => {
  it('offers exactly the status changes the API allows, from every status', () => {
    expect(PAGE_TRANSITIONS).toEqual(ALLOWED_TRANSITIONS);
  });

  it('offers exactly the dropout reasons the API accepts', () => {
    expect([...PAGE_DROPOUT_REASONS]).toEqual([...DROPOUT_REASONS]);
  });
});
