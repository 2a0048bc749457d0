import { formatCount, plural } from '../../mail/format.js';
import type { PagePhrases } from './phrases-da.js';

// The link pages in English, typed as the Danish table (phrases-da.ts).

export const en: PagePhrases = {
  switchTo: 'Dansk',
  switchLang: 'da',
  errorSummary: 'There is a problem',
  errorPrefix: 'Error',
  sentBy: 'On behalf of Jobcenter København',
  slots: {
    title: 'How many slots will you take?',
    intro: (company, pilot) => `${company} is invited to the match event of the pilot project «${pilot}».`,
    eventDate: 'Match event',
    location: 'Location',
    candidates: 'Candidates',
    deadline: 'Deadline to answer',
    maxSlots: 'You may take up to',
    current: (slots) => `Your answer so far: ${slots}. You can change it until the deadline.`,
    currentDeclined: 'Your answer so far: you cannot take part. You can change it until the deadline.',
    label: 'Number of slots',
    hint: (max, minutes) =>
      `Enter a number from 0 to ${max}. One slot is one meeting${minutes ? ` of ${minutes}` : ''} with one candidate. Enter 0 if you cannot take part.`,
    submit: 'Send answer',
  },
  internship: {
    title: 'Report an internship or job',
    intro: (company, pilot) =>
      `Here ${company} reports when you offer a candidate from the match event of the pilot project «${pilot}» a position, and when the candidate starts.`,
    window: (date) => `Please report by ${date}.`,
    metHeading: 'Candidates you met',
    columns: ['Candidate', 'Reported so far'],
    nothingReported: 'Nothing reported',
    reported: (status, type, startDate, weeks) => `${status}: ${type.toLowerCase()} from ${startDate}, ${weeks}`,
    formHeading: 'New report',
    candidate: 'Candidate',
    chooseCandidate: 'Choose a candidate',
    status: 'What are you reporting?',
    statusOptions: { offered: 'The candidate has been offered a position', started: 'The candidate has started' },
    type: 'Type',
    chooseType: 'Choose a type',
    startDate: 'Start date',
    startDateHint: 'The day the candidate starts or is to start.',
    weeks: 'Number of weeks',
    weeksHint: 'A whole number from 1 to 52.',
    submit: 'Send report',
    noCandidates: 'There are no candidates to report for. Please contact the pilot project’s consultant at Jobcenter København if this is a mistake.',
    startReplaces: 'A start replaces an offer for the same candidate.',
  },
  refusal: {
    titles: {
      invalid: 'The link does not work',
      expired: 'The link has expired',
      replayed: 'The form has already been sent',
      closed: 'Answers are closed',
      'not-invited': 'The link does not match your company',
      'stale-form': 'The form is too old',
      'cross-site': 'The form came from another site',
    },
    reasons: {
      invalid: 'The link is incomplete or has been changed. This can happen when only part of the address was copied.',
      expired: 'The link can only be used for a limited period, and that period is over.',
      replayed: 'This form has already been sent once and cannot be sent again. This keeps the same answer from being recorded twice.',
      closed: 'The deadline has passed or the pilot project has ended, so the link can no longer be used to answer.',
      'not-invited': 'Your company is not invited to this match event, or the invitation has been withdrawn.',
      'stale-form': 'We did not show this form recently: it is more than a day old or does not belong to this link. Nothing has been recorded.',
      'cross-site': 'The form was sent from a website other than ours. For your safety, nothing has been recorded.',
    },
    whatToDo: 'What you can do',
    actions: {
      invalid: [
        'Open the link directly from the newest e-mail from us.',
        'If it still does not work, contact the pilot project’s consultant at Jobcenter København.',
      ],
      expired: [
        'Use the link in the newest e-mail from us.',
        'If you have not had a newer e-mail, contact the pilot project’s consultant at Jobcenter København.',
      ],
      replayed: [
        'Open the link in the e-mail again to see your answer or change it.',
        'If you are unsure what has been recorded, contact the pilot project’s consultant at Jobcenter København.',
      ],
      closed: ['Contact the pilot project’s consultant at Jobcenter København if you still want to answer or report something.'],
      'not-invited': [
        'Use the link in the newest e-mail from us.',
        'Contact the pilot project’s consultant at Jobcenter København if you think this is a mistake.',
      ],
      'stale-form': ['Open the link in the e-mail again and send the new form.'],
      'cross-site': ['Open the link directly from our e-mail and send the form from there.'],
    },
  },
  results: {
    slotsConfirmed: 'Thank you for your answer',
    declined: 'Thank you for your answer',
    internshipRecorded: 'The report has been recorded',
    slotsConfirmedLines: (slots, eventDate) => [
      `You have taken ${plural('en', slots, 'slot', 'slots')} at the match event on ${eventDate}.`,
      'After the deadline you get a schedule with times, candidate codes and names.',
      'You can change your answer through the link in the e-mail until the deadline.',
    ],
    declinedLines: (eventDate) => [
      `You have answered that you will not take part in the match event${eventDate ? ` on ${eventDate}` : ''}.`,
      'We will not contact you again about this event. You can change your answer through the link in the e-mail until the deadline.',
    ],
    internshipRecordedLines: (r, detail) => [
      detail
        ? `${r.name ? `${r.code} ${r.name}` : r.code}: ${r.status === 'offered' ? 'offered' : 'started'} ${detail.type.toLowerCase()} from ${detail.startDate}, ${detail.weeks}.`
        : `${r.name ? `${r.code} ${r.name}` : r.code} has been recorded as ${r.status === 'offered' ? 'offered a position' : 'started'}.`,
      r.status === 'offered'
        ? 'Please report again through the same link when the candidate starts.'
        : 'Thank you. The start has been recorded at Jobcenter København.',
    ],
    anotherReport: 'Report for another candidate',
  },
  messages: {
    invalidNumber: 'Enter the number of slots as a whole number, e.g. 2. Enter 0 if you cannot take part.',
    overCompanyCap: (max) => `You may take at most ${plural('en', max, 'slot', 'slots')}. Enter a number from 0 to ${formatCount(max, 'en')}.`,
    noSlotsLeft: (left, maxForYou) =>
      left <= 0
        ? 'Unfortunately there are no free slots left at the event. Enter 0, or contact the pilot project’s consultant.'
        : `Only ${plural('en', left, 'free slot is', 'free slots are')} left at the event. Enter a number from 0 to ${formatCount(Math.min(left, maxForYou), 'en')}.`,
    deadlinePassed: (deadline) => `The deadline was ${deadline}. Contact the pilot project’s consultant if you still want to take part.`,
    required: {
      slots: 'Enter the number of slots.',
      candidate: 'Choose the candidate the report is about.',
      status: 'Choose whether the candidate has been offered a position or has started.',
      type: 'Choose the type: internship, wage-subsidy job or ordinary job.',
      startDate: 'Enter the start date.',
      weeks: 'Enter the number of weeks.',
    },
    unknownCandidate: 'Choose one of the candidates you met at the event.',
    invalidDate: 'Enter the start date as a real date, e.g. 2021-02-01.',
    dateOutsideWindow: (windowEnds) => `The start date must be on or before ${windowEnds}.`,
    dateBeforeEvent: (eventDate) => `The start date cannot be before the match event on ${eventDate}.`,
    weeksRange: 'Enter the number of weeks as a whole number from 1 to 52.',
    alreadyStarted: (code) =>
      `${code} has already been reported as started. An offer cannot replace a start. Contact the consultant if the start was reported by mistake.`,
    windowClosed: (windowEnds) => `The period for reporting internships and jobs ended on ${windowEnds}. Please contact the pilot project’s consultant.`,
  },
};
