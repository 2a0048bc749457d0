import { addDays, dateInCopenhagen } from '../domain/calendar.js';
import type { Participant } from '../domain/participant.js';
import type { Pilot } from '../domain/pilot.js';
import { surveyState, surveyWindow } from '../domain/survey.js';
import { renderSurveyInvitation } from '../mail/survey-invitation.js';
import type { ServiceContext } from './context.js';
import { participantsOfPilot } from '../store/participants.js';
import { surveyMailKey } from '../store/mails.js';
import type { SentMail } from '../store/mails.js';
import { countMailedItem, dropSalt, ensureSurvey, getPilotAndSurvey, markInvited, markMailingUnderWay, putSurveyTokens } from '../store/survey.js';
import { sendEach, type Language } from './mailing.js';
import { participantSecret, secretHash, signSurveyLink, surveyUrl } from './survey-links.js';
import { tokenExpiry } from './survey.js';

// The survey's e-mails: the invitation when the course ends, and one
// reminder a week later, to every participant who started the course and
// has an e-mail address. Sent a page of participants at a time, each page a
// wake-up of its own (the next is scheduled before this one ends), so a
// cohort of thousands never runs into a function's time limit.
//
// The reminder goes to everyone invited, answered or not: to know who has
// not answered, the product would have to know who has, and it does not.

export type SurveyMailing = 'invite' | 'remind';

/**
 * 100 a wake-up: a page of the enrolment-order index is one BatchGetItem of
 * its participants (100 keys), and the page's tokens, claims and records are
 * 4 batched calls each (25 a PartiQL call, 25 records a transaction), where
 * pages of 25 made 4 wake-ups each reading the pilot, the survey and a page.
 * Each mail takes two MACs (made at once) and a send (8 at a time): about
 * 13 sends in a row at SES's 50-150 ms, well within the wake-up function's 30 s.
 */
export const SURVEY_MAIL_PAGE = 100;

/** Who is asked: took part in the course (a dropout after the start too: their view counts) and can be reached by e-mail. */
const asked = (p: Participant): p is Participant & { email: string } =>
  p.email !== undefined && (p.startedAt !== undefined || p.status === 'started' || p.status === 'completed');

/** The wake-up of the next page of a mailing. At most 64 characters: a 36-character id, the step, the page number. */
export const surveyMailName = (pilotId: string, step: SurveyMailing, page: number) => `${pilotId}-survey-${step}-${page}`;

/**
 * One page of the invitation or the reminder. Does nothing unless the pilot
 * runs and its survey is open (a pause cancels the wake-ups; the resume
 * schedules them again at the moved days). The reminder's last page deletes
 * the salt the links were derived from.
 */
export const sendSurveyMails = async (ctx: ServiceContext, pilotId: string, step: SurveyMailing, page = 0, cursor?: string): Promise<'sent' | 'not needed'> => {
  // The pilot and its survey record in one read.
  const { pilot, survey: surveyRead } = await getPilotAndSurvey(ctx, pilotId);
  const now = ctx.clock.now();
  // A mailing under way finishes through a pause; a new one starts only while the pilot runs.
  if (pilot.status === 'closed' || (page === 0 && pilot.status !== 'running') || surveyState(pilot, now) !== 'open') return 'not needed';
  const window = surveyWindow(pilot);
  if (step === 'remind' && (!window.remindAt || now.toISOString() < window.remindAt)) return 'not needed';
  const survey = await ensureSurvey(ctx, pilotId, true, { existing: surveyRead });
  if (!survey.salt) return 'not needed'; // the reminder has gone already: no link can be made again
  if (step === 'invite' && page === 0 && survey.invited) return 'not needed';
  // The first page woken again (a wait entered later re-schedules it) while the later pages run.
  if (page === 0 && (step === 'invite' ? survey.inviting : survey.reminding)) return 'not needed';

  const batch = await participantsOfPilot(ctx, pilotId, {}, { limit: SURVEY_MAIL_PAGE, cursor });
  await mailPage(ctx, pilot, batch.items.filter(asked), survey.salt, step);

  if (batch.nextCursor) {
    await ctx.ports.scheduler.schedule({
      name: surveyMailName(pilotId, step, page + 1),
      at: now.toISOString(),
      payload: { pilotId, survey: { step, page: page + 1, cursor: batch.nextCursor } },
    });
    if (page === 0) await markMailingUnderWay(ctx, pilotId, step);
  } else if (step === 'remind') {
    await dropSalt(ctx, pilotId);
  } else {
    await markInvited(ctx, pilotId);
  }
  return 'sent';
};

/** One page's e-mails: each participant's link, the page's tokens, then the mails in one batch. */
const mailPage = async (ctx: ServiceContext, pilot: Pilot, participants: (Participant & { email: string })[], salt: string, step: SurveyMailing) => {
  if (participants.length === 0) return;
  const exp = tokenExpiry(pilot);
  const links = await Promise.all(
    participants.map(async (participant) => {
      const secret = await participantSecret(ctx, pilot.id, participant.id, salt);
      const url = surveyUrl(await signSurveyLink(ctx, { pilotId: pilot.id, secret, language: participant.language, exp }));
      return { participant, hash: secretHash(secret), url };
    }),
  );
  // The tokens exist before any link is mailed (a token whose mail never went is never used); a used one stays used.
  // The reminder's links are the invitation's: their tokens are there already, unless someone was asked only now.
  await putSurveyTokens(
    ctx,
    pilot.id,
    links.map((l) => l.hash),
    exp,
    step === 'remind',
  );
  const lastDay = addDays(dateInCopenhagen(new Date(surveyWindow(pilot).closesAt)), -1);
  await sendEach(ctx, {
    pilotId: pilot.id,
    kind: step === 'invite' ? 'survey-invitation' : 'survey-reminder',
    mails: links.map(({ participant, url }) => ({
      key: surveyMailKey(step, participant.id),
      participantId: participant.id,
      to: [{ email: participant.email, language: participant.language }],
      render: (language: Language) => renderSurveyInvitation({ pilot: { name: pilot.name }, url, lastDay, reminder: step === 'remind', language }),
    })),
    // The invitations sent, counted with their records: a crash between the two cannot lose or double a count.
    ...(step === 'invite' ? { alsoPerTransaction: (recorded: readonly SentMail[]) => countMailedItem(ctx, pilot.id, recorded.length) } : {}),
  });
};
