import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors.js';
import { PilotInputSchema } from '../../functions/domain/pilot.js';
import { milestoneStanding, reportDay } from '../../functions/domain/reports.js';
import { emptyTally, normaliseCode, SURVEY_CODE, surveyResults, surveyState, surveyWindow } from '../../functions/domain/survey.js';
import { parseInput } from '../../functions/domain/validation.js';
import { renderStatusReport } from '../../functions/mail/status-report.js';
import { surveyBlocks } from '../../functions/mail/survey-section.js';
import { renderSurveyInvitation } from '../../functions/mail/survey-invitation.js';
import { renderQuestion } from '../../functions/http/survey-pages.js';

// The pure rules of the participants' survey and the report points
// (domain/survey.ts, domain/reports.ts) and what their e-mails and pages say.

const plan = {
  recruitment: { opens: '2021-01-01', closes: '2021-01-31' },
  course: { start: '2021-02-01', weeks: 4, ending: 'diploma' as const },
  followUpMonths: 2,
};

describe('report points', () => {
  it('fall a quarter and half of the way from recruitment opening to the follow-up day, rounded down', () => {
    // Course ends 2021-02-28, follow-up day 2021-04-28: 117 days after 1 January.
    expect(reportDay(plan, { at: 'quarter' })).toBe('2021-01-30');
    expect(reportDay(plan, { at: 'midway' })).toBe('2021-02-28');
    expect(reportDay(plan, { at: '2021-03-15' })).toBe('2021-03-15');
  });

  it('move by a whole pause before them, wherever in the span it fell, and not at all for a pause after them', () => {
    // Paused during the course (its end and the follow-up day stretch). 10 days, and 1 more: the follow-up day is
    // counted in calendar months, and two months from 10 March are 2 days longer than from 28 February.
    expect(reportDay({ ...plan, pauses: [{ on: '2021-02-15', days: 10 }] }, { at: 'midway' })).toBe('2021-03-11');
    // Paused before the course began: its start was shifted at the resume, like every stored date still ahead.
    const early = {
      ...plan,
      course: { ...plan.course, start: '2021-02-11' },
      recruitment: { opens: '2021-01-01', closes: '2021-02-10' },
      pauses: [{ on: '2021-01-20', days: 10 }],
    };
    expect(reportDay(early, { at: 'midway' })).toBe('2021-03-11');
    // Paused after the quarter: the quarter stays.
    expect(reportDay({ ...plan, pauses: [{ on: '2021-02-15', days: 10 }] }, { at: 'quarter' })).toBe('2021-01-30');
  });

  it('are validated on the pilot, naming the field', () => {
    const base = { name: 'X', partner: 'Y', targetGroups: ['a'], capacity: 10, minimumCohort: 2, ...plan, targetEmploymentRate: 0.4, budgetDkk: 1 };
    expect(
      parseInput(PilotInputSchema, { ...base, reports: [{ at: 'midway' }, { at: '2021-03-01' }], targets: { satisfied: 0.95, selfReliant: 0.7 } }),
    ).toMatchObject({
      reports: [{ at: 'midway' }, { at: '2021-03-01' }],
      targets: { satisfied: 0.95, selfReliant: 0.7 },
    });
    for (const [input, path] of [
      [{ reports: [{ at: 'halfway' }] }, 'reports.0.at'],
      [{ targets: { satisfied: 95 } }, 'targets.satisfied'],
      [{ targets: { happy: 0.5 } }, 'targets.happy'],
    ] as const) {
      try {
        parseInput(PilotInputSchema, { ...base, ...input });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues!.map((i) => i.path)).toContain(path);
      }
    }
  });
});

describe('milestones so far', () => {
  const m = { metric: 'enrolled' as const, target: 20, by: '2021-01-31' };
  it('are met, on track while the count keeps pace with the time, else at risk; past their day and not met, at risk', () => {
    expect(milestoneStanding(m, 20, '2021-01-10', '2021-01-01')).toBe('met');
    expect(milestoneStanding(m, 10, '2021-01-16', '2021-01-01')).toBe('on-track');
    expect(milestoneStanding(m, 4, '2021-01-16', '2021-01-01')).toBe('at-risk');
    expect(milestoneStanding(m, 19, '2021-02-01', '2021-01-01')).toBe('at-risk');
  });
  it('"completed" is at risk before its day only when too few are still on the course to reach it', () => {
    const c = { metric: 'completed' as const, target: 10, by: '2021-03-31' };
    expect(milestoneStanding(c, 0, '2021-02-15', '2021-01-01', 12)).toBe('on-track');
    expect(milestoneStanding(c, 0, '2021-02-15', '2021-01-01', 8)).toBe('at-risk');
  });
});

describe('the survey', () => {
  it('is open from the end of the course to the follow-up day, with the reminder a week in; a pause moves all three', () => {
    expect(surveyWindow(plan)).toEqual({ opensAt: '2021-02-28T23:00:00.000Z', remindAt: '2021-03-07T23:00:00.000Z', closesAt: '2021-04-27T22:00:00.000Z' });
    expect(surveyState(plan, new Date('2021-02-28T12:00:00Z'))).toBe('not-open');
    expect(surveyState(plan, new Date('2021-03-01T12:00:00Z'))).toBe('open');
    expect(surveyState(plan, new Date('2021-04-28T12:00:00Z'))).toBe('closed');
    expect(surveyWindow({ ...plan, pauses: [{ on: '2021-02-15', days: 10 }] }).opensAt).toBe('2021-03-10T23:00:00.000Z');
  });

  it('shows only the number of answers under 5, and from 5 the rates against the targets', () => {
    const tally = emptyTally();
    tally.satisfaction['very-satisfied'] = 3;
    tally.satisfaction.dissatisfied = 1;
    tally.selfReliance['on-my-own'] = 4;
    const four = surveyResults({ tally, answers: 4, mailed: 10, codes: 2, targets: { satisfied: 0.95 } });
    expect(four).toEqual({ invited: { mailed: 10, codes: 2 }, answers: 4, minimumForBreakdown: 5 });
    tally.satisfaction.satisfied = 1;
    tally.selfReliance.partly = 1;
    const five = surveyResults({ tally, answers: 5, mailed: 10, codes: 2, targets: { satisfied: 0.95, selfReliant: 0.7 } });
    expect(five.breakdown).toMatchObject({
      satisfied: { count: 3, of: 5, rate: 0.6, target: 0.95, met: false },
      satisfiedAtLeast: { count: 4, of: 5 },
      selfReliant: { count: 4, of: 5, rate: 0.8, target: 0.7, met: true },
    });
  });

  it('reads a printed code as typed: lower case, without the dash, O for 0 and I or L for 1', () => {
    expect(normaliseCode('k7m2-9qxd')).toBe('K7M29QXD');
    expect(normaliseCode('1O0L-ABCD')).toBe('1001ABCD');
    expect(SURVEY_CODE.test(normaliseCode('k7m2 9qxd'))).toBe(true);
    expect(SURVEY_CODE.test(normaliseCode('K7M2-9QX'))).toBe(false);
  });
});

describe('what they say', () => {
  const danishOnly = (text: string) => {
    for (const word of [' the ', ' and ', ' of ', 'Milestone', 'answers', 'survey', 'Survey']) expect(text).not.toContain(word);
  };
  it('the Danish survey page, invitation, survey section and status report carry no English', () => {
    danishOnly(
      renderQuestion({
        language: 'da',
        switchLanguageUrl: 'x?lang=en',
        pilotName: 'Azure',
        action: 'x',
        nonce: 'n',
        step: 1,
        answers: { satisfaction: 'satisfied' },
      }).replace(/lang="en"[^>]*>English/, ''),
    );
    const mail = renderSurveyInvitation({
      pilot: { name: 'Azure' },
      url: 'https://api.example/survey/s1.x.y',
      lastDay: '2021-04-27',
      reminder: true,
      language: 'da',
    });
    danishOnly(mail.text.replace(/https:\S+/g, ''));
    expect(mail.text).toContain('Du kan svare til og med 27. april 2021.');
    const section = JSON.stringify(surveyBlocks(surveyResults({ tally: emptyTally(), answers: 3, mailed: 9, codes: 1 }), 'da'));
    danishOnly(section);
    expect(section).toContain('Under 5 svar');
    const report = renderStatusReport({
      pilot: { name: 'Azure', partner: 'Microsoft', status: 'running' },
      kind: 'midway',
      day: '2021-02-28',
      phase: 'course',
      waitingFor: 'course-end',
      nextDeadline: '2021-02-28T23:00:00.000Z',
      placesTaken: 16,
      capacity: 20,
      funnel: { recruited: 20, started: 16, completed: 0, certified: 0, matched: 0, internshipOffered: 0, internshipStarted: 0, employed: null },
      courseEnding: 'diploma',
      milestones: [{ metric: 'enrolled', target: 20, by: '2021-01-31', actual: 16, standing: 'at-risk' }],
      risks: [
        { risk: 'recruitment-under-minimum', on: '2021-02-01' },
        { risk: 'stuck', on: '2021-02-10' },
      ],
      language: 'da',
    });
    danishOnly(report.text);
    expect(report.subject).toBe('Status på pilotprojektet «Azure»: midtvejs');
    expect(report.text).toContain('I risiko');
    expect(report.text).toContain('Pilotprojektet står stille (rejst 10. februar 2021)');
    expect(report.text).toContain('Næste frist: 28. februar 2021.');
  });
});
