import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '../../functions/domain/errors.js';
import { ROLE_CLAIM, authorize, parseRoles } from '../../functions/http/auth.js';
import type { ApiEvent } from '../../functions/http/types.js';

/** The smallest event the authorizer's claims can ride on. */
const eventWith = (claims: Record<string, unknown> | undefined): ApiEvent =>
  ({ requestContext: { authorizer: { jwt: { claims: claims && { token_use: 'id', ...claims } } } } }) as unknown as ApiEvent;

/** What `fn` throws; fails the test when it throws nothing. */
const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
};

describe('parseRoles', () => {
  it('accepts an array of roles', () => {
    // Act
    const roles = parseRoles(['consultant', 'management']);

    // Assess
    expect(roles).toEqual(['consultant', 'management']);
  });

  it.each([
    ['[consultant management]', ['consultant', 'management']],
    ['[management]', ['management']],
    ['["consultant","management"]', ['consultant', 'management']],
    ['consultant', ['consultant']],
    ['[]', []],
  ])("accepts API Gateway's string form %j", (claim, expected) => {
    // Act
    const roles = parseRoles(claim);

    // Assess
    expect(roles).toEqual(expected);
  });

  it('ignores roles it does not know', () => {
    // Act
    const roles = [parseRoles(['admins', 'consultant', 'Consultant']), parseRoles('[Admin consultants management]')];

    // Assess
    expect(roles).toEqual([['consultant'], ['management']]);
  });

  it('knows the admin group', () => {
    // Act
    const roles = parseRoles('[admin]');

    // Assess
    expect(roles).toEqual(['admin']);
  });

  it.each([undefined, null, 42, { consultant: true }])('finds no roles in %j', (claim) => {
    // Act
    const roles = parseRoles(claim);

    // Assess
    expect(roles).toEqual([]);
  });
});

describe('authorize', () => {
  it.each([
    ['an event with no authorizer', { requestContext: {} } as unknown as ApiEvent],
    ['an event with no claims', eventWith(undefined)],
    ['claims with no subject', eventWith({ [ROLE_CLAIM]: ['consultant'] })],
    ['claims with an empty subject', eventWith({ sub: '', [ROLE_CLAIM]: ['consultant'] })],
  ])('refuses %s as unauthorized (401)', (_, event) => {
    // Act
    const error = thrownBy(() => authorize(event, 'read'));

    // Assess
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('forbids management to write (403)', () => {
    // Prepare
    const event = eventWith({ sub: 'u-mgmt', email: 'ledelse@kk.dk', [ROLE_CLAIM]: '[management]' });

    // Act
    const error = thrownBy(() => authorize(event, 'write'));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('forbids a signed-in caller with no known role even to read (403)', () => {
    // Prepare
    const event = eventWith({ sub: 'u-x', [ROLE_CLAIM]: '[administrators]' });

    // Act
    const error = thrownBy(() => authorize(event, 'read'));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it('lets management read', () => {
    // Prepare
    const event = eventWith({ sub: 'u-mgmt', email: 'ledelse@kk.dk', [ROLE_CLAIM]: '[management]' });

    // Act
    const actor = authorize(event, 'read');

    // Assess
    expect(actor).toEqual({ sub: 'u-mgmt', name: 'ledelse@kk.dk', email: 'ledelse@kk.dk', roles: ['management'] });
  });

  it('lets an admin write, and takes the e-mail address a team names people by in lower case', () => {
    // Prepare
    const event = eventWith({ sub: 'u-adm', email: 'Admin.Person@KK.dk', [ROLE_CLAIM]: '[admin]' });

    // Act
    const actor = authorize(event, 'write');

    // Assess
    expect(actor).toEqual({ sub: 'u-adm', name: 'Admin.Person@KK.dk', email: 'admin.person@kk.dk', roles: ['admin'] });
  });

  it('lets a consultant write, naming them by the e-mail claim and returning their roles', () => {
    // Prepare
    const event = eventWith({
      sub: 'u-123',
      email: 'konsulent@kk.dk',
      'cognito:username': 'konsulent1',
      name: 'Karen Konsulent',
      [ROLE_CLAIM]: '[consultant management]',
    });

    // Act
    const actor = authorize(event, 'write');

    // Assess
    expect(actor).toEqual({ sub: 'u-123', name: 'konsulent@kk.dk', email: 'konsulent@kk.dk', roles: ['consultant', 'management'] });
  });

  it('names the caller by their user name when there is no e-mail claim, and not at all when there is neither', () => {
    // Act
    const byUsername = authorize(eventWith({ sub: 'u-1', 'cognito:username': 'konsulent1', [ROLE_CLAIM]: ['consultant'] }), 'write');
    const anonymous = authorize(eventWith({ sub: 'u-2', [ROLE_CLAIM]: ['consultant'] }), 'write');

    // Assess
    expect(byUsername).toEqual({ sub: 'u-1', name: 'konsulent1', roles: ['consultant'] });
    expect(anonymous).toEqual({ sub: 'u-2', roles: ['consultant'] });
  });
});
