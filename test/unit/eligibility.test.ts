import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../../functions/domain/eligibility.js';
import { parseAgeBand, screeningResult, type ParticipantInput } from '../../functions/domain/participant.js';
import type { PilotInput } from '../../functions/domain/pilot.js';

type Screening = NonNullable<ParticipantInput['screening']>;
type EligibilityPilot = Pick<PilotInput, 'eligibility' | 'targetGroups' | 'recruitment'>;

/** The online-marketing-supporter pilot of 2020: activity-ready citizens over 30, recruitment opening in 2020. */
const pilot = (eligibility: Partial<EligibilityPilot['eligibility']> = {}): EligibilityPilot => ({
  targetGroups: ['activity-ready', 'unskilled'],
  eligibility: { minAge: 30, maxAge: 64, screeningRequired: false, ...eligibility },
  recruitment: { opens: '2020-08-01', closes: '2020-09-01' },
});

const participant = (overrides: Partial<ParticipantInput> = {}): ParticipantInput => ({
  reference: 'KK-2020-0042',
  name: 'Anna Hansen',
  targetGroup: 'activity-ready',
  birthYear: 1980,
  language: 'da',
  ...overrides,
});

describe('parseAgeBand', () => {
  it.each([
    ['30-49', { min: 30, max: 49 }],
    ['50+', { min: 50, max: 150 }],
    [' 50+ ', { min: 50, max: 150 }],
    ['30-30', { min: 30, max: 30 }],
  ])('reads "%s" as a band of whole years, both ends included', (band, expected) => {
    // Act
    const range = parseAgeBand(band);

    // Assess
    expect(range).toEqual(expected);
  });

  it.each(['49-30', '50', '5-9', 'fifty+', '30-49 years', '30–49', ''])('refuses "%s"', (band) => {
    // Act
    const range = parseAgeBand(band);

    // Assess
    expect(range).toBeUndefined();
  });
});

describe('screeningResult', () => {
  it('is "needs-basic-skills" when any risk marker was found and no result was given', () => {
    // Act
    const result = screeningResult({ riskMarkers: ['reading-writing'] });

    // Assess
    expect(result).toBe('needs-basic-skills');
  });

  it('is "ready" when the screening found no risk markers', () => {
    // Act
    const result = screeningResult({ riskMarkers: [] });

    // Assess
    expect(result).toBe('ready');
  });

  it('keeps a result the consultant gave, whatever the markers', () => {
    // Act
    const given = [screeningResult({ result: 'needs-basic-skills' }), screeningResult({ result: 'ready', riskMarkers: ['obs-note'] })];

    // Assess
    expect(given).toEqual(['needs-basic-skills', 'ready']);
  });
});

describe('checkEligibility', () => {
  it('admits a participant of a target group, inside the age limits, to the course', () => {
    // Act
    const verdict = checkEligibility(pilot(), participant());

    // Assess
    expect(verdict).toEqual({ eligible: true, track: 'course' });
  });

  it('refuses a target group the pilot does not list, naming the groups it does', () => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ targetGroup: 'job-ready-academics' }));

    // Assess
    expect(verdict).toEqual({
      eligible: false,
      reasons: [
        {
          path: 'targetGroup',
          message: expect.stringContaining('activity-ready, unskilled'),
          code: 'not_target_group',
          values: ['activity-ready', 'unskilled'],
        },
      ],
    });
  });

  it.each([
    [1990, 'exactly minAge (30) in 2020'],
    [1956, 'exactly maxAge (64) in 2020'],
  ])('admits a participant born in %i: %s, the year recruitment opens', (birthYear) => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ birthYear }));

    // Assess
    expect(verdict).toEqual({ eligible: true, track: 'course' });
  });

  it('refuses a participant one year under minAge in the year recruitment opens', () => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ birthYear: 1991 }));

    // Assess
    expect(verdict).toMatchObject({ eligible: false, reasons: [{ path: 'birthYear', message: 'must be at least 30 years old' }] });
  });

  it('refuses a participant one year over maxAge in the year recruitment opens', () => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ birthYear: 1955 }));

    // Assess
    expect(verdict).toMatchObject({ eligible: false, reasons: [{ path: 'birthYear', message: 'must be at most 64 years old' }] });
  });

  it('measures age in the year recruitment opens, not today', () => {
    // Prepare: born 1995, 25 when recruitment opened in 2020, though over 30 by now
    const oldPilot = pilot();

    // Act
    const verdict = checkEligibility(oldPilot, participant({ birthYear: 1995 }));

    // Assess
    expect(verdict).toMatchObject({ eligible: false, reasons: [{ path: 'birthYear', message: 'must be at least 30 years old' }] });
  });

  it.each(['30-49', '30-64', '50-64'])('admits an age band wholly inside the limits (%s)', (ageBand) => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ birthYear: undefined, ageBand }));

    // Assess
    expect(verdict).toEqual({ eligible: true, track: 'course' });
  });

  it.each([
    ['25-34', 'must be at least 30 years old'],
    ['60-69', 'must be at most 64 years old'],
    ['50+', 'must be at most 64 years old'],
  ])('refuses an age band that straddles a limit (%s)', (ageBand, message) => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ birthYear: undefined, ageBand }));

    // Assess
    expect(verdict).toMatchObject({ eligible: false, reasons: [{ path: 'ageBand', message }] });
  });

  it('admits "50+" to a pilot for the unemployed 50+ that has no maxAge', () => {
    // Prepare: the AJKS Digital Koordinator pilot
    const ajks = pilot({ minAge: 50, maxAge: undefined });

    // Act
    const verdict = checkEligibility(ajks, participant({ birthYear: undefined, ageBand: '50+' }));

    // Assess
    expect(verdict).toEqual({ eligible: true, track: 'course' });
  });

  it('admits any age to a pilot with no age limits', () => {
    // Prepare
    const noLimits = pilot({ minAge: undefined, maxAge: undefined });

    // Act
    const verdicts = [
      checkEligibility(noLimits, participant({ birthYear: 2004 })),
      checkEligibility(noLimits, participant({ birthYear: undefined, ageBand: '60-69' })),
    ];

    // Assess
    expect(verdicts).toEqual([
      { eligible: true, track: 'course' },
      { eligible: true, track: 'course' },
    ]);
  });

  it('refuses a participant without a screening when the pilot requires one', () => {
    // Act
    const verdict = checkEligibility(pilot({ screeningRequired: true }), participant());

    // Assess
    expect(verdict).toMatchObject({ eligible: false, reasons: [{ path: 'screening', message: expect.stringContaining('screening') }] });
  });

  it('admits a screened participant when the pilot requires a screening', () => {
    // Act
    const verdict = checkEligibility(pilot({ screeningRequired: true }), participant({ screening: { result: 'ready' } }));

    // Assess
    expect(verdict).toEqual({ eligible: true, track: 'course' });
  });

  it.each<[string, Screening]>([
    ['risk markers were found', { riskMarkers: ['no-pc-access', 'weak-danish'] }],
    ['the result is needs-basic-skills', { result: 'needs-basic-skills' }],
  ])('routes a participant to the basic track when %s', (_, screening) => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ screening }));

    // Assess
    expect(verdict).toEqual({ eligible: true, track: 'basic' });
  });

  it('routes a participant screened ready, or with no markers found, to the course', () => {
    // Act
    const verdicts = [
      checkEligibility(pilot(), participant({ screening: { result: 'ready' } })),
      checkEligibility(pilot(), participant({ screening: { riskMarkers: [] } })),
    ];

    // Assess
    expect(verdicts).toEqual([
      { eligible: true, track: 'course' },
      { eligible: true, track: 'course' },
    ]);
  });

  it('reports every reason at once, each with its field path', () => {
    // Prepare
    const strictPilot = pilot({ screeningRequired: true });

    // Act
    const verdict = checkEligibility(strictPilot, participant({ targetGroup: 'job-ready-academics', birthYear: 1999 }));

    // Assess
    expect(verdict.eligible).toBe(false);
    expect(verdict.eligible ? [] : verdict.reasons.map((r) => r.path)).toEqual(['targetGroup', 'birthYear', 'screening']);
  });

  it('gives no track to a participant who is refused, even one whose screening found markers', () => {
    // Act
    const verdict = checkEligibility(pilot(), participant({ birthYear: 1999, screening: { riskMarkers: ['cognitive'] } }));

    // Assess
    expect(verdict).toMatchObject({ eligible: false, reasons: [{ path: 'birthYear', message: 'must be at least 30 years old' }] });
  });
});
