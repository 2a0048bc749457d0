// Renders the participants' survey and the status report: two e-mails, a
// survey screen on a 360 px phone, the printable sheet of codes, for review
// in docs/. Run: npx tsx scripts/render-survey-screenshots.ts (needs Chromium, as render-mail-screenshots.ts).

import { screenshotHtml } from './html-screenshots.js';
import { renderQuestion, renderSheet } from '../functions/http/survey-pages.js';
import { renderStatusReport } from '../functions/mail/status-report.js';
import { renderSurveyInvitation } from '../functions/mail/survey-invitation.js';

const report = renderStatusReport({
  pilot: { name: 'Digital koordinator Experienced', partner: 'AJKS', status: 'running' },
  kind: 'midway',
  day: '2020-10-12',
  phase: 'course',
  waitingFor: 'course-end',
  nextDeadline: '2020-11-29T23:00:00.000Z',
  placesTaken: 49,
  capacity: 55,
  funnel: { recruited: 53, started: 49, completed: 0, certified: 0, matched: 0, internshipOffered: 0, internshipStarted: 0, employed: null },
  courseEnding: 'diploma',
  milestones: [
    { metric: 'screened', target: 60, by: '2020-09-01', actual: 58, standing: 'at-risk' },
    { metric: 'enrolled', target: 45, by: '2020-09-15', actual: 49, standing: 'met' },
    { metric: 'completed', target: 40, by: '2020-12-01', actual: 0, standing: 'on-track' },
  ],
  risks: [{ risk: 'voucher-shortage', on: '2020-09-20' }],
  language: 'da',
});
const invitation = renderSurveyInvitation({
  pilot: { name: 'Digital koordinator Experienced' },
  url: 'https://api.example.test/survey/s1.eyJwIjoiLi4uIn0.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefg',
  lastDay: '2021-01-31',
  reminder: false,
  language: 'da',
});
const question = renderQuestion({
  language: 'da',
  switchLanguageUrl: 'x?lang=en',
  pilotName: 'Digital koordinator Experienced',
  action: 'x',
  nonce: '00000000-0000-4000-8000-000000000000',
  step: 1,
  answers: { satisfaction: 'very-satisfied', selfReliance: 'partly' },
});
const sheet = renderSheet({
  language: 'da',
  pilotName: 'Digital koordinator Experienced',
  codes: ['K7M2-9QXD', 'H3TW-8RPA', 'Q1ZV-6NME', 'B4XC-2JYK'].map((code) => ({ code, url: `https://api.example.test/survey/${code}` })),
  entryUrl: 'https://api.example.test/survey',
  closes: '31. januar 2021',
});

screenshotHtml(
  [
    { name: 'mail-status-report-da', html: report.html, height: 1200 },
    { name: 'mail-survey-invitation-da', html: invitation.html, height: 820 },
    { name: 'survey-sheet-da', html: sheet, height: 700 },
  ],
  900,
);
screenshotHtml([{ name: 'survey-question-phone-da', html: question, height: 760 }], 360);
