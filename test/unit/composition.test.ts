import { describe, expect, it } from 'vitest';
import { configurePorts, handlerContext, providePorts } from '../../functions/composition.js';
import type { Mailer } from '../../functions/ports/mailer.js';
import type { Scheduler } from '../../functions/ports/scheduler.js';

// The composition root hands its adapters to the handler wrappers, which put
// them in the context the services get. On Lambda each adapter is made on first
// use, so a function creates only the SDK clients it calls.

describe('the ports in the handlers’ context', () => {
  it('makes an adapter when a service first uses it, once, and never one it does not use', async () => {
    // Prepare: factories that count what they make, as functions/wiring.ts provides the AWS adapters.
    process.env.TABLE_NAME ??= 'composition-test';
    const made = { mailer: 0, scheduler: 0 };
    const mailer: Mailer = { send: async () => ({ providerMessageId: 'm-1' }) };
    const scheduler: Scheduler = { schedule: async () => undefined, cancel: async () => undefined };
    providePorts({
      mailer: () => (made.mailer++, mailer),
      scheduler: () => (made.scheduler++, scheduler),
    });

    // Act: two invocations' contexts; only the mailer is used, twice.
    const first = handlerContext();
    const second = handlerContext();
    expect(made).toEqual({ mailer: 0, scheduler: 0 });
    await first.ports.mailer.send({} as never);
    await second.ports.mailer.send({} as never);

    // Assess: one mailer, shared; no scheduler made.
    expect(made).toEqual({ mailer: 1, scheduler: 0 });
    expect(second.ports.mailer).toBe(first.ports.mailer);
  });

  it('names the composition roots when a port has no adapter', () => {
    process.env.TABLE_NAME ??= 'composition-test';
    expect(() => handlerContext().ports.workflow).toThrow(/no adapter for the workflow port: the runtime's composition root/);
  });

  it('gives the store the clock the composition root configured, even one configured later', () => {
    process.env.TABLE_NAME ??= 'composition-test';
    const ctx = handlerContext();
    configurePorts({ clock: { now: () => new Date('2030-05-01T00:00:00Z') } });
    expect(ctx.clock.now().toISOString()).toBe('2030-05-01T00:00:00.000Z');
    expect(ctx.ports.clock.now().toISOString()).toBe('2030-05-01T00:00:00.000Z');
  });
});
