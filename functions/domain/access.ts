import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { PersonalDataForbiddenError, ValidationError } from './errors.js';

// Need-to-know: who may see a pilot's personal data, and what everyone else
// sees instead. The one place that decides it. The API's wrapper
// (functions/http/api-handler.ts) asks it for every route, by what the route
// declares it returns (functions/api/routes.ts `data`), so a new route cannot
// forget it; the page (web/) asks the same questions to choose its views.
//
// Personal data here: participants (names, e-mails, case references), voucher
// codes, who has which internship or meeting, and the staff's own e-mail
// addresses (the team, the audit trail's actors). Figures: counts, phases,
// dates, outcome figures, the actions of the audit trail.

/**
 * consultant: runs pilots; their personal data only on pilots whose team they
 * are on. management: reads figures, never people. admin: a few people who
 * manage teams and may read and change every pilot.
 */
export const ROLES = ['consultant', 'management', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whoever asks: their roles and the e-mail address a team names them by (lower case, from the identity provider's token). */
export interface Viewer {
  sub: string;
  roles: readonly Role[];
  email?: string | undefined;
}

/** What a pilot records about who runs it. */
export interface TeamFields {
  /** The consultants who run the pilot, by e-mail address, the creator first. */
  team?: string[] | undefined;
  createdBy: string;
  /** Pilots created before teams existed recorded only the creator's e-mail address. */
  consultantEmail?: string | undefined;
}

/** A team is a handful of consultants; the list lives on the pilot item. */
export const MAX_TEAM = 20;

/** A team member: the e-mail address the identity provider puts in their token, compared in lower case. */
export const TeamMember = lazySchema(() =>
  z
    .email('must be an e-mail address')
    .max(254)
    .transform((email) => email.toLowerCase()),
);

export const TeamSchema = lazySchema(() =>
  z
    .array(TeamMember)
    .max(MAX_TEAM)
    .refine((team) => new Set(team).size === team.length, 'must not name anyone twice'),
);

/** The team of a pilot. A pilot from before teams: its creator, when their e-mail address was recorded. */
export const teamOf = (pilot: TeamFields): string[] => pilot.team ?? (pilot.consultantEmail ? [pilot.consultantEmail.toLowerCase()] : []);

/** Whether the viewer is on the pilot's team (a pilot from before teams whose creator left no e-mail address: its creator). */
export const isOnTeam = (viewer: Viewer, pilot: TeamFields): boolean => {
  if (viewer.email !== undefined && teamOf(pilot).includes(viewer.email)) return true;
  return pilot.team === undefined && pilot.consultantEmail === undefined && viewer.sub === pilot.createdBy;
};

const isAdmin = (viewer: Viewer) => viewer.roles.includes('admin');

/**
 * May this viewer see personal data, and change things: of this pilot (its
 * team and admins), or, with no pilot, of the data shared by all pilots (the
 * partner companies' contacts: consultants and admins)? Management never.
 */
export const seesPersonalData = (viewer: Viewer, pilot?: TeamFields): boolean => {
  if (isAdmin(viewer)) return true;
  if (!viewer.roles.includes('consultant')) return false;
  return pilot === undefined || isOnTeam(viewer, pilot);
};

/** The team and admins manage the team (add, remove members). */
export const mayManageTeam = (viewer: Viewer, pilot: TeamFields): boolean => seesPersonalData(viewer, pilot);

/** The 403 for someone who sees figures only: says why, by a stable code. */
export const figuresOnlyRefusal = (viewer: Viewer): PersonalDataForbiddenError =>
  viewer.roles.includes('consultant')
    ? new PersonalDataForbiddenError(
        'not_on_team',
        "you are not on this pilot's team: you see its figures, but only its team and admins see its personal data or change it",
      )
    : new PersonalDataForbiddenError('figures_only', 'your role sees figures only, never personal data');

// --- What someone who sees figures only gets instead -----------------------

/** Keys of a pilot that name people: the team, the creator, the e-mail recipients, who overrode. */
export const pilotFigures = <P extends TeamFields & { managementEmails?: unknown; recommendationOverride?: { by: string } | undefined }>(pilot: P) => {
  const { team, createdBy, consultantEmail, managementEmails, recommendationOverride, ...figures } = pilot;
  void [team, createdBy, consultantEmail, managementEmails];
  return {
    ...figures,
    ...(recommendationOverride ? { recommendationOverride: withoutBy(recommendationOverride) } : {}),
  };
};

const withoutBy = <O extends { by: string }>(o: O): Omit<O, 'by'> => {
  const { by, ...rest } = o;
  void by;
  return rest;
};

/** The outcome without who overrode it (the reason stays: management reads it in the outcome e-mail too). */
export const outcomeFigures = <O extends { override?: { by: string } | undefined }>(outcome: O) => {
  const { override, ...rest } = outcome;
  return { ...rest, ...(override ? { override: withoutBy(override) } : {}) };
};

/**
 * An audit entry as its action: when, what, by the system or by a person, and
 * the facts of its details that are figures, dates, ids and codes. Free text
 * (a reason), names, e-mail addresses and the participant are left out.
 */
export const auditFigures = (entry: { at: string; action: string; actor: { sub: string }; details?: Record<string, unknown> | undefined }) => {
  const details = entry.details ? figuresIn(entry.details) : undefined;
  return {
    at: entry.at,
    action: entry.action,
    by: entry.actor.sub === 'system' ? ('system' as const) : ('person' as const),
    ...(details && typeof details === 'object' && Object.keys(details).length ? { details } : {}),
  };
};

/** A value a figure may be: a date, a time, an id or a lower-case code (`recruitment-under-minimum`); never text someone wrote or an address. */
const FIGURE_TEXT = /^(\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z][a-z0-9-]{0,39})$/;

const figuresIn = (value: unknown): unknown => {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'string') return FIGURE_TEXT.test(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(figuresIn).filter((v) => v !== undefined);
  if (typeof value === 'object') {
    const kept = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, figuresIn(v)] as const)
      .filter(([, v]) => v !== undefined);
    return Object.fromEntries(kept);
  }
  return undefined;
};

/** A partner company without its contact person. */
export const companyFigures = <C extends { contact?: unknown }>(company: C): Omit<C, 'contact'> => {
  const { contact, ...rest } = company;
  void contact;
  return rest;
};

/**
 * A new pilot's team: its creator first, then those the create body names.
 * A creator whose token carries no e-mail address must name the team.
 */
export const initialTeam = (creatorEmail: string | undefined, named: readonly string[] = []): string[] => {
  const team = [...new Set([...(creatorEmail ? [creatorEmail.toLowerCase()] : []), ...named])];
  if (team.length === 0) {
    throw new ValidationError([{ path: 'team', code: 'required', message: 'your token carries no e-mail address: name the team (e-mail addresses)' }]);
  }
  if (team.length > MAX_TEAM) {
    throw new ValidationError([{ path: 'team', code: 'too_big', max: MAX_TEAM, message: `a team has at most ${MAX_TEAM} members, the creator included` }]);
  }
  return team;
};
