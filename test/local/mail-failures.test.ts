import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { outboxMailer } from '../../functions/adapters/local/outbox.js';
import { configurePorts } from '../../functions/composition.js';
import { MailRefusedError, type Mailer, type MailRefusal } from '../../functions/ports/mailer.js';
import { MAIL_RETRY_MINUTES, sendOnce } from '../../functions/services/mailing.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

// Sending mail never fails a step: SES refusing a message (the sandbox's
// unverified recipient, throttling, a bad address) is recorded on the pilot,
// retried later through the scheduler, and the lifecycle goes on.

let runtime: LocalRuntime;
let store: ServiceContext;
let outboxDir: string;
/** The outbox, refusing while `refusing` is set, like SES does. */
let refusing: MailRefusal | undefined;
let refusals = 0;
beforeAll(async () => {
  ({ runtime, store, outboxDir } = await startWorkflowRuntime('2021-03-01T08:00:00.000Z'));
  const outbox = outboxMailer(outboxDir, runtime.clock);
  const flaky: Mailer = {
    async send(mail) {
      if (refusing) {
        refusals++;
        throw new MailRefusedError(refusing, { cause: new Error('Email address is not verified') });
      }
      return outbox.send(mail);
    },
  };
  configurePorts({ mailer: flaky });
});
afterAll(() => runtime.stop());

const outboxFiles = (kind: string) => readdirSync(outboxDir).filter((f) => f.includes(`-${kind}-`));
const minutes = (n: number) => new Date(runtime.clock.now().getTime() + n * 60_000);
const auditOf = async (pilotId: string, action: string) => (await auditTrailOfPilot(store, pilotId, { limit: 500 })).items.filter((e) => e.action === action);

describe('a refused e-mail', () => {
  it('does not stop the lifecycle: the step completes, the failure is recorded once, and a later retry sends it once', async () => {
    // Prepare: a pilot whose recruitment closes with nobody enrolled, so the step escalates to management by e-mail.
    const today = dateInCopenhagen(runtime.clock.now());
    const pilot = await createPilot(
      store,
      pilotInput({
        recruitment: { opens: today, closes: addDays(today, 3) },
        course: { start: addDays(today, 10), weeks: 4, ending: 'diploma' },
        matchEvent: undefined,
      }),
      consultant,
    );
    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();
    refusing = 'rejected';

    // Act: the deadline passes; the escalation step sends while SES refuses.
    await runtime.advance(new Date(startOfDay(addDays(today, 4))));

    // Assess: the step went on (the pilot waits for the consultant's decision), and the refusal is on the pilot.
    const after = await getPilot(store, pilot.id);
    expect(after.status).toBe('running');
    expect(after.waitingFor).toBe('recruitment-decision');
    expect(after.risks?.['recruitment-under-minimum']).toBeDefined();
    expect(after.risks?.['mail-failed']?.details).toMatchObject({ kind: 'escalation-recruitment-under-minimum', reason: 'rejected' });
    expect((after as unknown as { mailFailures: number }).mailFailures).toBe(1);
    expect(await auditOf(pilot.id, 'mail.failed')).toHaveLength(1);
    expect(JSON.stringify(after.risks)).not.toContain('@');
    expect(outboxFiles('escalation')).toHaveLength(0);

    // Act: still refused at the first retry, accepted at the second.
    await runtime.advance(minutes(MAIL_RETRY_MINUTES[0]));
    expect(refusals).toBe(2);
    expect((await auditOf(pilot.id, 'mail.failed')).map((e) => e.details?.attempts)).toEqual([1, 2]);
    refusing = undefined;
    await runtime.advance(minutes(MAIL_RETRY_MINUTES[1]));

    // Assess: sent once, with the same pilot still waiting, the risk gone and the count back to 0.
    expect(outboxFiles('escalation')).toHaveLength(1);
    const sent = await auditOf(pilot.id, 'mail.sent');
    const escalations = sent.filter((e) => e.details?.kind === 'escalation-recruitment-under-minimum');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.details?.attempts).toBe(3);
    const settled = await getPilot(store, pilot.id);
    expect(settled.risks?.['mail-failed']).toBeUndefined();
    expect((settled as unknown as { mailFailures: number }).mailFailures).toBe(0);
    expect(settled.waitingFor).toBe('recruitment-decision');

    // A later retry (a duplicate delivery, a day on) sends nothing again.
    await runtime.advance(minutes(3 * 24 * 60));
    expect(outboxFiles('escalation')).toHaveLength(1);
  });

  it('a replayed send of a refused mail records nothing twice and sends nothing', async () => {
    const pilot = await createPilot(store, pilotInput(), consultant);
    refusing = 'throttled';
    const send = () =>
      sendOnce(store, {
        pilotId: pilot.id,
        key: 'replayed',
        kind: 'test-replay',
        to: [{ email: 'ledelse@bif.kk.test', language: 'da' }],
        render: () => ({ subject: 'Emne', html: '<p>x</p>', text: 'x' }),
      });
    expect(await send()).toBe(0);
    const before = refusals;
    expect(await send()).toBe(0);
    expect(refusals).toBe(before);
    expect(await auditOf(pilot.id, 'mail.failed')).toHaveLength(1);
    expect(((await getPilot(store, pilot.id)) as unknown as { mailFailures: number }).mailFailures).toBe(1);
    refusing = undefined;
  });

  it('is given up after its last retry: abandoned, counted, and the risk stays on the pilot', async () => {
    const pilot = await createPilot(store, pilotInput(), consultant);
    refusing = 'bad-address';
    await sendOnce(store, {
      pilotId: pilot.id,
      key: 'abandoned',
      kind: 'test-abandon',
      to: [{ email: 'nobody@invalid', language: 'en' }],
      render: () => ({ subject: 'Subject', html: '<p>x</p>', text: 'x' }),
    });
    const total = MAIL_RETRY_MINUTES.reduce((a, b) => a + b, 0);
    await runtime.advance(minutes(total + 60));
    expect((await auditOf(pilot.id, 'mail.failed')).length).toBe(MAIL_RETRY_MINUTES.length);
    expect(await auditOf(pilot.id, 'mail.abandoned')).toHaveLength(1);
    const after = await getPilot(store, pilot.id);
    expect(after.risks?.['mail-failed']?.details).toMatchObject({ kind: 'test-abandon', reason: 'bad-address', abandoned: true });
    expect(outboxFiles('test-abandon')).toHaveLength(0);
    refusing = undefined;
  });
});
