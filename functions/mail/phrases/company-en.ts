import { formatCount, plural } from '../format.js';
import type { CompanyPhrases } from './company-da.js';

// The company e-mails in English, typed as the Danish table (company-da.ts):
// a phrase cannot exist in one language only.

export const en: CompanyPhrases = {
  sender: 'Jobcenter København (Copenhagen Job Centre)',
  service: 'Pilot projects',
  slots: (n) => plural('en', n, 'slot', 'slots'),
  candidates: (n) => plural('en', n, 'candidate', 'candidates'),
  meetings: (n) => plural('en', n, 'meeting', 'meetings'),
  companies: (n) => plural('en', n, 'company', 'companies'),
  weeks: (n) => plural('en', n, 'week', 'weeks'),
  minutes: (n) => plural('en', n, 'minute', 'minutes'),
  at: (time) => `at ${time}`,
  timeSpan: (from, to) => `${from}–${to}`,

  targetGroups: {
    academics: 'Academics',
    'unemployed-academics': 'Unemployed academics',
    'job-ready-academics': 'Job-ready academics',
    'unemployed-50-plus': 'Unemployed people over 50',
    'activity-ready': 'Activity-ready citizens',
    'activity-ready-30-plus': 'Activity-ready citizens over 30',
    unskilled: 'Unskilled workers',
  },
  internshipType: {
    internship: 'Internship',
    'wage-subsidy': 'Wage-subsidy job (løntilskud)',
    'ordinary-job': 'Ordinary job',
  },
  internshipStatus: {
    offered: 'Offered',
    started: 'Started',
  },

  invitation: {
    subject: (reminder, pilot, eventDate, deadline) =>
      `${reminder === 0 ? 'Invitation' : reminder === 1 ? 'Reminder' : 'Last reminder'}: «${pilot}», match event ${eventDate} – answer by ${deadline}`,
    title: (pilot) => `Invitation to a match event in the pilot project «${pilot}»`,
    preheader: (candidates, deadline) => `Meet ${candidates}. Tell us by ${deadline} how many you will meet.`,
    greeting: (name) => `Dear ${name},`,
    label: { 0: 'Invitation', 1: 'Reminder', 2: 'Last reminder' },
    calloutTitle: (reminder, eventDate) => (reminder === 0 ? `Match event on ${eventDate}` : 'We are still waiting for your answer'),
    calloutLine: (reminder, deadline) =>
      reminder === 0
        ? `Please tell us by ${deadline} how many candidates you will meet.`
        : reminder === 1
          ? `The deadline is ${deadline}. Please answer, even if you cannot take part.`
          : `The deadline is ${deadline}, in 2 days. Please answer, even if you cannot take part.`,
    intro: (company, pilot, partner) =>
      `Jobcenter København invites ${company} to a match event in the pilot project «${pilot}», which we run together with ${partner}. At the event you meet candidates who have completed a short, job-specific upskilling course, in short one-to-one meetings. The aim is that some of them get an internship, a wage-subsidy job or an ordinary job with you.`,
    eventHeading: 'The event',
    date: 'Date',
    firstMeeting: 'First meeting',
    location: 'Location',
    meetingLength: 'Length of a meeting',
    deadline: 'Deadline to answer',
    candidatesHeading: 'The candidates',
    expected: (n) => (n === 1 ? 'We expect 1 certified candidate to take part.' : `We expect ${formatCount(n, 'en')} certified candidates to take part.`),
    course: 'Course',
    certification: 'Certification',
    targetGroupsLabel: 'Target groups',
    noNames:
      'For data protection, this invitation holds no information about individual candidates. You will get their candidate codes and names in the schedule after the deadline.',
    slotsHeading: 'How many slots will you take?',
    slotExplained: (minutes) => `One slot is one meeting of ${minutes} with one candidate.`,
    maxSlots: (slots) => `You may take up to ${slots}.`,
    declineIsFine: 'If you cannot take part this time, answer 0. That is a fine answer too: it helps us plan.',
    current: (slots, deadline) => `You have already answered: ${slots}. The deadline has been extended, so you can change your answer until ${deadline}.`,
    currentDeclined: (deadline) =>
      `You have already answered that you cannot take part. The deadline has been extended, so you can change your answer until ${deadline}.`,
    button: 'Answer: how many slots will you take?',
    afterDeadline: (deadline) =>
      `Please answer by ${deadline}. After the deadline we place the candidates in the slots the companies have taken, and you get a schedule with times, candidate codes and names.`,
    webhook: 'You can also answer from your own system through your webhook integration.',
    linkNote: 'The link is for your company only. Always use the link in the newest e-mail from us.',
    footer: (pilot) => [
      `This e-mail was sent automatically by Jobcenter København for the pilot project «${pilot}».`,
      'If you have questions, please contact the pilot project’s consultant at Jobcenter København.',
    ],
  },

  schedule: {
    companySubject: (eventDate, pilot) => `Your schedule: match event ${eventDate} – «${pilot}»`,
    consultantSubject: (eventDate, pilot) => `Schedule of the match event on ${eventDate} in the pilot project «${pilot}»`,
    companyTitle: 'Your schedule for the match event',
    consultantTitle: (pilot) => `Schedule: «${pilot}»`,
    companyGreeting: (name) => `Dear ${name},`,
    consultantGreeting: (name) => `Hello ${name},`,
    label: 'Schedule',
    calloutTitle: (meetings, eventDate) => `${meetings} on ${eventDate}`,
    span: (from, to) => `From ${from} to ${to}.`,
    where: (location) => `Location: ${location}.`,
    companyIntro: (pilot) =>
      `Thank you for taking part in the match event of the pilot project «${pilot}». Here are your meetings. Each meeting is with one candidate.`,
    noMeetings: 'Unfortunately we could not place candidates in your slots this time. The pilot project’s consultant will contact you if that changes.',
    consultantIntro: "Every company's meetings at the match event, as scheduled after the response deadline.",
    columns: ['Time', 'Candidate code', 'Name'],
    figures: 'Overview',
    meetingsCount: 'Meetings',
    candidatesMet: 'Candidates meeting at least one company',
    companiesCount: 'Companies',
    time: 'Time',
    location: 'Location',
    companyHeading: (company, meetings) => `${company} (${meetings})`,
    calendarCompany: 'The meetings are also attached as a calendar file (match-event.ics) that you can open in your calendar.',
    calendarConsultant: 'The event is attached as a calendar file (match-event.ics).',
    personalCompany: "The candidates' names and codes are only for the event and for your report afterwards. Please do not share them with others.",
    personalConsultant: "The schedule holds the candidates' names. Share it only with those who need it.",
    reportHeading: 'After the event: report internships and jobs',
    reportIntro: (reportBy) =>
      `When you offer a candidate a position, and when the candidate starts, please report it through the link below by ${reportBy}. For each candidate you give:`,
    reportItems: [
      'the candidate code from the schedule',
      'whether the candidate has been offered a position or has started',
      'the type: internship, wage-subsidy job (løntilskud) or ordinary job',
      'the start date',
      'the number of weeks',
    ],
    reportNote: 'Report the offer first and the start later. A start replaces the offer for the same candidate.',
    reportButton: 'Report internships and jobs',
    icsCompanySummary: (code, name) => `Match meeting with ${code} ${name}`,
    icsCompanyDescription: (pilot, code) => `Match event of the pilot project «${pilot}». Candidate code: ${code}.`,
    icsConsultantSummary: (pilot) => `Match event: ${pilot}`,
    icsConsultantDescription: (meetings, companies) => `${meetings} with ${companies}.`,
    footer: (pilot) => [`This e-mail was sent automatically by Jobcenter København for the pilot project «${pilot}».`],
  },
};
