import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors.js';
import {
  ALLOWED_TRANSITIONS,
  DROPOUT_REASONS,
  PARTICIPANT_STATUSES,
  ParticipantInputSchema,
  ParticipantPatchSchema,
  holdsPlace,
  type ParticipantStatus,
} from '../../functions/domain/participant.js';
import { parseInput } from '../../functions/domain/validation.js';

/** The ValidationError `fn` throws; fails the test when it throws nothing or something else. */
const validationErrorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
};

const anna = (): Record<string, unknown> => ({
  reference: 'KK-2020-0042',
  name: 'Anna Hansen',
  targetGroup: 'unemployed-50-plus',
  birthYear: 1965,
});

const issuesFor = (input: unknown) => validationErrorOf(() => parseInput(ParticipantInputSchema, input)).issues;

describe('ParticipantInputSchema', () => {
  it('parses a participant with a birth year, defaulting the language to Danish', () => {
    // Act
    const participant = parseInput(ParticipantInputSchema, anna());

    // Assess
    expect(participant).toEqual({ ...anna(), language: 'da' });
  });

  it('parses a participant with an age band, trimming it and lower-casing the target group', () => {
    // Prepare
    const { birthYear: _birthYear, ...input } = anna();

    // Act
    const participant = parseInput(ParticipantInputSchema, { ...input, ageBand: ' 50+ ', targetGroup: 'Unemployed-50-Plus' });

    // Assess
    expect(participant).toMatchObject({ ageBand: '50+', targetGroup: 'unemployed-50-plus' });
  });

  it('asks for a birth year or an age band when neither is given', () => {
    // Prepare
    const { birthYear: _birthYear, ...input } = anna();

    // Act
    const issues = issuesFor(input);

    // Assess
    expect(issues).toMatchObject([{ path: 'birthYear', message: 'give birthYear or ageBand' }]);
  });

  it('refuses a birth year and an age band together', () => {
    // Act
    const issues = issuesFor({ ...anna(), ageBand: '50+' });

    // Assess
    expect(issues).toMatchObject([{ path: 'ageBand', message: 'give birthYear or ageBand, not both' }]);
  });

  it.each(['49-30', '50', 'old'])('refuses the age band "%s"', (ageBand) => {
    // Prepare
    const { birthYear: _birthYear, ...input } = anna();

    // Act
    const issues = issuesFor({ ...input, ageBand });

    // Assess
    expect(issues).toMatchObject([{ path: 'ageBand', message: 'must be a band like "30-49" or "50+"' }]);
  });

  it('refuses a birth year less than 15 years ago', () => {
    // Act
    const issues = issuesFor({ ...anna(), birthYear: new Date().getUTCFullYear() - 14 });

    // Assess
    expect(issues).toMatchObject([{ path: 'birthYear', message: 'must be at least 15 years ago' }]);
  });

  it.each(['anna@', 'anna.hansen', 'anna @example.dk'])('refuses the e-mail address "%s"', (email) => {
    // Act
    const issues = issuesFor({ ...anna(), email });

    // Assess
    expect(issues).toMatchObject([{ path: 'email', message: 'must be an e-mail address' }]);
  });

  it('accepts an e-mail address', () => {
    // Act
    const participant = parseInput(ParticipantInputSchema, { ...anna(), email: 'anna.hansen@example.dk' });

    // Assess
    expect(participant.email).toBe('anna.hansen@example.dk');
  });

  it.each(['KK-2020-0042', 'FACIT/2020/17', 'mom_123.4', 'A'])('accepts the case reference "%s"', (reference) => {
    // Act
    const participant = parseInput(ParticipantInputSchema, { ...anna(), reference });

    // Assess
    expect(participant.reference).toBe(reference);
  });

  it.each([
    ['-KK-1', 'starting with a dash'],
    ['KK 1', 'with a space'],
    ['KK#1', 'with a hash'],
    ['', 'empty'],
    ['K'.repeat(65), '65 characters'],
  ])('refuses the case reference %j (%s)', (reference) => {
    // Act
    const issues = issuesFor({ ...anna(), reference });

    // Assess
    expect(issues).toMatchObject([{ path: 'reference', message: 'must be 1-64 letters, digits, dots, dashes, slashes or underscores' }]);
  });

  it('refuses unknown fields, naming each one, also inside the screening', () => {
    // Act
    const issues = issuesFor({ ...anna(), cpr: '0101901234', screening: { result: 'ready', notes: 'ordblind' } });

    // Assess
    expect(issues).toHaveLength(2);
    expect(issues).toMatchObject(
      expect.arrayContaining([
        { path: 'cpr', message: 'unknown field', code: 'unknown_field' },
        { path: 'screening.notes', message: 'unknown field', code: 'unknown_field' },
      ]),
    );
  });

  it('refuses a screening with neither a result nor risk markers, and risk markers it does not know', () => {
    // Act
    const empty = issuesFor({ ...anna(), screening: {} });
    const unknownMarker = issuesFor({ ...anna(), screening: { riskMarkers: ['dyslexia'] } });

    // Assess
    expect(empty).toMatchObject([{ path: 'screening', message: 'give a result or the risk markers found' }]);
    expect(unknownMarker?.map((i) => i.path)).toEqual(['screening.riskMarkers.0']);
  });
});

describe('ParticipantPatchSchema', () => {
  it('accepts dropping out with a reason from DROPOUT_REASONS and a note', () => {
    // Act
    const patch = parseInput(ParticipantPatchSchema, { status: 'dropped-out', reason: 'found-job', note: 'Fik job hos Netcompany' });

    // Assess
    expect(patch).toEqual({ status: 'dropped-out', reason: 'found-job', note: 'Fik job hos Netcompany' });
  });

  it.each(DROPOUT_REASONS.map((reason) => [reason]))('accepts the dropout reason "%s"', (reason) => {
    // Act
    const patch = parseInput(ParticipantPatchSchema, { status: 'dropped-out', reason });

    // Assess
    expect(patch).toEqual({ status: 'dropped-out', reason });
  });

  it.each([
    ['no reason', {}],
    ['a reason not in DROPOUT_REASONS', { reason: 'bored' }],
  ])('refuses dropping out with %s, listing the reasons', (_, extra) => {
    // Act
    const error = validationErrorOf(() => parseInput(ParticipantPatchSchema, { status: 'dropped-out', ...extra }));

    // Assess
    // The page lists the reasons from the code's values, in its reader's language.
    expect(error.issues).toEqual([
      { path: 'reason', message: expect.stringContaining('found-job'), code: 'invalid_value', values: expect.arrayContaining(['found-job', 'illness']) },
    ]);
  });

  it('refuses fields a status change does not take, such as a reason for starting', () => {
    // Act
    const error = validationErrorOf(() => parseInput(ParticipantPatchSchema, { status: 'started', reason: 'found-job' }));

    // Assess
    expect(error.issues).toEqual([{ path: 'reason', message: 'unknown field', code: 'unknown_field' }]);
  });

  it.each(['waitlisted', 'basic-track', 'paused'])('refuses "%s" as a status to set', (status) => {
    // Act
    const error = validationErrorOf(() => parseInput(ParticipantPatchSchema, { status }));

    // Assess
    expect(error.issues?.map((i) => i.path)).toEqual(['status']);
  });
});

describe('holdsPlace', () => {
  it.each<[ParticipantStatus, boolean]>([
    ['waitlisted', false],
    ['basic-track', false],
    ['enrolled', true],
    ['started', true],
    ['completed', true],
  ])('a %s participant holds a place: %s', (status, expected) => {
    // Act
    const holds = holdsPlace({ status, startedAt: status === 'started' || status === 'completed' ? '2020-03-16T08:00:00Z' : undefined });

    // Assess
    expect(holds).toBe(expected);
  });

  it('a participant who dropped out after starting keeps the place they used', () => {
    // Act
    const holds = holdsPlace({ status: 'dropped-out', startedAt: '2020-03-16T08:00:00Z' });

    // Assess
    expect(holds).toBe(true);
  });

  it('a participant who dropped out before starting frees their place', () => {
    // Act
    const holds = holdsPlace({ status: 'dropped-out' });

    // Assess
    expect(holds).toBe(false);
  });
});

describe('ALLOWED_TRANSITIONS', () => {
  it('makes completed and dropped-out final', () => {
    // Assess
    expect(ALLOWED_TRANSITIONS.completed).toEqual([]);
    expect(ALLOWED_TRANSITIONS['dropped-out']).toEqual([]);
  });

  it('lets every other status end in dropping out, and none stay where it is', () => {
    // Prepare
    const open = PARTICIPANT_STATUSES.filter((s) => s !== 'completed' && s !== 'dropped-out');

    // Assess
    for (const status of open) expect(ALLOWED_TRANSITIONS[status]).toContain('dropped-out');
    for (const status of PARTICIPANT_STATUSES) expect(ALLOWED_TRANSITIONS[status]).not.toContain(status);
  });

  it('lets only a started participant complete, and only an enrolled one start', () => {
    // Act
    const toCompleted = PARTICIPANT_STATUSES.filter((s) => ALLOWED_TRANSITIONS[s].includes('completed'));
    const toStarted = PARTICIPANT_STATUSES.filter((s) => ALLOWED_TRANSITIONS[s].includes('started'));

    // Assess
    expect(toCompleted).toEqual(['started']);
    expect(toStarted).toEqual(['enrolled']);
  });
});
