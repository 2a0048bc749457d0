import { randomInt } from 'node:crypto';
import * as z from 'zod';
import { addDays, dateInCopenhagen } from '../domain/calendar.js';
import { ConflictError, orUndefined } from '../domain/errors.js';
import type { Pilot } from '../domain/pilot.js';
import {
  CODE_ALPHABET,
  formatCode,
  SURVEY_QUESTION_ORDER,
  SURVEY_QUESTIONS,
  SurveyAnswerSchema,
  surveyResults,
  surveyState,
  surveyWindow,
  type SurveyQuestion,
} from '../domain/survey.js';
import { renderCodeEntry, renderQuestion, renderSheet, renderSurveyRefusal, renderThanks, type SurveyLanguage } from '../http/survey-pages.js';
import { formatDate } from '../mail/format.js';
import type { SurveyRefusal } from '../mail/survey-phrases.js';
import type { StoreContext } from '../store/client.js';
import type { ServiceContext } from './context.js';
import { getPilot } from '../store/pilots.js';
import { ensureSurvey, getSurvey, getSurveyToken, issueSurveyNonce, putSurveyCodes, recordSurveyAnswer, surveyNonceValid } from '../store/survey.js';
import type { SurveySheet, SurveyView } from '../contracts/survey.js';
import { readSurveyToken, secretHash, surveyEntryUrl, surveyUrl } from './survey-links.js';

// The participants' survey as a browser sees it (README, "The participants'
// survey"): GET shows the first question, each POST the next, the last POST
// records the whole answer in one transaction and thanks. A refused token
// gets a page that says so in plain words, never a JSON error.

export interface SurveyPage {
  status: number;
  html: string;
  /** Why the page is a refusal, for the SurveyAnswers metric. */
  reason?: SurveyRefusal;
  /** A redirect (the code entry form), relative. */
  location?: string;
}

const switchUrl = (token: string, language: SurveyLanguage) => `${token}?lang=${language === 'da' ? 'en' : 'da'}`;

const refusal = (status: number, language: SurveyLanguage, reason: SurveyRefusal, token: string): SurveyPage => ({
  status,
  reason,
  html: renderSurveyRefusal({ language, reason, switchLanguageUrl: switchUrl(token, language) }),
});

interface Opened {
  pilot: Pilot;
  hash: string;
  language: SurveyLanguage;
}

/** The token's pilot, or the refusal page: unknown or tampered with, used already, or the survey not open. */
const open = async (ctx: ServiceContext, token: string, requested: SurveyLanguage | undefined): Promise<Opened | SurveyPage> => {
  const fallback = requested ?? 'da';
  const checked = await readSurveyToken(ctx, token, ctx.clock.now());
  if (!checked.ok) return refusal(400, fallback, 'invalid', token);
  const stored = await getSurveyToken(ctx, checked.hash);
  if (!stored || (checked.kind === 'link' && stored.pilotId !== checked.claims.pilotId)) return refusal(404, fallback, 'invalid', token);
  const pilot = await orUndefined(getPilot(ctx, stored.pilotId));
  if (!pilot) return refusal(404, fallback, 'invalid', token);
  const language = requested ?? (checked.kind === 'link' ? checked.claims.language : pilot.language);
  if (stored.used) return refusal(409, language, 'used', token);
  const state = surveyState(pilot, ctx.clock.now());
  // A closed pilot (closed early, or evaluated) takes no more answers either.
  if (state === 'closed' || pilot.status === 'closed') return refusal(410, language, 'closed', token);
  if (state === 'not-open') return refusal(409, language, 'not-open', token);
  return { pilot, hash: checked.hash, language };
};

const isPage = (x: Opened | SurveyPage): x is SurveyPage => 'html' in x;

const question = (o: Opened, token: string, nonce: string, step: number, answers: Partial<Record<SurveyQuestion, string>>, missing = false): string =>
  renderQuestion({
    language: o.language,
    switchLanguageUrl: switchUrl(token, o.language),
    pilotName: o.pilot.name,
    action: token,
    nonce,
    step,
    answers,
    ...(missing ? { missing } : {}),
  });

/** GET /survey/{token}: the first question. */
export const showSurvey = async (ctx: ServiceContext, token: string, requested?: SurveyLanguage): Promise<SurveyPage> => {
  const opened = await open(ctx, token, requested);
  if (isPage(opened)) return opened;
  return { status: 200, html: question(opened, token, await issueSurveyNonce(ctx, opened.hash), 0, {}) };
};

/**
 * GET /survey?code=: the printed code's first question, by way of its own
 * address (a redirect); without a code, or with one that is not a code, the
 * form to type it in.
 */
export const enterCode = async (ctx: ServiceContext, code: string | undefined, language: SurveyLanguage): Promise<SurveyPage> => {
  const switchLanguageUrl = `survey?lang=${language === 'da' ? 'en' : 'da'}`;
  if (code === undefined || code.trim() === '') return { status: 200, html: renderCodeEntry({ language, switchLanguageUrl }) };
  const checked = await readSurveyToken(ctx, code.trim(), ctx.clock.now());
  if (!checked.ok || checked.kind !== 'code') {
    return { status: 400, reason: 'invalid', html: renderCodeEntry({ language, switchLanguageUrl, value: code.slice(0, 12), invalid: true }) };
  }
  return { status: 303, html: '', location: `survey/${formatCode(checked.code)}?lang=${language}` };
};

const Form = z.object({
  nonce: z.uuid(),
  lang: z.enum(['da', 'en']).optional(),
  step: z.coerce
    .number()
    .int()
    .min(0)
    .max(SURVEY_QUESTION_ORDER.length - 1),
  go: z.enum(['next', 'back']).default('next'),
});

/** The answers the form carries, each only if it is one of its question's choices. */
const answersIn = (fields: Record<string, string>): Partial<Record<SurveyQuestion, string>> =>
  Object.fromEntries(SURVEY_QUESTION_ORDER.filter((q) => (SURVEY_QUESTIONS[q] as readonly string[]).includes(fields[q] ?? '')).map((q) => [q, fields[q]!]));

/**
 * POST /survey/{token}: one screen answered. Back goes one question back;
 * next without a choice shows the question again with the problem; next
 * with a choice shows the next question, or on the last one records the
 * whole answer (services -> store, one transaction) and thanks. A form from
 * another site (403) or with a nonce this token's form was not shown with
 * (400) is refused before anything is recorded.
 */
export const submitSurvey = async (ctx: ServiceContext, token: string, body: string, opts: { crossSite: boolean }): Promise<SurveyPage> => {
  const fields = Object.fromEntries(new URLSearchParams(body));
  const form = Form.safeParse(fields);
  const opened = await open(ctx, token, form.success ? form.data.lang : fields.lang === 'en' ? 'en' : undefined);
  if (isPage(opened)) return opened;
  const { language } = opened;
  if (opts.crossSite) return refusal(403, language, 'cross-site', token);
  if (!form.success) return refusal(400, language, 'stale-form', token);
  const { nonce, step, go } = form.data;
  if (!(await surveyNonceValid(ctx, opened.hash, nonce))) return refusal(400, language, 'stale-form', token);
  const answers = answersIn(fields);
  if (go === 'back') return { status: 200, html: question(opened, token, nonce, Math.max(0, step - 1), answers) };
  const current = SURVEY_QUESTION_ORDER[step]!;
  if (answers[current] === undefined) return { status: 400, html: question(opened, token, nonce, step, answers, true) };
  // An earlier screen's answer lost or tampered with: ask that question again.
  const gap = SURVEY_QUESTION_ORDER.findIndex((q) => answers[q] === undefined);
  if (gap !== -1 && gap < step) return { status: 400, html: question(opened, token, nonce, gap, answers, true) };
  if (step < SURVEY_QUESTION_ORDER.length - 1) return { status: 200, html: question(opened, token, nonce, step + 1, answers) };

  const answer = SurveyAnswerSchema.parse(answers);
  const recorded = await recordSurveyAnswer(ctx, { pilotId: opened.pilot.id, hash: opened.hash, nonce, answer });
  if (recorded === 'used') return refusal(409, language, 'used', token);
  if (recorded === 'stale-form') return refusal(400, language, 'stale-form', token);
  if (recorded === 'no-survey') return refusal(404, language, 'invalid', token);
  return { status: 200, html: renderThanks({ language, switchLanguageUrl: switchUrl(token, language) }) };
};

/** A token item lives until this long after the survey closes, then DynamoDB TTL deletes it. */
const TOKEN_DAYS_AFTER_CLOSE = 30;

/** Epoch seconds: the same for every token of the pilot (store/survey.ts). */
export const tokenExpiry = (pilot: Pilot): number => Math.floor(Date.parse(surveyWindow(pilot).closesAt) / 1000) + TOKEN_DAYS_AFTER_CLOSE * 86_400;

const newCode = (): string => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/**
 * POST /pilots/{id}/survey/codes: a printable sheet of new one-time codes for
 * participants without e-mail. The codes are shown this once: only their
 * hashes are stored, with the pilot and nothing else.
 */
export const printSurveyCodes = async (ctx: StoreContext, pilotId: string, input: SurveySheet): Promise<string> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status === 'closed' || surveyState(pilot, ctx.clock.now()) === 'closed')
    throw new ConflictError('survey-closed', 'the survey is closed; no more codes can be handed out');
  // With the salt the e-mailed links are derived from: a sheet printed before the survey opens creates the survey's
  // item, and an item without a salt reads as "the reminder has gone", which would keep the invitations from going.
  await ensureSurvey(ctx, pilotId, true);
  const codes = Array.from({ length: input.count }, newCode);
  if (!(await putSurveyCodes(ctx, pilotId, codes.map(secretHash), tokenExpiry(pilot)))) {
    throw new ConflictError('changed-meanwhile', 'a code collided with one already handed out; please try again');
  }
  const language = input.language ?? pilot.language;
  const lastDay = addDays(dateInCopenhagen(new Date(surveyWindow(pilot).closesAt)), -1);
  return renderSheet({
    language,
    pilotName: pilot.name,
    codes: codes.map((code) => ({ code: formatCode(code), url: surveyUrl(formatCode(code)) })),
    entryUrl: surveyEntryUrl(),
    closes: formatDate(lastDay, language),
  });
};

/** The survey's figures for a pilot, by its targets: counts only under 5 answers. */
export const surveyResultsOf = async (ctx: StoreContext, pilot: Pilot): Promise<SurveyView> => {
  const record = await getSurvey(ctx, pilot.id);
  const results = record
    ? surveyResults({ tally: record.tally, answers: record.answers, mailed: record.mailed, codes: record.codes, targets: pilot.targets })
    : surveyResults({ tally: {} as never, answers: 0, mailed: 0, codes: 0, targets: pilot.targets });
  return { ...results, state: surveyState(pilot, ctx.clock.now()), window: surveyWindow(pilot) };
};
