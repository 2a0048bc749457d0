import type { FieldIssue } from './errors.js';
import type { PilotInput } from './pilot.js';
import { parseAgeBand, screeningResult, type ParticipantInput } from './participant.js';

export type EligibilityVerdict =
  | { eligible: true; /** Where the participant goes: the course, or the basic digital-skills track first. */ track: 'course' | 'basic' }
  | { eligible: false; reasons: FieldIssue[] };

/**
 * Checks one participant against the pilot's eligibility rules. Age is the age
 * reached in the year recruitment opens (a birth year gives no more than that).
 * An age band must lie wholly inside the pilot's range: a band that straddles
 * a limit cannot show the citizen is eligible.
 */
export const checkEligibility = (pilot: Pick<PilotInput, 'eligibility' | 'targetGroups' | 'recruitment'>, p: ParticipantInput): EligibilityVerdict => {
  const reasons: FieldIssue[] = [];
  const { minAge, maxAge, screeningRequired } = pilot.eligibility;

  if (!pilot.targetGroups.includes(p.targetGroup)) {
    reasons.push({
      path: 'targetGroup',
      message: `"${p.targetGroup}" is not a target group of this pilot (${pilot.targetGroups.join(', ')})`,
      code: 'not_target_group',
      values: pilot.targetGroups,
    });
  }

  const ages = ageRange(p, Number(pilot.recruitment.opens.slice(0, 4)));
  if (ages && minAge !== undefined && ages.min < minAge) {
    reasons.push({
      path: p.birthYear !== undefined ? 'birthYear' : 'ageBand',
      message: `must be at least ${minAge} years old`,
      code: 'too_young',
      min: minAge,
    });
  }
  if (ages && maxAge !== undefined && ages.max > maxAge) {
    reasons.push({ path: p.birthYear !== undefined ? 'birthYear' : 'ageBand', message: `must be at most ${maxAge} years old`, code: 'too_old', max: maxAge });
  }

  if (screeningRequired && !p.screening) {
    reasons.push({ path: 'screening', message: 'this pilot requires a digital-skills screening', code: 'screening_required' });
  }

  if (reasons.length > 0) return { eligible: false, reasons };
  const needsBasics = p.screening !== undefined && screeningResult(p.screening) === 'needs-basic-skills';
  return { eligible: true, track: needsBasics ? 'basic' : 'course' };
};

const ageRange = (p: ParticipantInput, year: number): { min: number; max: number } | undefined => {
  if (p.birthYear !== undefined) return { min: year - p.birthYear, max: year - p.birthYear };
  return p.ageBand === undefined ? undefined : parseAgeBand(p.ageBand);
};
