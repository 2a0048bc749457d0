import * as z from 'zod';
import { answersOpen, CompanyEventSchema, INTERNSHIP_STATUSES, reportingOpen, type Company } from '../domain/company.js';
import { ConflictError, DomainError, EventFullError, NotFoundError, orUndefined, OverCompanyCapError } from '../domain/errors.js';
import { lastDayOf } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { renderInternshipForm, type InternshipFormField } from '../http/company-pages/internship-form.js';
import {
  invalidDateMessage,
  invalidNumberMessage,
  noSlotsLeftMessage,
  overCompanyCapMessage,
  requiredMessage,
  unknownCandidateMessage,
  weeksRangeMessage,
} from '../http/company-pages/messages.js';
import { renderLinkRefusal } from '../http/company-pages/refusal-page.js';
import { anotherReportLink, internshipRecordedResult, renderResultPage, slotsAnswerResult, type ResultContent } from '../http/company-pages/result-page.js';
import { renderSlotsForm } from '../http/company-pages/slots-form.js';
import type { Language } from '../mail/format.js';
import type { StoreContext } from '../store/client.js';
import type { ServiceContext } from './context.js';
import { getCompany } from '../store/companies.js';
import { formNonceValid, issueFormNonce } from '../store/form-nonces.js';
import { getInvitation, type Invitation } from '../store/invitations.js';
import { internshipsOfPilot } from '../store/internships.js';
import { candidatesOfPilot } from '../store/match-schedule.js';
import { getParticipant } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';
import { applyCompanyEvent } from './company-events.js';
import { readLink, type LinkClaims } from './signed-links.js';
import { candidateCount } from './match-event/candidates.js';

// The signed e-mail links (README, "Signed e-mail links"): GET shows a small
// form, POST applies it by the same rules as the webhook and shows what
// happened. Every answer is a whole HTML page, in the company's language
// unless it switched: a refused link gets a page that says what to do, never
// a JSON error.

export interface Page {
  status: number;
  html: string;
  /** Why a link was refused (expired, not-invited, closed, replayed, ...), for the LinkAnswers metric. */
  reason?: string;
}

const refusal = (status: number, language: Language, reason: Parameters<typeof renderLinkRefusal>[0]['reason'], token: string): Page => ({
  status,
  reason,
  html: renderLinkRefusal({ language, reason, switchLanguageUrl: switchUrl(token, language) }),
});

const switchUrl = (token: string, language: Language) => `${token}?lang=${language === 'da' ? 'en' : 'da'}`;

interface Opened {
  claims: LinkClaims;
  company: Company;
  pilot: Pilot;
  invitation: Invitation;
  language: Language;
}

/** The link's company, pilot and invitation, or the refusal page. */
const open = async (ctx: ServiceContext, token: string, requested: Language | undefined): Promise<Opened | Page> => {
  // Past its signed expiry, a link is read against the pilot's pauses (they move it).
  const checked = await readLink(ctx, token, ctx.clock.now(), async (pilotId) => (await orUndefined(getPilot(ctx, pilotId)))?.pauses);
  const fallback = requested ?? 'da';
  if (!checked.ok) return refusal(checked.reason === 'expired' ? 410 : 400, fallback, checked.reason, token);
  const { claims } = checked;
  const [company, pilot, invitation] = await Promise.all([
    orUndefined(getCompany(ctx, claims.companyId)),
    orUndefined(getPilot(ctx, claims.pilotId)),
    getInvitation(ctx, claims.pilotId, claims.companyId),
  ]);
  if (!company || !pilot || !invitation) return refusal(404, fallback, 'not-invited', token);
  return { claims, company, pilot, invitation, language: requested ?? company.language };
};

const isPage = (x: Opened | Page): x is Page => 'html' in x;

/** GET /links/{token}: the form the link is for. */
export const showLink = async (ctx: ServiceContext, token: string, requested?: Language): Promise<Page> => {
  const opened = await open(ctx, token, requested);
  if (isPage(opened)) return opened;
  if (opened.claims.action === 'slots') {
    if (!answersOpen(opened.pilot)) return refusal(409, opened.language, 'closed', token);
    const candidates = await candidateCount(ctx, opened.pilot);
    return { status: 200, html: slotsForm(opened, token, await issueFormNonce(ctx, opened.company.id, token), candidates) };
  }
  if (!reportingOpen(opened.pilot)) return refusal(409, opened.language, 'closed', token);
  return { status: 200, html: await internshipForm(ctx, opened, token, await issueFormNonce(ctx, opened.company.id, token)) };
};

// A form shown again with a problem beside a field keeps the nonce it was sent with: that nonce
// was not used (nothing was applied), so a refused form writes nothing.
const slotsForm = (o: Opened, token: string, nonce: string, candidates: number, error?: { field: 'slots'; message: string; value?: string }) =>
  renderSlotsForm({
    language: o.language,
    switchLanguageUrl: switchUrl(token, o.language),
    company: { name: o.company.name },
    pilot: { name: o.pilot.name },
    event: {
      date: o.pilot.matchEvent!.date,
      responseDeadline: lastDayOf(o.pilot, 'match-answers'),
      ...(o.pilot.matchEvent!.location ? { location: o.pilot.matchEvent!.location } : {}),
    },
    candidates,
    maxSlots: o.invitation.maxSlots,
    slotMinutes: o.pilot.matchEvent!.slotMinutes,
    ...(error?.value !== undefined ? { value: error.value } : {}),
    ...(o.invitation.answer !== 'none' ? { currentSlots: o.invitation.slots } : {}),
    action: token,
    nonce,
    ...(error ? { error: { field: error.field, message: error.message } } : {}),
  });

type InternshipError = { field: InternshipFormField; message: string; values?: Partial<Record<InternshipFormField, string>> };

const internshipForm = async (ctx: StoreContext, o: Opened, token: string, nonce: string, error?: InternshipError) => {
  const [codes, reports] = await Promise.all([candidatesOfPilot(ctx, o.pilot.id), internshipsOfPilot(ctx, o.pilot.id)]);
  const mine = codes.filter((c) => c.companyIds.includes(o.company.id)).sort((a, b) => a.code.localeCompare(b.code));
  const candidates = await Promise.all(
    mine.map(async (c) => {
      const participant = await orUndefined(getParticipant(ctx, o.pilot.id, c.participantId));
      const reported = reports.find((r) => r.participantId === c.participantId && r.companyId === o.company.id);
      return {
        code: c.code,
        // An erased participant stays on the schedule by code only.
        name: participant?.name ?? c.code,
        ...(reported ? { reported: { status: reported.status, type: reported.type, startDate: reported.startDate, weeks: reported.weeks } } : {}),
      };
    }),
  );
  return renderInternshipForm({
    language: o.language,
    switchLanguageUrl: switchUrl(token, o.language),
    company: { name: o.company.name },
    pilot: { name: o.pilot.name },
    candidates,
    windowEnds: lastDayOf(o.pilot, 'internships-end'),
    action: token,
    nonce,
    ...(error ? { error: { field: error.field, message: error.message }, ...(error.values ? { values: error.values } : {}) } : {}),
  });
};

/** The form's fields as the browser sends them (application/x-www-form-urlencoded). */
const Form = z.object({ nonce: z.uuid(), lang: z.enum(['da', 'en']).optional() }).passthrough();

/** What every submitted form needs: the opened link, the fields, and how to answer. */
interface Submission {
  ctx: StoreContext;
  token: string;
  opened: Opened;
  fields: Record<string, string>;
  language: Language;
  /** The form's one-time nonce, issued when it was shown. */
  nonce: string;
  /** The nonce as the message id: the same form sent twice is a replay. */
  messageId: string;
  /** A link answer is timestamped when it arrives. */
  timestamp: string;
  company: { id: string; name: string };
  result(content: ResultContent, link?: { text: string; url: string }): Page;
}

/**
 * POST /links/{token}: applies the form like a webhook, with the form's nonce
 * as the message id. A form sent from another site (`crossSite`, from the
 * request's Origin or Sec-Fetch-Site) is refused (403), and so is a nonce this
 * link's form was not shown with in the last 24 hours (400), before anything is applied.
 */
export const submitLink = async (ctx: ServiceContext, token: string, body: string, opts: { crossSite: boolean }): Promise<Page> => {
  const fields = Object.fromEntries(new URLSearchParams(body));
  const form = Form.safeParse(fields);
  const opened = await open(ctx, token, form.success ? form.data.lang : undefined);
  if (isPage(opened)) return opened;
  const { language } = opened;
  if (opts.crossSite) return refusal(403, language, 'cross-site', token);
  if (!form.success) return refusal(400, language, 'invalid', token);
  if (!(await formNonceValid(ctx, opened.company.id, form.data.nonce, token))) return refusal(400, language, 'stale-form', token);
  const submission: Submission = {
    ctx,
    token,
    opened,
    fields,
    language,
    nonce: form.data.nonce,
    messageId: `link:${form.data.nonce}`,
    timestamp: ctx.clock.now().toISOString(),
    company: { id: opened.company.id, name: opened.company.name },
    result: (content, link) => ({
      status: 200,
      html: renderResultPage({ language, switchLanguageUrl: switchUrl(token, language), ...content, ...(link ? { link } : {}) }),
    }),
  };
  return opened.claims.action === 'slots' ? submitSlots(submission) : submitInternship(submission);
};

/** How many slots the company takes (0 declines); a problem is shown on the form, beside the field. */
const submitSlots = async ({ ctx, token, opened, fields, language, nonce, messageId, timestamp, company, result }: Submission): Promise<Page> => {
  if (!answersOpen(opened.pilot)) return refusal(409, language, 'closed', token);
  const typed = String(fields.slots ?? '');
  const candidates = await candidateCount(ctx, opened.pilot);
  const onForm = (status: number, message: string): Page => ({
    status,
    html: slotsForm(opened, token, nonce, candidates, { field: 'slots', message, value: typed }),
  });
  if (!/^\s*\d{1,4}\s*$/.test(typed)) return onForm(400, typed.trim() === '' ? requiredMessage(language, 'slots') : invalidNumberMessage(language));
  const slots = Number(typed);
  // More than its cap (which is at most 1,000) never reaches the schema's bound.
  if (slots > opened.invitation.maxSlots) return onForm(409, overCompanyCapMessage(language, opened.invitation.maxSlots));
  const event = CompanyEventSchema.parse(
    slots > 0
      ? { type: 'match.slots.confirmed', timestamp, data: { pilotId: opened.pilot.id, slots } }
      : { type: 'match.slots.declined', timestamp, data: { pilotId: opened.pilot.id } },
  );
  try {
    const applied = await applyCompanyEvent(ctx, company, event, 'link', messageId);
    if (applied.outcome === 'duplicate') return refusal(409, language, 'replayed', token);
    return result(slotsAnswerResult(language, slots, opened.pilot.matchEvent!.date));
  } catch (error) {
    if (error instanceof OverCompanyCapError) return onForm(409, overCompanyCapMessage(language, error.maxSlots));
    if (error instanceof EventFullError) return onForm(409, noSlotsLeftMessage(language, error.slotsLeft, error.mostYouCanConfirm));
    if (!(error instanceof ConflictError)) throw error;
    return refusal(409, language, 'closed', token);
  }
};

const FIELD_OF_PATH: Record<string, InternshipFormField> = {
  'data.participantRef': 'candidate',
  'data.type': 'type',
  'data.startDate': 'startDate',
  'data.weeks': 'weeks',
};

/** An internship offered or started, for a candidate on the company's schedule. */
const submitInternship = async ({ ctx, token, opened, fields, language, nonce, messageId, timestamp, company, result }: Submission): Promise<Page> => {
  if (!reportingOpen(opened.pilot)) return refusal(409, language, 'closed', token);
  const values = Object.fromEntries(
    (['candidate', 'status', 'type', 'startDate', 'weeks'] as const).filter((f) => typeof fields[f] === 'string').map((f) => [f, fields[f]!]),
  );
  const onForm = async (status: number, field: InternshipFormField, message: string): Promise<Page> => ({
    status,
    html: await internshipForm(ctx, opened, token, nonce, { field, message, values }),
  });
  const status = INTERNSHIP_STATUSES.find((s) => s === fields.status);
  if (!status) return onForm(400, 'status', requiredMessage(language, 'status'));
  const parsed = CompanyEventSchema.safeParse({
    type: `internship.${status}`,
    timestamp,
    data: {
      pilotId: opened.pilot.id,
      participantRef: fields.candidate ?? '',
      type: fields.type ?? '',
      startDate: fields.startDate ?? '',
      weeks: /^\d{1,3}$/.test(fields.weeks ?? '') ? Number(fields.weeks) : fields.weeks,
    },
  });
  if (!parsed.success) {
    const field = FIELD_OF_PATH[parsed.error.issues[0]!.path.join('.')] ?? 'candidate';
    if ((fields[field] ?? '').trim() === '') return onForm(400, field, requiredMessage(language, field));
    const message = { weeks: weeksRangeMessage, startDate: invalidDateMessage, candidate: unknownCandidateMessage }[
      field as 'weeks' | 'startDate' | 'candidate'
    ];
    return onForm(400, field, message ? message(language) : requiredMessage(language, field));
  }
  try {
    const applied = await applyCompanyEvent(ctx, company, parsed.data, 'link', messageId);
    if (applied.outcome === 'duplicate') return refusal(409, language, 'replayed', token);
    const { data } = parsed.data as Extract<typeof parsed.data, { type: 'internship.offered' | 'internship.started' }>;
    return result(
      internshipRecordedResult(language, { code: data.participantRef, status, type: data.type, startDate: data.startDate, weeks: data.weeks }),
      anotherReportLink(language, token),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return onForm(404, 'candidate', unknownCandidateMessage(language));
    if (error instanceof ConflictError) return refusal(409, language, 'closed', token);
    if (error instanceof DomainError) return refusal(error.status, language, 'invalid', token);
    throw error;
  }
};
