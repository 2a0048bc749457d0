import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors.js';
import { PilotInputSchema, courseEnd } from '../../functions/domain/pilot.js';
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

/** The Azure pilot with Microsoft (2020), as a consultant would send it: only required fields and a match event. */
const azure = () => ({
  name: 'Azure med Microsoft',
  partner: 'Microsoft',
  targetGroups: ['job-ready-academics'],
  capacity: 90,
  minimumCohort: 30,
  recruitment: { opens: '2020-02-01', closes: '2020-03-01' },
  course: { start: '2020-03-16', weeks: 4, ending: 'exam' },
  matchEvent: { date: '2021-01-20', responseDeadline: '2021-01-06', capacity: 40 },
  targetEmploymentRate: 0.4,
  budgetDkk: 400_000,
});

const issuesFor = (input: unknown) => validationErrorOf(() => parseInput(PilotInputSchema, input)).issues;

describe('PilotInputSchema', () => {
  it('parses the Azure 2020 pilot and fills in the defaults', () => {
    // Act
    const pilot = parseInput(PilotInputSchema, azure());

    // Assess
    expect(pilot).toEqual({
      ...azure(),
      eligibility: { screeningRequired: false },
      followUpMonths: 2,
      language: 'da',
      managementEmails: [],
      milestones: [],
      retentionMonths: 12,
      certification: { retakes: false },
      // Meetings at the match event: from 09:00, 20 minutes each.
      matchEvent: { ...azure().matchEvent, startTime: '09:00', slotMinutes: 20 },
    });
  });

  it('turns a plain management address into one that receives Danish e-mails', () => {
    // Act
    const pilot = parseInput(PilotInputSchema, {
      ...azure(),
      managementEmails: ['ledelse@kk.dk', { email: 'director@kk.dk', language: 'en' }],
    });

    // Assess
    expect(pilot.managementEmails).toEqual([
      { email: 'ledelse@kk.dk', language: 'da' },
      { email: 'director@kk.dk', language: 'en' },
    ]);
  });

  it('refuses unknown fields, naming each one, nested or not', () => {
    // Act
    const issues = issuesFor({ ...azure(), colour: 'blue', course: { ...azure().course, colour: 'blue' } });

    // Assess
    expect(issues).toHaveLength(2);
    expect(issues).toMatchObject(
      expect.arrayContaining([
        { path: 'colour', message: 'unknown field', code: 'unknown_field' },
        { path: 'course.colour', message: 'unknown field', code: 'unknown_field' },
      ]),
    );
  });

  it('names each missing required field as required', () => {
    // Prepare
    const { name: _name, budgetDkk: _budget, ...input } = azure();

    // Act
    const error = validationErrorOf(() => parseInput(PilotInputSchema, input));

    // Assess
    expect(error.issues).toEqual([
      { path: 'name', message: 'required', code: 'required' },
      { path: 'budgetDkk', message: 'required', code: 'required' },
    ]);
    expect(error.message).toContain('name: required');
  });

  it('refuses a target employment rate given as a percentage, asking for a fraction', () => {
    // Act
    const issues = issuesFor({ ...azure(), targetEmploymentRate: 40 });

    // Assess
    expect(issues).toMatchObject([{ path: 'targetEmploymentRate', message: expect.stringContaining('fraction') }]);
  });

  it('refuses a minimum cohort above the capacity', () => {
    // Act
    const issues = issuesFor({ ...azure(), minimumCohort: 91 });

    // Assess
    expect(issues).toMatchObject([{ path: 'minimumCohort', message: 'must not exceed capacity' }]);
  });

  it('accepts a minimum cohort equal to the capacity', () => {
    // Act
    const pilot = parseInput(PilotInputSchema, { ...azure(), minimumCohort: 90 });

    // Assess
    expect(pilot.minimumCohort).toBe(90);
  });

  it('refuses recruitment that closes before it opens', () => {
    // Act
    const issues = issuesFor({ ...azure(), recruitment: { opens: '2020-02-01', closes: '2020-01-31' } });

    // Assess
    expect(issues).toMatchObject([{ path: 'recruitment.closes', message: 'must be on or after recruitment.opens' }]);
  });

  it('refuses a course that starts before recruitment closes', () => {
    // Act
    const issues = issuesFor({ ...azure(), course: { ...azure().course, start: '2020-02-29' } });

    // Assess
    expect(issues).toMatchObject([{ path: 'course.start', message: 'must be on or after recruitment.closes' }]);
  });

  it('refuses a match-event response deadline after the event', () => {
    // Act
    const issues = issuesFor({ ...azure(), matchEvent: { ...azure().matchEvent, responseDeadline: '2021-01-21' } });

    // Assess
    expect(issues).toMatchObject([{ path: 'matchEvent.responseDeadline', message: 'must be on or before the event date' }]);
  });

  it('refuses a match event before the course ends, and accepts one on its last day', () => {
    // Prepare: the course runs 2020-03-16 to 2020-04-12
    const onLastDay = { ...azure(), matchEvent: { date: '2020-04-12', responseDeadline: '2020-04-01', capacity: 40 } };
    const dayBefore = { ...azure(), matchEvent: { date: '2020-04-11', responseDeadline: '2020-04-01', capacity: 40 } };

    // Act
    const accepted = parseInput(PilotInputSchema, onLastDay);
    const issues = issuesFor(dayBefore);

    // Assess
    expect(accepted.matchEvent?.date).toBe('2020-04-12');
    expect(issues).toMatchObject([{ path: 'matchEvent.date', message: 'must be on or after the course ends' }]);
  });

  // Each bad date sorts before 2020-03-01 (when recruitment closes), so the check of the order of the dates
  // cannot add a second issue; see the skipped test below for when it does.
  it.each([
    ['2020-02-30', 'a day February never has'],
    ['2019-02-29', '29 February in a year that is not a leap year'],
    ['2020-00-10', 'month 0'],
    ['2020-02-00', 'day 0'],
    ['2020-01-1', 'no leading zero'],
    ['2020-02-01T00:00:00Z', 'a time as well as a date'],
  ])('refuses %s as a date (%s)', (opens) => {
    // Act
    const issues = issuesFor({ ...azure(), recruitment: { opens, closes: '2020-03-01' } });

    // Assess
    expect(issues).toMatchObject([{ path: 'recruitment.opens', message: 'must be a calendar date, YYYY-MM-DD' }]);
  });

  // Regression: zod 4 runs the superRefine even after a date failed its format, and compared the malformed
  // text, blaming a well-formed field too.
  it('names only the malformed date, not a well-formed date compared with it', () => {
    // Act
    const issues = issuesFor({ ...azure(), recruitment: { opens: '2020-13-01', closes: '2020-03-01' } });

    // Assess
    expect(issues).toMatchObject([{ path: 'recruitment.opens', message: 'must be a calendar date, YYYY-MM-DD' }]);
  });

  it('accepts 29 February in a leap year', () => {
    // Act
    const pilot = parseInput(PilotInputSchema, { ...azure(), recruitment: { opens: '2020-02-29', closes: '2020-03-01' } });

    // Assess
    expect(pilot.recruitment.opens).toBe('2020-02-29');
  });

  it.each([
    ['Azure\u0007pilot', 'a bell'],
    ['Azure\tpilot', 'a tab'],
    ['Azure\npilot', 'a line break'],
    ['Azure\u007fpilot', 'a delete'],
  ])('refuses control characters in the name (%j, %s)', (name) => {
    // Act
    const issues = issuesFor({ ...azure(), name });

    // Assess
    expect(issues).toMatchObject([{ path: 'name', message: 'must not contain control characters' }]);
  });

  it('reports every bad field at once', () => {
    // Act
    const issues = issuesFor({ ...azure(), name: ' ', targetEmploymentRate: 40, targetGroups: [] });

    // Assess
    expect(issues?.map((i) => i.path).sort()).toEqual(['name', 'targetEmploymentRate', 'targetGroups']);
  });
});

describe('courseEnd', () => {
  it('is the last day of a course: the Azure course from 2020-03-16 for 4 weeks ends on 2020-04-12', () => {
    // Act
    const end = courseEnd({ start: '2020-03-16', weeks: 4 });

    // Assess
    expect(end).toBe('2020-04-12');
  });

  it('counts across a year end and a leap day', () => {
    // Act
    const ends = [courseEnd({ start: '2020-12-28', weeks: 1 }), courseEnd({ start: '2020-02-24', weeks: 1 })];

    // Assess
    expect(ends).toEqual(['2021-01-03', '2020-03-01']);
  });
});

describe('field issues a page can put in words', () => {
  it('gives each issue a stable code and the limit it crossed', () => {
    const error = validationErrorOf(() =>
      parseInput(PilotInputSchema, {
        ...azure(),
        name: 'x'.repeat(201),
        targetGroups: ['academics', 'ledige 50+'],
        recruitment: { opens: '2020-02-01', closes: '01-03-2020' },
        course: { ...azure().course, ending: 'certificate' },
        budgetDkk: 'many',
      }),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'name', message: expect.any(String), code: 'too_big', max: 200, format: 'string' },
        { path: 'targetGroups.1', message: expect.any(String), code: 'slug' },
        { path: 'recruitment.closes', message: expect.any(String), code: 'invalid_format', format: 'date' },
        { path: 'course.ending', message: expect.any(String), code: 'invalid_value', values: ['exam', 'diploma', 'none'] },
        { path: 'budgetDkk', message: expect.any(String), code: 'invalid_type', expected: 'number' },
      ]),
    );
  });

  it('names the capacity as the most a minimum cohort may be', () => {
    const error = validationErrorOf(() => parseInput(PilotInputSchema, { ...azure(), capacity: 90, minimumCohort: 91 }));
    expect(error.issues).toEqual([{ path: 'minimumCohort', message: 'must not exceed capacity', code: 'too_big', max: 90 }]);
  });

  it('names the earliest day a date may be when it comes before the one it follows', () => {
    const error = validationErrorOf(() => parseInput(PilotInputSchema, { ...azure(), course: { ...azure().course, start: '2020-02-20' } }));
    expect(error.issues).toEqual([{ path: 'course.start', message: expect.any(String), code: 'too_early', min: '2020-03-01' }]);
  });
});
