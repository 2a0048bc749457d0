import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiHandler, signedHandler } from '../../functions/http/api-handler.js';
import { json, type ApiEvent } from '../../functions/http/types.js';
import { logger } from '../../functions/logger.js';
import { count } from '../../functions/metrics.js';
import { stepHandler } from '../../functions/steps/step-handler.js';
import { lifecycleDefinition } from '../../workflows/definition.js';

// Operators see it: every log line of a request or step carries its
// correlation ids, and what it counted is published as EMF lines in the log,
// once per invocation.

const context = (name = 'test-fn'): Context =>
  ({ functionName: name, awsRequestId: crypto.randomUUID(), getRemainingTimeInMillis: () => 1000 }) as unknown as Context;
const event = (routeKey: string, pathParameters: Record<string, string>, headers: Record<string, string> = {}): ApiEvent =>
  ({
    routeKey,
    rawPath: '/',
    pathParameters,
    headers,
    requestContext: { requestId: crypto.randomUUID(), authorizer: { jwt: { claims: { sub: 'c-1', token_use: 'id', 'cognito:groups': ['consultant'] } } } },
  }) as unknown as ApiEvent;

process.env.TABLE_NAME ??= 'not-used';
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
let lines: Record<string, unknown>[];
beforeEach(() => {
  lines = [];
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  logger.setLogLevel('INFO');
  const capture = (chunk: unknown) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a structured line
      }
    }
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel('SILENT');
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const emf = () => lines.filter((l) => l._aws !== undefined);
const logs = () => lines.filter((l) => l._aws === undefined);

describe('correlation ids', () => {
  it('each of two concurrent requests logs with its own pilot and route, never the other’s', async () => {
    const handler = apiHandler('read', async (e) => {
      logger.info('before');
      await new Promise((r) => setTimeout(r, e.pathParameters?.pilotId === P1 ? 20 : 1));
      logger.info('after');
      return json(200, {});
    });
    await Promise.all([
      handler(event('GET /pilots/{pilotId}/companies', { pilotId: P1 }), context()),
      handler(event('GET /pilots/{pilotId}/companies', { pilotId: P2 }), context()),
    ]);
    const ours = logs().filter((l) => l.message === 'before' || l.message === 'after');
    expect(ours).toHaveLength(4);
    expect(ours.filter((l) => l.pilotId === P1)).toHaveLength(2);
    expect(ours.filter((l) => l.pilotId === P2)).toHaveLength(2);
    for (const l of ours) expect(l.route).toBe('GET /pilots/{pilotId}/companies');
    // Outside any invocation, nothing is left over.
    logger.info('outside');
    expect(logs().find((l) => l.message === 'outside')?.pilotId).toBeUndefined();
  });

  it('a webhook’s refusal is logged with the webhook-id and the company, and counted by status and reason', async () => {
    const handler = signedHandler(async () => {
      logger.info('answering');
      return json(409, { error: 'conflict', reason: 'over-company-cap' });
    });
    await handler(event('POST /webhooks/companies/{companyId}', { companyId: P1 }, { 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' }), context());
    expect(logs().find((l) => l.message === 'answering')).toMatchObject({ companyId: P1, webhookId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' });
    const answer = emf().find((l) => l.WebhookAnswers !== undefined && l.status !== undefined);
    expect(answer).toMatchObject({ status: '409', reason: 'over-company-cap', WebhookAnswers: 1 });
  });

  it('a path or webhook-id that is not an id (a CPR number, a name) is never a correlation id', async () => {
    const handler = signedHandler(async () => json(200, { status: 'applied' }));
    await handler(event('POST /webhooks/companies/{companyId}', { companyId: '0101901234' }, { 'webhook-id': 'msg_0101901234' }), context());
    await handler(event('GET /pilots/{pilotId}', { pilotId: 'Jens Hansen' }), context());
    const text = JSON.stringify(lines);
    expect(text).not.toContain('0101901234');
    expect(text).not.toContain('Jens');
  });

  it('a failed step logs its pilot and step and counts a StepFailures, and its error still fails the task', async () => {
    const handler = stepHandler(async (input: { pilotId: string; action: string }) => {
      throw Object.assign(new Error(`contention on ${input.pilotId}`), { name: 'ContentionError' });
    });
    await expect(handler({ pilotId: 'p-9', action: 'evaluate' }, context('lifecycle-step'))).rejects.toThrow('contention');
    expect(logs().find((l) => l.message === 'step failed')).toMatchObject({ pilotId: 'p-9', step: 'evaluate', errorName: 'ContentionError' });
    expect(emf().find((l) => l.step === 'evaluate')).toMatchObject({ StepFailures: 1 });
  });
});

/** A task's Payload as Step Functions hands it over: each `.$` path resolved (the execution's name from the context object). */
const resolved = (payload: Record<string, unknown>, executionName: string): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(payload).map(([k, v]) => {
      if (!k.endsWith('.$')) return [k, v !== null && typeof v === 'object' ? resolved(v as Record<string, unknown>, executionName) : v];
      const value = v === '$$.Execution.Name' ? executionName : v === '$.pilotId' ? P1 : v === '$$.Task.Token' ? 'token' : { from: v };
      return [k.slice(0, -2), value];
    }),
  );

describe('correlation ids of a step', () => {
  it("every task of the real definition hands its step the execution's name, and every line the step logs carries it", async () => {
    const states = Object.entries(
      lifecycleDefinition().States as unknown as Record<string, { Type: string; Parameters?: { Payload?: Record<string, unknown> } }>,
    );
    const tasks = states.filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(20);
    const handler = stepHandler(async () => {
      logger.info('working');
      return {};
    });
    for (const [name, task] of tasks) {
      lines = [];
      await handler(resolved(task.Parameters!.Payload!, `${P1}-g2`), context('lifecycle-step'));
      const working = logs().filter((l) => l.message === 'working');
      expect(working, name).toHaveLength(1);
      expect(working[0], name).toMatchObject({ execution: `${P1}-g2`, pilotId: P1 });
    }
  });
});

describe('metrics', () => {
  it('are published once per invocation: one line of totals and one per dimension value', async () => {
    const handler = stepHandler(async () => {
      for (let i = 0; i < 50; i++) count('MailSent', { kind: 'voucher' });
      count('MailSent', { kind: 'outcome' });
      return {};
    });
    await handler({ pilotId: 'p-1', action: 'evaluate' }, context());
    const mail = emf().filter((l) => l.MailSent !== undefined);
    expect(mail.map((l) => [l.kind ?? 'total', l.MailSent])).toEqual([
      ['voucher', 50],
      ['outcome', 1],
      ['total', 51],
    ]);
    const total = mail.find((l) => l.kind === undefined) as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } };
    expect(total._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'PilotOrchestrator', Dimensions: [['service']] });
  });
});
