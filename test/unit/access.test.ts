import { describe, expect, it } from 'vitest';
import { auditFigures, initialTeam, isOnTeam, outcomeFigures, pilotFigures, seesPersonalData, teamOf, type Viewer } from '../../functions/domain/access.js';
import { ValidationError } from '../../functions/domain/errors.js';
import { consultantRecipients } from '../../functions/services/pilot-mails.js';
import type { Pilot } from '../../functions/domain/pilot.js';

const anne: Viewer = { sub: 'u-anne', roles: ['consultant'], email: 'anne@kk.dk' };
const bo: Viewer = { sub: 'u-bo', roles: ['consultant'], email: 'bo@kk.dk' };
const boss: Viewer = { sub: 'u-boss', roles: ['management'], email: 'chef@kk.dk' };
const admin: Viewer = { sub: 'u-adm', roles: ['admin'], email: 'adm@kk.dk' };
const teamPilot = { team: ['anne@kk.dk'], createdBy: 'u-anne', consultantEmail: 'anne@kk.dk' };

describe('who sees a pilot’s personal data', () => {
  it.each([
    ['its team member', anne, true],
    ['a consultant outside its team', bo, false],
    ['management', boss, false],
    ['management who is also on the team as consultant', { ...boss, roles: ['management', 'consultant'] as const, email: 'anne@kk.dk' }, true],
    ['management named on the team but without the consultant role', { ...boss, email: 'anne@kk.dk' }, false],
    ['an admin on no team', admin, true],
  ])('%s: %s', (_, viewer, expected) => {
    // Act
    const sees = seesPersonalData(viewer, teamPilot);

    // Assess
    expect(sees).toBe(expected);
  });

  it('with no pilot (data shared by all pilots): consultants and admins, not management', () => {
    // Act
    const sees = [anne, bo, boss, admin].map((v) => seesPersonalData(v));

    // Assess
    expect(sees).toEqual([true, true, false, true]);
  });

  it('a pilot from before teams has its creator for team: by the recorded e-mail, else by the identity provider’s subject', () => {
    // Prepare
    const byEmail = { createdBy: 'u-anne', consultantEmail: 'Anne@KK.dk' };
    const bySubject = { createdBy: 'u-bo' };

    // Act
    const teams = [teamOf(byEmail), teamOf(bySubject)];

    // Assess
    expect(teams).toEqual([['anne@kk.dk'], []]);
    expect([isOnTeam(anne, byEmail), isOnTeam(bo, byEmail), isOnTeam(bo, bySubject), isOnTeam(anne, bySubject)]).toEqual([true, false, true, false]);
  });

  it('a stored team is the team: the creator removed from it is off it', () => {
    // Act
    const on = isOnTeam(anne, { team: ['bo@kk.dk'], createdBy: 'u-anne', consultantEmail: 'anne@kk.dk' });

    // Assess
    expect(on).toBe(false);
  });
});

describe('a new pilot’s team', () => {
  it('puts the creator first, once, and lower-cases', () => {
    // Act
    const team = initialTeam('Anne@KK.dk', ['bo@kk.dk', 'anne@kk.dk']);

    // Assess
    expect(team).toEqual(['anne@kk.dk', 'bo@kk.dk']);
  });

  it('refuses an empty team (a creator without an e-mail address who names nobody), naming the field', () => {
    // Act
    const error = (() => {
      try {
        initialTeam(undefined, []);
      } catch (e) {
        return e;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'team', code: 'required' })]);
  });
});

describe('figures only', () => {
  it('a pilot loses its team, creator, e-mail recipients and who overrode; keeps its counts and the reason', () => {
    // Prepare
    const pilot = {
      id: 'p',
      counts: { enrolled: 3 },
      phase: 'course',
      ...teamPilot,
      managementEmails: [{ email: 'chef@kk.dk', language: 'da' }],
      recommendationOverride: { recommendation: 'continue', reason: 'god effekt', by: 'anne@kk.dk', at: '2021-01-01' },
    };

    // Act
    const figures = pilotFigures(pilot);

    // Assess
    expect(figures).toEqual({
      id: 'p',
      counts: { enrolled: 3 },
      phase: 'course',
      recommendationOverride: { recommendation: 'continue', reason: 'god effekt', at: '2021-01-01' },
    });
  });

  it('an outcome loses who overrode it', () => {
    // Act
    const figures = outcomeFigures({ recommendation: 'close', override: { recommendation: 'close', reason: 'r', by: 'anne@kk.dk', at: 't' } });

    // Assess
    expect(JSON.stringify(figures)).not.toContain('anne@kk.dk');
  });

  it('an audit entry keeps its action and figures, and loses who, whom and free text', () => {
    // Prepare
    const entry = {
      at: '2020-03-01T10:00:00.000Z',
      action: 'pilot.paused',
      actor: { sub: 'u-anne', name: 'anne@kk.dk' },
      participantId: '7b0e7a1c-0000-4000-8000-000000000001',
      details: { reason: 'Sygdom hos Anne Jensen', member: 'bo@kk.dk', missing: 4, risk: 'recruitment-under-minimum', dates: { closes: '2020-04-01' } },
    };

    // Act
    const figures = auditFigures(entry);

    // Assess
    expect(figures).toEqual({
      at: '2020-03-01T10:00:00.000Z',
      action: 'pilot.paused',
      by: 'person',
      details: { missing: 4, risk: 'recruitment-under-minimum', dates: { closes: '2020-04-01' } },
    });
  });
});

describe('the consultant e-mails', () => {
  it('go to every member of the team, in the pilot’s language; a pilot from before teams: to its creator', () => {
    // Prepare
    const withTeam = { team: ['anne@kk.dk', 'bo@kk.dk'], consultantEmail: 'anne@kk.dk', language: 'en' } as unknown as Pilot;
    const before = { consultantEmail: 'anne@kk.dk', language: 'da' } as unknown as Pilot;

    // Act
    const recipients = [consultantRecipients(withTeam), consultantRecipients(before)];

    // Assess
    expect(recipients).toEqual([
      [
        { email: 'anne@kk.dk', language: 'en' },
        { email: 'bo@kk.dk', language: 'en' },
      ],
      [{ email: 'anne@kk.dk', language: 'da' }],
    ]);
  });
});
