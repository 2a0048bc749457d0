import type * as z from 'zod';
import { AuditPageSchema } from './audit.js';
import { PageLanguageQuery, PageQuery } from './common.js';
import {
  CompaniesPageSchema,
  CompanyEventSchema,
  CompanyInputSchema,
  CompanyRegisteredSchema,
  CompanyAnswerSchema,
  HtmlPage,
  InternshipsAnswerSchema,
  InvitationInputSchema,
  InvitationSchema,
  MatchExtendSchema,
  PilotCompaniesSchema,
  ScheduleSchema,
  SecretRotatedSchema,
  WebhookAnsweredSchema,
} from './companies.js';
import { OpenApiDocumentSchema } from './openapi-document.js';
import { FollowUpReportSchema, FollowUpSchema, OutcomeViewAnswerSchema, OverriddenSchema, OverrideSchema } from './outcome.js';
import {
  EnrolAnswerSchema,
  EnrolledSchema,
  EnrolRequestSchema,
  MatchPreferencesSchema,
  ParticipantPatchSchema,
  ParticipantSchema,
  ParticipantsPageSchema,
  ParticipantsQuery,
  StatusChangesSchema,
  StatusReportSchema,
} from './participants.js';
import {
  ComparisonGroupSchema,
  ExtendRecruitmentSchema,
  PilotUpdateSchema,
  PilotInputSchema,
  PilotSchema,
  PilotsPageSchema,
  PilotsQuery,
  PilotViewAnswerSchema,
  TeamAddSchema,
  TeamSchema,
  ReasonSchema,
  ResumeSchema,
  RetrySchema,
  StartedSchema,
} from './pilots.js';
import { AccessLogPageSchema, AccessLogQuery, SubjectAccessExportSchema, SubjectAccessSchema } from './privacy.js';
import { SurveyEntryQuery, SurveySheetSchema, SurveyViewSchema } from './survey.js';
import {
  ExamReportSchema,
  ExamResultsSchema,
  VoucherAnswerSchema,
  VoucherLoadMeta,
  VoucherLoadSchema,
  VoucherRevokedSchema,
  VouchersLoadedSchema,
} from './vouchers.js';

// The contract of every route of the routes table (functions/api/routes.ts),
// by its route key: what it takes (query, JSON body, or CSV / plain text /
// a form) and what it answers, by status. An error of any route is
// ErrorBodySchema (common.ts). Handlers answer through `reply`
// (functions/http/reply.ts), typed by this table; the page's client is typed
// by it too; GET /openapi.json and docs/openapi.json are generated from it
// (openapi.ts). test/unit/api-contract.test.ts fails when a route of the
// table has no entry here.

export interface RouteContract {
  /** One line for the OpenAPI operation. */
  summary: string;
  query?: z.ZodObject;
  /** The JSON body. */
  body?: z.ZodType;
  /** The body may be left out (taken as `{}`). */
  bodyOptional?: true;
  /** Other bodies accepted beside (or instead of) JSON. */
  bodyAlso?: readonly ('text/csv' | 'text/plain' | 'application/x-www-form-urlencoded')[];
  /** Each success status and its body: a schema, or null for none (204, or a 303 redirect). */
  responses: Readonly<Record<number, z.ZodType | null>>;
  /** The response is an HTML page rather than JSON (the companies' link forms). */
  html?: true;
  /** Asked for one, the route answers its success as an HTML page to print instead of the JSON. */
  htmlAlso?: true;
}

const Batch = ['text/csv'] as const;

export const ROUTE_CONTRACTS = {
  'POST /pilots': { summary: 'Define a pilot (a draft)', body: PilotInputSchema, responses: { 201: PilotSchema } },
  'GET /pilots': { summary: 'Pilots, newest first', query: PilotsQuery, responses: { 200: PilotsPageSchema } },
  'GET /pilots/{pilotId}': {
    summary: 'One pilot, with its counts, whether it takes enrolments today, and its plan',
    responses: { 200: PilotViewAnswerSchema },
  },
  'PATCH /pilots/{pilotId}': { summary: "Move a pilot's dates, or name its comparison", body: PilotUpdateSchema, responses: { 200: PilotSchema } },
  'POST /pilots/{pilotId}/start': {
    summary: "Start the pilot's workflow (202; 200 when it runs already)",
    responses: { 200: StartedSchema, 202: StartedSchema },
  },
  'POST /pilots/{pilotId}/pause': { summary: "Pause: freeze the pilot's deadlines", body: ReasonSchema, responses: { 200: PilotSchema } },
  'POST /pilots/{pilotId}/resume': {
    summary: 'Resume, moving the remaining days by the pause or to new dates',
    body: ResumeSchema,
    bodyOptional: true,
    responses: { 200: PilotSchema },
  },
  'POST /pilots/{pilotId}/close': {
    summary: 'Close the pilot (a draft at once: 200; else 202 while the workflow closes it)',
    body: ReasonSchema,
    responses: { 200: PilotSchema, 202: PilotSchema },
  },
  'POST /pilots/{pilotId}/retry': { summary: 'Go on at a failed step', body: RetrySchema, bodyOptional: true, responses: { 202: PilotSchema } },
  'POST /pilots/{pilotId}/recruitment/extend': {
    summary: 'Recruit until a new date (a pilot under its minimum cohort)',
    body: ExtendRecruitmentSchema,
    responses: { 200: PilotSchema },
  },
  'GET /pilots/{pilotId}/outcome': { summary: 'The outcome, once evaluated, with its override window', responses: { 200: OutcomeViewAnswerSchema } },
  'POST /pilots/{pilotId}/outcome/override': {
    summary: 'Override the recommendation with a reason',
    body: OverrideSchema,
    responses: { 200: OverriddenSchema },
  },
  'POST /pilots/{pilotId}/vouchers': {
    summary: 'Load voucher codes (JSON, or text/plain one a line with ?sponsor=&exam=&expiresOn=)',
    body: VoucherLoadSchema,
    bodyAlso: ['text/plain'],
    query: VoucherLoadMeta.partial(),
    responses: { 200: VouchersLoadedSchema },
  },
  'GET /pilots/{pilotId}/vouchers': { summary: 'The voucher pool, the assignments and who waits for a code', responses: { 200: VoucherAnswerSchema } },
  'POST /pilots/{pilotId}/exam-results': {
    summary: 'Record exam results (JSON or CSV), reported row by row',
    body: ExamResultsSchema,
    bodyAlso: Batch,
    responses: { 200: ExamReportSchema },
  },
  'DELETE /pilots/{pilotId}/participants/{participantId}/voucher': { summary: 'Take back an unused voucher code', responses: { 200: VoucherRevokedSchema } },
  'POST /pilots/{pilotId}/follow-up': {
    summary: 'Record situations at follow-up (JSON or CSV), reported row by row',
    body: FollowUpSchema,
    bodyAlso: Batch,
    responses: { 200: FollowUpReportSchema },
  },
  'POST /pilots/{pilotId}/participants': {
    summary: 'Enrol one participant (201; 200 when enrolled already), or a batch (JSON or CSV) reported row by row',
    body: EnrolRequestSchema,
    bodyAlso: Batch,
    responses: { 200: EnrolAnswerSchema, 201: EnrolledSchema },
  },
  'GET /pilots/{pilotId}/participants': { summary: 'Participants in enrolment order', query: ParticipantsQuery, responses: { 200: ParticipantsPageSchema } },
  'GET /pilots/{pilotId}/participants/{participantId}': { summary: 'One participant', responses: { 200: ParticipantSchema } },
  'PATCH /pilots/{pilotId}/participants/{participantId}': {
    summary: "Change a participant's status",
    body: ParticipantPatchSchema,
    responses: { 200: ParticipantSchema },
  },
  'DELETE /pilots/{pilotId}/participants/{participantId}': { summary: "Erase the participant's personal data", responses: { 204: null } },
  'POST /pilots/{pilotId}/team': { summary: "Add a consultant to the pilot's team", body: TeamAddSchema, responses: { 200: TeamSchema } },
  'DELETE /pilots/{pilotId}/team/{member}': { summary: "Remove a consultant from the pilot's team", responses: { 200: TeamSchema } },
  'GET /pilots/{pilotId}/audit': { summary: "The pilot's audit trail", query: PageQuery, responses: { 200: AuditPageSchema } },

  'POST /companies': {
    summary: 'Register a partner company; its webhook secret is shown this once',
    body: CompanyInputSchema,
    responses: { 201: CompanyRegisteredSchema },
  },
  'GET /companies': { summary: 'Partner companies by name', query: PageQuery, responses: { 200: CompaniesPageSchema } },
  'GET /companies/{companyId}': { summary: 'One partner company (its contact person for consultants and admins)', responses: { 200: CompanyAnswerSchema } },
  'POST /companies/{companyId}/secret/rotate': { summary: "Rotate a company's webhook secret", responses: { 200: SecretRotatedSchema } },
  'POST /pilots/{pilotId}/companies': {
    summary: 'Invite a company to the match event with its cap (201), or change the cap (200)',
    body: InvitationInputSchema,
    responses: { 200: InvitationSchema, 201: InvitationSchema },
  },
  'GET /pilots/{pilotId}/companies': { summary: "The invited companies' answers and the event's totals", responses: { 200: PilotCompaniesSchema } },
  'POST /pilots/{pilotId}/match-event/extend': {
    summary: 'A new response deadline after no company answered',
    body: MatchExtendSchema,
    responses: { 200: PilotSchema },
  },
  'GET /pilots/{pilotId}/schedule': { summary: "The match event's meetings", responses: { 200: ScheduleSchema } },
  'PUT /pilots/{pilotId}/participants/{participantId}/match-preferences': {
    summary: 'The companies a candidate would most like to meet',
    body: MatchPreferencesSchema,
    responses: { 200: ParticipantSchema },
  },
  'GET /pilots/{pilotId}/internships': { summary: 'Internship offers and starts', responses: { 200: InternshipsAnswerSchema } },

  'POST /webhooks/companies/{companyId}': {
    summary: "A partner company's signed event (Standard Webhooks)",
    body: CompanyEventSchema,
    responses: { 200: WebhookAnsweredSchema },
  },
  'GET /links/{token}': { summary: "The form behind a link in a company's e-mail", html: true, query: PageLanguageQuery, responses: { 200: HtmlPage } },
  'POST /links/{token}': {
    summary: "A company's answer by the link's form",
    html: true,
    bodyAlso: ['application/x-www-form-urlencoded'],
    responses: { 200: HtmlPage },
  },

  'PUT /pilots/{pilotId}/comparison-group': {
    summary: "Record the comparison group's counts at follow-up",
    body: ComparisonGroupSchema,
    responses: { 200: PilotSchema },
  },
  'POST /pilots/{pilotId}/participants/status': {
    summary: 'Many status changes at once (JSON or CSV), reported row by row',
    body: StatusChangesSchema,
    bodyAlso: Batch,
    responses: { 200: StatusReportSchema },
  },
  'GET /pilots/{pilotId}/access-log': { summary: 'Who read whose personal data, newest first', query: AccessLogQuery, responses: { 200: AccessLogPageSchema } },
  'POST /subject-access': {
    summary: 'Everything held about one citizen (GDPR art. 15): this JSON, or with `format: html` a page to print',
    body: SubjectAccessSchema,
    htmlAlso: true,
    responses: { 200: SubjectAccessExportSchema },
  },
  'GET /pilots/{pilotId}/survey': {
    summary: "The participants' survey: its counts against the pilot's targets, and its window",
    responses: { 200: SurveyViewSchema },
  },
  'POST /pilots/{pilotId}/survey/codes': {
    summary: 'A printable sheet of new survey codes',
    html: true,
    body: SurveySheetSchema,
    responses: { 201: HtmlPage },
  },
  'GET /survey': {
    summary: 'Where a participant types a printed survey code; with a good one, 303 on to its survey',
    html: true,
    query: SurveyEntryQuery,
    responses: { 200: HtmlPage, 303: null },
  },
  'GET /survey/{token}': { summary: 'The survey form behind a signed link', html: true, query: PageLanguageQuery, responses: { 200: HtmlPage } },
  'POST /survey/{token}': {
    summary: "A participant's survey answers",
    html: true,
    bodyAlso: ['application/x-www-form-urlencoded'],
    responses: { 200: HtmlPage },
  },

  'GET /openapi.json': { summary: 'This document: the API as OpenAPI 3.1', responses: { 200: OpenApiDocumentSchema } },
} as const satisfies Record<string, RouteContract>;

export type Contracts = typeof ROUTE_CONTRACTS;
export type RouteKey = keyof Contracts;
/** The success statuses of a route. */
export type StatusOf<K extends RouteKey> = keyof Contracts[K]['responses'] & number;
/** What a handler may answer with `status` (the schema's input side). */
export type ReplyBody<K extends RouteKey, S extends StatusOf<K>> = Contracts[K]['responses'][S] extends infer T extends z.ZodType ? z.input<T> : undefined;
/** What a client reads from a route's success (any of its statuses). */
export type ResponseOf<K extends RouteKey> = {
  [S in StatusOf<K>]: Contracts[K]['responses'][S] extends infer T extends z.ZodType ? z.output<T> : undefined;
}[StatusOf<K>];
/** What a client sends as a route's JSON body. */
export type BodyOf<K extends RouteKey> = Contracts[K] extends { body: infer B extends z.ZodType } ? z.input<B> : never;
/** A route's query parameters, as a client gives them. */
export type QueryOf<K extends RouteKey> = Contracts[K] extends { query: infer Q extends z.ZodType } ? z.input<Q> : never;
