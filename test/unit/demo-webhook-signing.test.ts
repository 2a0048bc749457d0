import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signedWebhookHeaders } from '../../infra/local/demo-pilot.js';

// The demo's and the crash torture's company system signs its webhooks with
// signedWebhookHeaders. Its timestamp header and its signature must come from
// one reading of the clock: with two, a second ticking over between them
// signed another timestamp than the header named, and the API answered 401.

const secret = `whsec_${Buffer.from('a company secret of 32 bytes!!!!').toString('base64')}`;
const body = JSON.stringify({ type: 'match.slots.confirmed', data: { pilotId: 'p', slots: 3 } });

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('signedWebhookHeaders', () => {
  it('signs the timestamp its header names, also when a second ticks over while it signs', () => {
    vi.useFakeTimers({ now: Date.parse('2027-03-01T10:00:01.000Z') });
    // Date.now() still in the second before: a clock read twice would straddle it.
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2027-03-01T10:00:00.999Z'));
    const headers = signedWebhookHeaders(secret, 'msg_1', body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2027-03-01T10:00:01Z') / 1000));
  });

  it('signs with a given time, which a verifier on that clock accepts', () => {
    const at = new Date();
    const headers = signedWebhookHeaders(secret, 'msg_2', body, at);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    // Another body under the same headers is refused: the signature covers it.
    expect(() => new Webhook(secret).verify(body.replace('3', '4'), headers)).toThrow('No matching signature found');
  });
});
