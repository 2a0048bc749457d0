import { formatCount, num } from '../format.js';
import type { Phrases } from './management-da.js';

// The management e-mails in English, typed as the Danish table
// (management-da.ts): a phrase cannot exist in one language only.

export const en: Phrases = {
  sender: 'Jobcenter København · Pilot projects',
  footerAutomatic: 'This e-mail was sent automatically by the system that runs the pilot projects.',
  footerCountsOnly: 'It contains counts only and no information about individual citizens.',
  people: (n) => (n === 1 ? '1 participant' : `${n} participants`),

  recommendation: {
    continue: 'Continue and integrate into the regular offer',
    adjust: 'Adjust and repeat',
    close: 'Close down',
    uncertain: 'No recommendation: the result is uncertain',
  },
  recommendationShort: {
    continue: 'Continue',
    adjust: 'Adjust and repeat',
    close: 'Close down',
    uncertain: 'Uncertain result',
  },

  outcome: {
    subject: (name, short, closedEarly) => `Outcome of the pilot «${name}»${closedEarly ? ' (closed early)' : ''}: ${short}`,
    title: (name) => `Outcome of the pilot «${name}»`,
    preheader: (recommendation, employment) => `${recommendation}. In ordinary employment: ${employment}.`,
    recommendationLabel: 'Recommendation',
    overrideLabel: 'Recommendation, changed by the consultant',
    employmentVsTarget: (employment) => `In ordinary employment: ${employment}.`,
    because: {
      continue: (target) => `That is at or above the target of ${target}.`,
      adjust: (target) => `That is below the target of ${target}, but at least half of it.`,
      close: (target) => `That is less than half of the target of ${target}.`,
      uncertain: (target) => `The target is ${target}.`,
    },
    uncertainUnknown: (unknown) => `The result is uncertain because the outcome is unknown for more than a third of the participants: ${unknown}.`,
    uncertainNoneStarted: 'The result is uncertain because no participant started the course. There is no result to measure.',
    uncertainNotClose: 'This is not a recommendation to close the pilot. Record the missing follow-ups so that the result can be assessed again.',
    notMeasured: {
      'closed-before-follow-up':
        'Employment was not measured: the pilot was closed before its follow-up, so nobody recorded whether the participants found work.',
      'no-follow-up-recorded': 'Employment was not measured: no follow-up was recorded for the participants.',
    },
    notMeasuredTarget: (target) =>
      `So there is no employment figure to hold against the target of ${target}. Below is what the pilot reached, and what it cost.`,
    notMeasuredShort: 'Employment was not measured',
    funnelSoFar: 'What the pilot reached',
    computedLabel: 'Recommendation computed from the figures',
    overriddenBy: (by) => `Changed by: ${by}`,
    reason: (reason) => `Reason: ${reason}`,
    closedEarlyLabel: 'Note',
    closedEarlyTitle: 'The pilot was closed early',
    closeCause: {
      consultant: 'Closed by the pilot consultant.',
      'too-few': 'Too few participants when recruitment ended, and no decision by the deadline.',
      'no-company': 'No company confirmed a slot at the match event, and no decision by the deadline. So there is no effect to judge.',
    },
    intro: (partner) => `Partner: ${partner}. The figures below are counted automatically from what was recorded in the pilot.`,
    keyFigures: 'Key figures',
    employmentRate: 'In ordinary employment (of those who started)',
    amongCompleted: 'In ordinary employment (of those who completed)',
    fullTime: 'Full-time (of those who started)',
    unknown: 'Outcome unknown at follow-up',
    target: 'Target for ordinary employment',
    definition: 'Ordinary employment is a full-time or part-time job without a wage subsidy. Participants who dropped out count among those who started.',
    funnel: 'From recruitment to work',
    funnelStages: {
      recruited: 'Recruited',
      started: 'Started the course',
      completed: 'Completed the course',
      certifiedExam: 'Passed the certification',
      certifiedDiploma: 'Received a diploma',
      matched: 'Matched at the match event',
      internshipOffered: 'Offered an internship',
      internshipStarted: 'Started an internship',
      employed: 'In ordinary employment',
    },
    situation: "Participants' situation at follow-up",
    situationNote: 'Of the participants who started the course.',
    milestones: 'Milestones',
    milestoneColumns: ['Milestone', 'By', 'Target', 'Actual', 'Status'],
    milestoneMetric: { screened: 'Screened', enrolled: 'Enrolled', completed: 'Completed' },
    met: 'Met',
    notMet: 'Not met',
    noMilestones: 'No milestones were set for this pilot.',
    companies: 'Companies',
    companiesInvited: 'Companies invited',
    companiesAnswered: 'Companies that answered',
    confirmedSlots: 'Confirmed slots at the match event',
    offeredInternships: 'Internships offered',
    cost: 'Cost',
    budget: 'Budget',
    perParticipant: 'Cost per participant who started',
    perJob: 'Cost per participant in ordinary employment',
    attached: (filename) => `The figures are also attached as a CSV file (${filename}).`,
    csvSuffix: 'outcome',
    csvHeader: ['metric', 'value'],
    certainty: {
      above: (low, high, target) =>
        `The figures show a result clearly above the target: the whole 95% interval, ${low} to ${high}, lies above the target of ${target}.`,
      below: (low, high, target) =>
        `The figures show a result clearly below the target: the whole 95% interval, ${low} to ${high}, lies below the target of ${target}.`,
      around: (low, high, target) => `The figures cannot tell the result from the target: the 95% interval, ${low} to ${high}, holds the target of ${target}.`,
    },
    cohortToTell: (n) => `With the same result, a next cohort would need about ${n.toLocaleString('en-GB')} participants to tell.`,
    cannotTell: 'The result is on the target; no cohort of a realistic size can tell.',
    intervalNote:
      'The interval (95%) shows where the true level most likely lies; the fewer the participants, the wider it is. The recommendation rests on the rate itself.',
    comparison: 'Compared with',
    comparisonGroup: 'Comparison group in ordinary employment',
    comparisonRate: 'Comparison rate in ordinary employment',
    comparisonRateOf: (rate, n) => `${rate} of ${n.toLocaleString('en-GB')}`,
    comparisonNotCounted: 'Not counted',
    effect: 'Effect (pilot minus comparison)',
    noEffect: 'No effect to judge',
    effectPosition: {
      above: 'The pilot lies clearly above the comparison.',
      below: 'The pilot lies clearly below the comparison.',
      around: 'The difference may be zero: the figures cannot tell the pilot from the comparison.',
    },
    effectMethod: {
      newcombe: "The interval allows for the uncertainty on both sides (Newcombe's method).",
      'fixed-rate': "The comparison's n is unknown, so only the pilot's own uncertainty counts.",
    },
    effectNotMeasured: {
      'employment-not-measured': 'No effect to judge: employment was not measured.',
      'no-comparison-counts': "No effect to judge: the comparison group's counts were not recorded at follow-up.",
      'none-started': 'No effect to judge: no participant started.',
    },
    comparisonSource: (source, period) => `Source: ${source} (${period}). A difference does not by itself show that the course was the cause.`,
    preheaderNotMeasured: (recommendation) => `${recommendation}. Employment was not measured.`,
    csv: {
      pilot: 'pilot',
      partner: 'partner',
      recommendation: 'recommendation',
      computedRecommendation: 'computed recommendation',
      closedEarly: 'closed early',
      yes: 'yes',
      no: 'no',
      recruited: 'recruited',
      started: 'started',
      completed: 'completed',
      certifiedExam: 'passed the certification',
      certifiedDiploma: 'received a diploma',
      matched: 'matched at the match event',
      internshipOffered: 'offered an internship',
      internshipStarted: 'started an internship',
      employed: 'in ordinary employment',
      employmentRate: 'employment rate of those who started (%)',
      employedAmongCompleted: 'in ordinary employment among those who completed',
      employmentRateAmongCompleted: 'employment rate of those who completed (%)',
      fullTime: 'full-time',
      fullTimeRate: 'full-time rate of those who started (%)',
      unknown: 'outcome unknown',
      unknownRate: 'share with outcome unknown of those who started (%)',
      target: 'target employment rate (%)',
      situation: {
        'employed-full-time': 'follow-up: ordinary job full-time',
        'employed-part-time': 'follow-up: ordinary job part-time',
        'wage-subsidy': 'follow-up: wage-subsidy job',
        internship: 'follow-up: internship',
        education: 'follow-up: education',
        unemployed: 'follow-up: still unemployed',
        unknown: 'follow-up: unknown',
      },
      milestone: (metric, by, what) => `milestone ${metric} by ${by} (${what})`,
      employmentMeasured: 'employment measured',
      companiesInvited: 'companies invited',
      companiesAnswered: 'companies that answered',
      confirmedSlots: 'confirmed slots',
      offeredInternships: 'internships offered',
      budget: 'budget (DKK)',
      perParticipant: 'cost per participant who started (DKK)',
      perJob: 'cost per participant in ordinary employment (DKK)',
      intervalLow: (metric) => `${metric} 95% interval low`,
      intervalHigh: (metric) => `${metric} 95% interval high`,
      certainty: 'certainty against the target',
      position: { above: 'above the target', below: 'below the target', around: 'cannot be told from the target' },
      cohortToTell: 'participants a next cohort needs to tell',
      comparisonKind: 'comparison',
      kind: { rate: 'known rate', group: 'comparison group' },
      comparisonSource: 'comparison source',
      comparisonPeriod: 'comparison period',
      comparisonRate: 'comparison employment rate (%)',
      comparisonCount: 'comparison in ordinary employment',
      comparisonOf: 'comparison size',
      effect: 'effect (percentage points)',
      effectMethod: 'effect method',
      method: { newcombe: 'newcombe', 'fixed-rate': 'against a fixed rate' },
    },
  },

  outcomes: {
    'employed-full-time': 'Ordinary job, full-time',
    'employed-part-time': 'Ordinary job, part-time',
    'wage-subsidy': 'Wage-subsidy job',
    internship: 'Internship',
    education: 'Education',
    unemployed: 'Still unemployed',
    unknown: 'Unknown',
  },

  phase: {
    recruitment: 'Recruitment',
    course: 'Course',
    certification: 'Certification',
    'match-event': 'Match event',
    internships: 'Internships',
    'follow-up': 'Follow-up',
    evaluation: 'Evaluation',
    closed: 'Closed',
  },
  waitingFor: {
    'recruitment-end': 'Waiting for recruitment to end',
    'recruitment-decision': 'Waiting for your decision: extend recruitment or close',
    'course-end': 'Waiting for the course to end',
    'certification-end': 'Waiting for certification to end',
    'match-answers': "Waiting for the companies' answers",
    'match-decision': 'Waiting for your decision: extend the response deadline or close',
    'match-event': 'Waiting for the match event',
    'internships-end': 'Waiting for the internship period to end',
    'follow-up-end': 'Waiting for the follow-up to be recorded',
    'step-retry': 'A step failed: waiting for a retry or a close',
  },

  risk: {
    'recruitment-under-minimum': 'Too few enrolled',
    'no-company-answer': 'No company has answered',
    'voucher-shortage': 'Too few voucher codes',
    'follow-up-incomplete': 'Follow-up incomplete',
    'step-failed': 'A step of the workflow failed',
  },

  escalation: {
    subject: (name, risk, decideBy) => `The pilot «${name}» is at risk: ${risk.toLowerCase()}${decideBy ? ` (deadline ${decideBy})` : ''}`,
    title: (name) => `The pilot «${name}» is at risk`,
    label: 'Risk',
    situation: {
      'recruitment-under-minimum': (d) =>
        num(d, 'enrolled') && num(d, 'minimum')
          ? `Recruitment has ended with ${num(d, 'enrolled')} enrolled. The course needs at least ${num(d, 'minimum')} to run.`
          : 'Recruitment has ended with fewer enrolled than the minimum the course needs.',
      'no-company-answer': (d) =>
        num(d, 'invited')
          ? `None of the ${num(d, 'invited')} invited companies has confirmed slots at the match event.`
          : 'None of the invited companies has confirmed slots at the match event.',
      'voucher-shortage': (d) =>
        num(d, 'available') && num(d, 'needed')
          ? `There are ${num(d, 'available')} free voucher codes for ${num(d, 'needed')} candidates who are to take the exam.`
          : 'There are fewer free voucher codes than candidates who are to take the exam.',
      'follow-up-incomplete': (d) =>
        num(d, 'withoutOutcome') && num(d, 'started')
          ? `The situation after the course has not been recorded for ${num(d, 'withoutOutcome')} of ${num(d, 'started')} participants.`
          : 'The situation after the course has not been recorded for every participant.',
      'step-failed': (d) =>
        `The step ${String(d.step ?? '')} failed (${String(d.error ?? 'unknown error')}), also after several attempts. The pilot is held at that step until it is retried; nothing is lost.`,
    },
    figures: 'The figures',
    detail: {
      enrolled: 'Enrolled',
      minimum: 'Minimum number of participants',
      capacity: 'Places in all',
      invited: 'Companies invited',
      answered: 'Companies that answered',
      confirmedSlots: 'Confirmed slots',
      responseDeadline: 'Companies’ response deadline',
      eventDate: 'Date of the match event',
      needed: 'Candidates without a code',
      available: 'Free voucher codes',
      expiresOn: 'The codes expire',
      examDeadline: 'Exam deadline',
      withoutOutcome: 'Participants with no situation recorded',
      started: 'Participants who started',
      deadline: 'Deadline',
      step: 'Step',
      error: 'Error',
    },
    whatToDo: 'What you can do',
    actions: {
      'recruitment-under-minimum': [
        'Extend recruitment with a new closing date if more citizens in the target group can still enrol.',
        'Close the pilot if not enough participants can be found.',
      ],
      'no-company-answer': [
        'Contact the companies directly and ask them to confirm how many slots they take at the match event.',
        'Invite more companies.',
        'Close the pilot if no company will take part.',
      ],
      'voucher-shortage': ['Ask the sponsor for more voucher codes.', 'Pass unused codes on to other candidates before they expire.'],
      'follow-up-incomplete': [
        "Record each participant's situation in the participant list.",
        'Contact the participant or their caseworker where the situation is not known.',
        'Use «Unknown» only when the situation cannot be found.',
      ],
      'step-failed': [
        'Operations have been told and will fix the fault.',
        'Retry the step (POST /pilots/{id}/retry) once the fault is fixed.',
        'Close the pilot if it is not to go on.',
      ],
    },
    deadline: {
      'recruitment-under-minimum': (date) =>
        `Decide by ${date}. If you have neither extended recruitment nor closed the pilot by then, it closes by itself at the end of that day.`,
      'no-company-answer': (date) => `The deadline is ${date}. If no company has confirmed slots by then, the pilot closes by itself at the end of that day.`,
      'voucher-shortage': (date) => `The deadline is ${date}. Candidates who have not received a code by then cannot take the exam in this pilot.`,
      'follow-up-incomplete': (date) =>
        `The deadline is ${date}. After that the pilot is evaluated with the figures recorded, and participants with nothing recorded count as unknown.`,
      'step-failed': (date) => `If the step has not been retried by ${date}, it is retried by itself on that day.`,
    },
    deadlineLabel: 'Deadline',
    noDeadline: 'No deadline is set. The pilot carries on until you act.',
  },

  digest: {
    subject: (week, year) => `Pilot projects overview – week ${week}, ${year}`,
    title: (week, year) => `Pilot projects overview – week ${week}, ${year}`,
    summary: (active, paused, atRisk, closed) =>
      [
        active === 1 ? '1 active pilot' : `${active} active pilots`,
        paused > 0 ? `${paused} of them paused` : undefined,
        atRisk === 0 ? 'none at risk' : `${atRisk} at risk`,
      ]
        .filter(Boolean)
        .join(', ') + `. ${closed === 1 ? '1 pilot' : `${closed} pilots`} closed since the last overview.`,
    weekOf: (date) => `This overview covers the week from ${date}.`,
    active: 'Active pilots',
    activeColumns: ['Pilot', 'Phase', 'Next deadline', 'Risks'],
    running: 'Running',
    paused: 'Paused',
    noDeadline: '–',
    noRisks: 'None',
    noActive: 'There are no active pilots.',
    closedSince: 'Closed since the last overview',
    closedColumns: ['Pilot', 'Recommendation', 'In ordinary employment'],
    noClosed: 'No pilot has closed since the last overview.',
    closedNote: 'Each closed pilot has had its own e-mail with the full outcome.',
    notMeasured: 'not measured',
    byEffect: 'Effect across the portfolio',
    byEffectColumns: ['Pilot', 'Effect', 'In ordinary employment', 'Comparison'],
    byEffectNote:
      'Evaluated pilots with a comparison, largest effect first, in percentage points with their 95% interval. Where the intervals overlap, the order is not certain.',
  },

  followUp: {
    subject: (name, deadline, reminder) =>
      `${reminder === 0 ? '' : reminder === 1 ? 'Reminder: ' : 'Final reminder: '}Record the follow-up for the pilot «${name}» by ${deadline}`,
    title: (name) => `Follow-up of the pilot «${name}»`,
    reminderLabel: (reminder) => (reminder === 1 ? 'Reminder' : 'Final reminder'),
    reminderTitle: (people) => `The follow-up is still missing for ${people}`,
    reminderLine: (reminder, deadline) =>
      reminder === 1 ? `Please record the situation by ${deadline}.` : `This is the final reminder before the deadline of ${deadline}.`,
    intro: 'It is time to follow up on the participants of the pilot. Record what each participant is doing now, after the course.',
    missing: (people) => `A situation is still to be recorded for ${people}.`,
    allRecorded: 'Every participant has a situation recorded. You can still correct them until the deadline.',
    provisional: (people) =>
      `Of these, ${people} have a provisional situation recorded before the follow-up day. The situation at follow-up is the one now: record it again (also if unchanged), or it counts as «Unknown».`,
    choose: 'Choose one of these seven situations for each participant:',
    button: 'Open the participant list',
    deadline: (deadline) =>
      `The deadline is ${deadline}. After that the pilot is evaluated with what has been recorded. Participants with nothing recorded count as «Unknown», and if more than a third are unknown, the result is uncertain.`,
    listNote: 'For data protection, this e-mail holds no information about the participants; only the participant list does.',
  },

  examReminder: {
    subject: (name, deadline) => `Reminder: Record the exam results for the pilot «${name}» by ${deadline}`,
    title: (name) => `Exam results of the pilot «${name}»`,
    label: 'Reminder',
    missingTitle: (missing) =>
      missing === 0 ? 'All exam results are recorded' : missing === 1 ? '1 exam result is missing' : `${formatCount(missing, 'en')} exam results are missing`,
    missing: (missing, withCode) =>
      withCode === 1
        ? 'The candidate with a voucher code has no exam result recorded yet.'
        : `${formatCount(missing, 'en')} of the ${formatCount(withCode, 'en')} candidates with a voucher code ${missing === 1 ? 'has' : 'have'} no exam result recorded yet.`,
    allRecorded: 'Every candidate with a voucher code has an exam result recorded. You can still correct the results until the deadline.',
    intro: (exam, deadline) =>
      `The certification phase of the pilot is approaching its exam deadline of ${deadline}. Please record the result for each candidate who received a voucher code${exam ? ` for the exam «${exam}»` : ''}.`,
    facts: {
      exam: 'Exam',
      withCode: 'Candidates with a voucher code',
      withoutResult: 'Without a recorded result',
      deadline: 'Deadline',
    },
    choose: 'For each candidate, record one of these three results, together with the date of the exam:',
    results: {
      passed: 'Passed',
      failed: 'Failed',
      'no-show': 'No-show – the candidate did not turn up for the exam',
    },
    button: 'Record the exam results',
    bulk: (pilotId) => `Many results at once can also be uploaded as JSON or CSV with POST /pilots/${pilotId}/exam-results.`,
    deadline: (deadline) =>
      `The deadline is ${deadline}. After that the certification phase ends with the results recorded, and candidates without a result are not counted as certified.`,
    listNote: 'For data protection, this e-mail holds no information about the candidates; only the list behind the link does.',
  },

  voucher: {
    subject: (exam, attempt) => (attempt === 1 ? `Your voucher code for the exam «${exam}»` : `Your new voucher code for the exam «${exam}»`),
    title: (attempt) => (attempt === 1 ? 'Your exam voucher code' : 'Your voucher code for a new attempt'),
    preheader: (deadline) => `The code is personal. Take the exam by ${deadline}.`,
    greeting: (name) => `Hello ${name},`,
    intro: (exam, sponsor, course, attempt) =>
      attempt === 1
        ? `Here is your personal voucher code for the exam «${exam}». The code is sponsored by ${sponsor} and is part of the course «${course}».`
        : `Here is a new voucher code so that you can take the exam «${exam}» once more. Many people need more than one attempt, so don't worry. The code is sponsored by ${sponsor} and is part of the course «${course}».`,
    codeLabel: (attempt) => (attempt === 1 ? 'Your personal voucher code' : 'Your voucher code for attempt 2'),
    exam: 'Exam',
    examDeadline: 'Take the exam by',
    codeExpiresOn: 'The code expires',
    howTo: 'How to use the code',
    steps: (deadline) => [`Book a time for the exam so that you take it by ${deadline}.`, 'Enter the code when you are asked to pay for the exam.'],
    personalHeading: 'The code is only for you',
    personal:
      'The code is personal. Do not share it with anyone, not even with others on your course, and do not post it online. A code can only be used once. If someone else uses it, you cannot use it yourself.',
    cannotHeading: "Can't take the exam?",
    cannot: (deadline) =>
      `If you cannot take the exam by ${deadline}, please contact your consultant at the job centre as soon as possible. Together you will work out what to do.`,
    goodLuck: (attempt) => (attempt === 1 ? 'Good luck with the exam!' : 'Good luck with your new attempt!'),
    footer: (course) => `You are receiving this e-mail because you take part in the course «${course}» through the job centre. It was sent automatically.`,
  },
};
