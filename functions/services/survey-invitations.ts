import { addDays, dateInCopenhagen } from '../domain/calendar.js';
import type { Participant } from '../domain/participant.js';
import type { Pilot } from '../domain/pilot.js';
import { surveyState, surveyWindow } from '../domain/survey.js';
import { renderSurveyInvitation } from '../mail/survey-invitation.js';
import type { ServiceContext } from './context.js';
import { participantsOfPilot } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';
import { surveyMailKey } from '../store/mails.js';
import { countMailed, dropSalt, ensureSurvey, markInvited, putSurveyToken } from '../store/survey.js';
import { sendOnce } from './mailing.js';
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

/** 25 a wake-up: each takes two MACs, a token write and a send, within the wake-up function's 30 s. */
export const SURVEY_MAIL_PAGE = 25;

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
  const pilot = await getPilot(ctx, pilotId);
  const now = ctx.clock.now();
  // A mailing under way finishes through a pause; a new one starts only while the pilot runs.
  if (pilot.status === 'closed' || (page === 0 && pilot.status !== 'running') || surveyState(pilot, now) !== 'open') return 'not needed';
  const window = surveyWindow(pilot);
  if (step === 'remind' && (!window.remindAt || now.toISOString() < window.remindAt)) return 'not needed';
  const survey = await ensureSurvey(ctx, pilotId, true);
  if (!survey.salt) return 'not needed'; // the reminder has gone already: no link can be made again
  if (step === 'invite' && page === 0 && survey.invited) return 'not needed';

  const batch = await participantsOfPilot(ctx, pilotId, {}, { limit: SURVEY_MAIL_PAGE, cursor });
  for (const participant of batch.items.filter(asked)) await mailOne(ctx, pilot, participant, survey.salt, step);

  if (batch.nextCursor) {
    await ctx.ports.scheduler.schedule({
      name: surveyMailName(pilotId, step, page + 1),
      at: now.toISOString(),
      payload: { pilotId, survey: { step, page: page + 1, cursor: batch.nextCursor } },
    });
  } else if (step === 'remind') {
    await dropSalt(ctx, pilotId);
  } else {
    await markInvited(ctx, pilotId);
  }
  return 'sent';
};

const mailOne = async (ctx: ServiceContext, pilot: Pilot, participant: Participant & { email: string }, salt: string, step: SurveyMailing) => {
  const secret = await participantSecret(ctx, pilot.id, participant.id, salt);
  // The token exists before the link is mailed (a token whose mail never went is never used); a used one stays used.
  await putSurveyToken(ctx, pilot.id, secretHash(secret), tokenExpiry(pilot));
  const language = participant.language;
  const url = surveyUrl(await signSurveyLink(ctx, { pilotId: pilot.id, secret, language, exp: tokenExpiry(pilot) }));
  const lastDay = addDays(dateInCopenhagen(new Date(surveyWindow(pilot).closesAt)), -1);
  const sent = await sendOnce(ctx, {
    pilotId: pilot.id,
    key: surveyMailKey(step, participant.id),
    kind: step === 'invite' ? 'survey-invitation' : 'survey-reminder',
    to: [{ email: participant.email, language }],
    render: (lang) => renderSurveyInvitation({ pilot: { name: pilot.name }, url, lastDay, reminder: step === 'remind', language: lang }),
  });
  if (sent > 0 && step === 'invite') await countMailed(ctx, pilot.id);
};
