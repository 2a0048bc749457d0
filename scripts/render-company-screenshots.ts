// Renders the partner-company e-mails and link pages from example views and
// screenshots each at phone width (390 px) with headless Chromium, for review
// in docs/. Run: npx tsx scripts/render-company-screenshots.ts
// Needs Chromium (Debian: apt-get install -y chromium), or CHROMIUM=/path/to/it.

import { screenshotHtml, type Shot } from './html-screenshots.js';
import { renderInternshipForm } from '../functions/http/company-pages/internship-form.js';
import { noSlotsLeftMessage } from '../functions/http/company-pages/messages.js';
import { renderSlotsForm } from '../functions/http/company-pages/slots-form.js';
import { renderCompanyInvitationMail } from '../functions/mail/company-invitation.js';
import { renderMatchScheduleMail } from '../functions/mail/match-schedule.js';

const WIDTH = 390;

// The Azure pilot's match event with the Microsoft partner companies, January 2021.
const invitation = renderCompanyInvitationMail({
  company: { name: 'Nordlys IT ApS', contactName: 'Mette Sørensen' },
  pilot: { name: 'Azure with Microsoft', partner: 'Microsoft Danmark' },
  event: { date: '2021-01-14', responseDeadline: '2021-01-04', location: 'Jobcenter København, Gyldenløvesgade 15', startTime: '09:00', slotMinutes: 20 },
  candidates: 42,
  profile: { course: 'Azure Fundamentals, 4 ugers e-læring', certification: 'AZ-900', targetGroups: ['unemployed-academics'] },
  maxSlots: 4,
  answerUrl: 'https://pilot.example.kk.dk/links/eyJhbGciOiJIUzI1NiJ9.eyJjIjoibm9yZGx5cyJ9.c2lnbmF0dXJl',
  reminder: 0,
  hasWebhook: true,
  language: 'da',
});

const schedule = renderMatchScheduleMail({
  audience: 'company',
  recipientName: 'Mette Sørensen',
  pilot: { id: 'azure-2020', name: 'Azure with Microsoft' },
  event: { date: '2021-01-14', location: 'Jobcenter København, Gyldenløvesgade 15' },
  meetings: [
    { start: '2021-01-14T08:00:00Z', end: '2021-01-14T08:20:00Z', companyName: 'Nordlys IT ApS', candidate: { code: 'K01', name: 'Anna Hansen' } },
    { start: '2021-01-14T08:20:00Z', end: '2021-01-14T08:40:00Z', companyName: 'Nordlys IT ApS', candidate: { code: 'K07', name: 'Søren Østergård' } },
    { start: '2021-01-14T08:40:00Z', end: '2021-01-14T09:00:00Z', companyName: 'Nordlys IT ApS', candidate: { code: 'K12', name: 'Fatima Al-Hassan' } },
  ],
  internshipsUrl: 'https://pilot.example.kk.dk/links/eyJhbGciOiJIUzI1NiJ9.eyJpIjoiaW50In0.c2lnbmF0dXJl',
  reportBy: '2021-03-11',
  language: 'en',
});

const slotsForm = renderSlotsForm({
  language: 'da',
  switchLanguageUrl: 'eyJhbGciOiJIUzI1NiJ9.x.y?lang=en',
  company: { name: 'Nordlys IT ApS' },
  pilot: { name: 'Azure with Microsoft' },
  event: { date: '2021-01-14', responseDeadline: '2021-01-04', location: 'Jobcenter København, Gyldenløvesgade 15' },
  candidates: 42,
  maxSlots: 4,
  currentSlots: 2,
  slotMinutes: 20,
  action: 'eyJhbGciOiJIUzI1NiJ9.x.y',
  nonce: '6f1c3a52-3b9e-4c1e-9d7a-2d7f1f6b9a10',
  error: { field: 'slots', message: noSlotsLeftMessage('da', 3, 4) },
  value: '4',
});

const internshipForm = renderInternshipForm({
  language: 'da',
  switchLanguageUrl: 'eyJhbGciOiJIUzI1NiJ9.x.z?lang=en',
  company: { name: 'Nordlys IT ApS' },
  pilot: { name: 'Azure with Microsoft' },
  candidates: [
    { code: 'K01', name: 'Anna Hansen', reported: { status: 'offered', type: 'internship', startDate: '2021-02-01', weeks: 8 } },
    { code: 'K07', name: 'Søren Østergård', reported: { status: 'started', type: 'wage-subsidy', startDate: '2021-02-15', weeks: 26 } },
    { code: 'K12', name: 'Fatima Al-Hassan' },
  ],
  windowEnds: '2021-03-11',
  action: 'eyJhbGciOiJIUzI1NiJ9.x.z',
  nonce: '0b4a7f0e-93f2-4a43-9b0c-7c0f5d1e2a11',
});

const shots: Shot[] = [
  { name: 'company-invitation-da', html: invitation.html, height: 2500 },
  { name: 'company-schedule-en', html: schedule.html, height: 1900 },
  { name: 'company-slots-form-error-da', html: slotsForm, height: 1250 },
  { name: 'company-internship-form-da', html: internshipForm, height: 1750 },
];

screenshotHtml(shots, WIDTH);
