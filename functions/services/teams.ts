import { MAX_TEAM, figuresOnlyRefusal, mayManageTeam, teamOf, type Viewer } from '../domain/access.js';
import { ConflictError, ContentionError, NotFoundError } from '../domain/errors.js';
import type { Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { getPilot, replaceTeam } from '../store/pilots.js';

// A pilot's team: the consultants who see and change its personal data and
// get its consultant e-mails (functions/domain/access.ts). The team and admins
// add and remove members; each change is in the audit trail.

type Caller = Actor & Viewer;

/** Two people changing one team at once: the loser reads it again; a handful of tries is plenty for a handful of people. */
const ATTEMPTS = 5;

const changeTeam = async (
  ctx: StoreContext,
  pilotId: string,
  caller: Caller,
  next: (team: string[]) => string[] | undefined,
  audit: { action: string; member: string },
): Promise<{ pilotId: string; team: string[] }> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const pilot = await getPilot(ctx, pilotId);
    // The API's wrapper has refused others already; said again here, where the change is made.
    if (!mayManageTeam(caller, pilot)) throw figuresOnlyRefusal(caller);
    const team = next(teamOf(pilot));
    if (team === undefined) return { pilotId, team: teamOf(pilot) };
    const committed = await replaceTeam(ctx, pilotId, {
      expected: pilot.team,
      team,
      audit: { actor: caller, action: audit.action, details: { member: audit.member, size: team.length } },
    });
    if (committed) return { pilotId, team };
  }
  throw new ContentionError('the team was changed by someone else meanwhile; please retry');
};

/** Adds a consultant to the pilot's team (no change when they are on it already). */
export const addTeamMember = (ctx: StoreContext, pilotId: string, email: string, caller: Caller) =>
  changeTeam(
    ctx,
    pilotId,
    caller,
    (team) => {
      if (team.includes(email)) return undefined;
      if (team.length >= MAX_TEAM) {
        throw new ConflictError('team-full', `a team has at most ${MAX_TEAM} members`, { details: { max: MAX_TEAM } });
      }
      return [...team, email];
    },
    { action: 'team.member-added', member: email },
  );

/** Removes a consultant from the pilot's team. The last member stays: a pilot without a team would be run by admins alone. */
export const removeTeamMember = (ctx: StoreContext, pilotId: string, email: string, caller: Caller) =>
  changeTeam(
    ctx,
    pilotId,
    caller,
    (team) => {
      if (!team.includes(email)) throw new NotFoundError("that address is not on this pilot's team");
      if (team.length === 1) {
        throw new ConflictError('last-team-member', 'the last member of a team cannot be removed; add another first');
      }
      return team.filter((member) => member !== email);
    },
    { action: 'team.member-removed', member: email },
  );
