import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessLogRetentionMonths, ConfigurationError, mailEnvironment, pilotPageUrl } from '../../functions/config.js';

// Configuration is validated once at a function's start, with no fallback:
// a deploy without MAIL_FROM or PUBLIC_URL fails loudly rather than e-mail
// localhost links from a .local sender.

const good = {
  MAIL_FROM: 'Pilotprojekter <pilotprojekter@kk.dk>',
  PUBLIC_URL: 'https://d1.cloudfront.net/',
  API_URL: 'https://a.execute-api.eu-north-1.amazonaws.com',
};

describe('mailEnvironment', () => {
  it('reads the sender and the URLs, without a trailing slash', () => {
    expect(mailEnvironment(good)).toEqual({ ...good, PUBLIC_URL: 'https://d1.cloudfront.net' });
    expect(mailEnvironment({ ...good, MAIL_FROM: 'pilot@kk.dk' }).MAIL_FROM).toBe('pilot@kk.dk');
  });

  it('names every missing or malformed variable, never a value', () => {
    const error = (() => {
      try {
        mailEnvironment({ API_URL: 'ftp://secret-host.example' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/MAIL_FROM is required/);
    expect(error.message).toMatch(/PUBLIC_URL is required/);
    expect(error.message).toMatch(/API_URL must be an http\(s\) URL/);
    expect(error.message).not.toContain('secret-host');
    expect(() => mailEnvironment({ ...good, MAIL_FROM: 'Pilotprojekter' })).toThrow(/MAIL_FROM must be an e-mail address/);
  });
});

describe('a consultant’s link', () => {
  it('goes to the web page’s own route for the pilot, not an API path', () => {
    expect(pilotPageUrl('4f1c-uuid')).toBe('http://localhost:3000/#/pilots/4f1c-uuid');
  });
});

describe('a function that sends e-mail', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.resetModules();
  });

  it.each(['../../functions/steps/lifecycle-step.js', '../../functions/steps/wake-up.js', '../../functions/api/pilot-companies-invite.js'])(
    '%s fails when it loads without MAIL_FROM',
    async (module) => {
      vi.resetModules();
      delete process.env.MAIL_FROM;
      await expect(import(module)).rejects.toThrow(/MAIL_FROM is required/);
    },
  );
});

describe('accessLogRetentionMonths', () => {
  it('is 6 unless set, the set number of months when it is whole and 1-120, and a ConfigurationError naming the variable otherwise', () => {
    expect(accessLogRetentionMonths({})).toBe(6);
    expect(accessLogRetentionMonths({ ACCESS_LOG_RETENTION_MONTHS: '12' })).toBe(12);
    for (const bad of ['0', '121', '1.5', 'six']) {
      expect(() => accessLogRetentionMonths({ ACCESS_LOG_RETENTION_MONTHS: bad })).toThrow(ConfigurationError);
      expect(() => accessLogRetentionMonths({ ACCESS_LOG_RETENTION_MONTHS: bad })).toThrow(/^ACCESS_LOG_RETENTION_MONTHS /);
    }
  });
});
