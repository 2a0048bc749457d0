import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen } from '../../functions/domain/calendar.js';
import { PilotInputSchema } from '../../functions/domain/pilot.js';
import { surveyWindow } from '../../functions/domain/survey.js';
import { configurePorts } from '../../functions/composition.js';
import type { OutgoingMail } from '../../functions/ports/mailer.js';
import type { WakeUpPayload } from '../../functions/ports/scheduler.js';
import { enrolParticipants } from '../../functions/services/enrol-participants.js';
import { sendSurveyMails, SURVEY_MAIL_PAGE } from '../../functions/services/survey-invitations.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { changeParticipantStatus, participantsOfPilot } from '../../functions/store/participants.js';
import { changePilot, createPilot, getPilot } from '../../functions/store/pilots.js';
import { getSurvey } from '../../functions/store/survey.js';
import { allItems } from '../../functions/store/pagination.js';
import { azure2020Body } from '../support/fixtures.js';
import { consultant, freshStore, testClock } from '../support/store.js';

// The survey's mailings page by page, against DynamoDB Local: each page's
// tokens, claims and records are a few batched writes; the invitations are
// counted with their records; the first page woken again while the later
// pages run (a wait entered that day schedules it again) does nothing; the
// reminder writes no token again.

const COHORT = SURVEY_MAIL_PAGE + 5;
const clock = testClock('2021-03-01T08:00:00.000Z');
let store: ServiceContext;
let pilotId: string;
const sent: OutgoingMail[] = [];
const scheduled: WakeUpPayload[] = [];
/** The PartiQL statements the store sent, by their first words ("INSERT INTO", "UPDATE"). */
const statements: string[] = [];

beforeAll(async () => {
  store = await freshStore(clock);
  configurePorts({
    mailer: { send: async (mail) => (sent.push(mail), { providerMessageId: `p-${sent.length}` }) },
    scheduler: { schedule: async ({ payload }) => void scheduled.push(payload), cancel: async () => undefined },
  });
  const d = dateInCopenhagen(clock.now());
  const pilot = await createPilot(
    store,
    PilotInputSchema.parse({
      ...azure2020Body,
      capacity: COHORT,
      minimumCohort: 1,
      recruitment: { opens: d, closes: addDays(d, 5) },
      course: { start: addDays(d, 7), weeks: 4, ending: 'diploma' },
      matchEvent: undefined,
    }),
    consultant,
  );
  pilotId = pilot.id;
  const participants = Array.from({ length: COHORT }, (_, i) => ({
    reference: `S-${i}`,
    name: `Deltager ${i}`,
    email: `deltager${i}@example.test`,
    birthYear: 1980,
    targetGroup: 'academics',
  }));
  await enrolParticipants(store, pilotId, { kind: 'json', body: { participants } }, consultant);
  for (const p of await allItems((page) => participantsOfPilot(store, pilotId, {}, page))) {
    await changeParticipantStatus(store, pilotId, p.id, { status: 'started' }, consultant);
  }
  await changePilot(store, pilotId, { set: { status: 'running' } });
  clock.advance(Date.parse(surveyWindow(pilot).opensAt) - clock.now().getTime());
  store.db.middlewareStack.add(
    (next) => (args) => {
      for (const s of (args.input as { Statements?: { Statement: string }[] }).Statements ?? []) statements.push(s.Statement);
      return next(args);
    },
    { step: 'initialize', name: 'testStatements' },
  );
});

/** Survey tokens written (a token's INSERT names its pilot; a mail's claim does not). */
const tokenWrites = (from = 0) => statements.slice(from).filter((s) => s.startsWith('INSERT') && s.includes("'pilotId'")).length;
const nextPage = () => scheduled.at(-1)!.survey!;

describe('a survey mailing of more than one page', () => {
  it('the invitation: a page at a time, counted with the records; the first page woken again meanwhile does nothing', async () => {
    expect(await sendSurveyMails(store, pilotId, 'invite', 0)).toBe('sent');
    expect(sent).toHaveLength(SURVEY_MAIL_PAGE);
    expect(nextPage()).toMatchObject({ step: 'invite', page: 1 });
    const written = statements.length;

    // The first page again, before the second ran: nothing sent, nothing claimed, no token written.
    expect(await sendSurveyMails(store, pilotId, 'invite', 0)).toBe('not needed');
    expect(sent).toHaveLength(SURVEY_MAIL_PAGE);
    expect(statements).toHaveLength(written);

    const { page, cursor } = nextPage();
    expect(await sendSurveyMails(store, pilotId, 'invite', page, cursor)).toBe('sent');
    expect(sent).toHaveLength(COHORT);
    expect(new Set(sent.map((m) => m.to[0])).size).toBe(COHORT);
    expect(await getSurvey(store, pilotId)).toMatchObject({ mailed: COHORT, invited: true });
    expect(tokenWrites()).toBe(COHORT);
  });

  it('the reminder: the same links, whose tokens are there already, so none is written again', async () => {
    const before = statements.length;
    clock.advance(Date.parse(surveyWindow(await getPilot(store, pilotId)).remindAt!) - clock.now().getTime());

    expect(await sendSurveyMails(store, pilotId, 'remind', 0)).toBe('sent');
    expect(await sendSurveyMails(store, pilotId, 'remind', 0)).toBe('not needed');
    const { page, cursor } = nextPage();
    expect(page).toBe(1);
    expect(await sendSurveyMails(store, pilotId, 'remind', page, cursor)).toBe('sent');

    expect(sent).toHaveLength(2 * COHORT);
    expect(tokenWrites(before)).toBe(0);
    // Invitations only are counted; the reminder's last page drops the salt.
    expect(await getSurvey(store, pilotId)).toMatchObject({ mailed: COHORT });
    expect((await getSurvey(store, pilotId))?.salt).toBeUndefined();
  });
});
