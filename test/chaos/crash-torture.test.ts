import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { dateInCopenhagen } from '../../functions/domain/calendar.js';
import {
  DEMO_DECLINE,
  DEMO_PARTNERS,
  DEMO_SLOT_ANSWERS,
  demoExamResult,
  demoFollowUpCsv,
  demoOffer,
  demoParticipantsCsv,
  demoPlan,
  demoVoucherCodes,
  signedWebhookHeaders,
} from '../../infra/local/demo-pilot.js';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { createLocalAuth, loadOrCreateKey } from '../../infra/local/local-auth.js';
import { keyFile, outboxDir } from '../../infra/local/local-stack.js';
import { validCvr } from '../support/companies.js';

// Crash torture: one whole pilot of the demo's shape (infra/local/demo-pilot.ts: 90 participants, a
// pause, 90 voucher codes, 9 partner companies of which 7 answer by signed
// webhook, internships, follow-up, evaluation), driven through the API of a
// real `npm start`, whose whole process group (the server and its DynamoDB
// Local) is SIGKILLed at 20 or more points and started again (not --fresh)
// each time. The points are chosen at random from a printed seed
// (CHAOS_SEED=<seed> npm run test:chaos replays them), and always include
// right after a webhook was answered `200 applied`, in the middle of the
// voucher e-mails, and in the middle of the evaluation. The same script runs
// once without a kill, on its own data, as the reference. Asserted: the
// outcome equals the reference's; the same e-mails, none twice; every
// acknowledged company answer is there.

const SEED = Number(process.env.CHAOS_SEED ?? randomInt(1, 2 ** 31));
console.info(`crash-torture seed ${SEED}; replay with CHAOS_SEED=${SEED} npm run test:chaos`);

/** mulberry32: a small seeded generator, so a seed gives the same kill points. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** C1 only and the serial collector: DynamoDB Local starts in a third of the time on a loaded machine. */
const JAVA_TOOL_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

const groups = new Set<number>();
const dirs: string[] = [];
afterAll(async () => {
  // Whatever happened, no stack and no emulator is left behind.
  for (const pgid of groups) killGroup(pgid);
  await sleep(200);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const killGroup = (pgid: number) => {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone already
  }
};

/** `npm start` (not --fresh after the first) in its own process group, on a free port. */
class Stack {
  child: ChildProcess | undefined;
  url = '';
  starts = 0;
  constructor(readonly dataDir: string) {}

  async start() {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...(this.starts === 0 ? ['--fresh'] : [])], {
      env: { ...process.env, PORT: String(port), DATA_DIR: this.dataDir, JAVA_TOOL_OPTIONS, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    groups.add(child.pid!);
    let out = '';
    // CHAOS_LOG=<file>: every start's output appended there, to see what a slow or failed run did.
    const log = process.env.CHAOS_LOG ? (text: string) => appendFileSync(process.env.CHAOS_LOG!, text) : () => undefined;
    log(`\n=== ${new Date().toISOString()} start ${this.starts} of ${this.dataDir}\n`);
    child.stdout!.on('data', (chunk: Buffer) => log(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => log(chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out = (out + chunk.toString()).slice(-20_000);
        if (out.includes('Ctrl-C stops everything')) resolve();
      });
      child.stderr!.on('data', (chunk: Buffer) => void (out = (out + chunk.toString()).slice(-20_000)));
      child.on('exit', () => reject(new Error(`npm start exited early:\n${out}`)));
    });
    this.child = child;
    this.url = `http://localhost:${port}`;
    this.starts++;
  }

  /** SIGKILL to the whole group: the server and DynamoDB Local at once, as a power cut. */
  async kill() {
    const child = this.child!;
    this.child = undefined;
    const exited = once(child, 'exit');
    killGroup(child.pid!);
    await exited;
    groups.delete(child.pid!);
  }

  async stop() {
    const child = this.child!;
    this.child = undefined;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;
    groups.delete(child.pid!);
  }
}

interface Company {
  n: number;
  name: string;
  webhook: boolean;
  id?: string;
  secret?: string;
}

/** What a run leaves to compare. */
interface RunResult {
  outcome: Record<string, any>;
  pilot: Record<string, any>;
  companies: Record<string, any>;
  internships: number;
  acknowledged: Map<string, { slots: number | null }>;
  mails: { file: string; eml: string }[];
  kills: string[];
}

/**
 * Drives the pilot through the API. With `chaos`, kills the stack at the
 * chosen points and starts it again, and repeats the call that was cut off:
 * every call is safe to repeat (the same webhook-id, enrolment by reference,
 * status changes checked first), as a client retrying after a crash would.
 */
const run = async (stack: Stack, chaos: { random: () => number } | undefined): Promise<RunResult> => {
  await stack.start();
  const token = await createLocalAuth(loadOrCreateKey(keyFile(stack.dataDir))).sign('consultant', { email: 'tovholder@jobcenter.kk.test' });
  const kills: string[] = [];
  const rnd = chaos?.random ?? (() => 1);
  // Random kill points among the changes the script makes (about 215; after one, at once or a few ms later), beside the ones chosen below.
  const randomKills = new Set<number>();
  while (chaos && randomKills.size < 17) randomKills.add(1 + Math.floor(rnd() * 215));
  const webhookKills = new Set<number>();
  while (chaos && webhookKills.size < 3) webhookKills.add(Math.floor(rnd() * 8));
  const voucherKillAt = 5 + Math.floor(rnd() * 70);
  let calls = 0;

  // A crash may come from a watcher while a call is in flight: the call waits for the restart, then repeats.
  let restarting: Promise<void> | undefined;
  const crash = async (why: string) => {
    kills.push(why);
    restarting = (async () => {
      await stack.kill();
      await stack.start();
    })();
    await restarting;
    restarting = undefined;
  };

  const send = async (method: string, path: string, body?: unknown, contentType = 'application/json', headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const json = res.status === 204 ? undefined : ((await res.json()) as Record<string, any>);
    return { status: res.status, json: json! };
  };

  /** One call, repeated after a crash cut it off; `before` runs before a repeat (to see whether it was applied). */
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    opts: { contentType?: string; headers?: () => Record<string, string>; ok?: number[]; repeat?: () => Promise<Record<string, any> | undefined> } = {},
  ): Promise<Record<string, any>> => {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 && opts.repeat) {
        const done = await opts.repeat();
        if (done) return done;
      }
      try {
        const res = await send(method, path, body, opts.contentType, opts.headers?.() ?? {});
        if (res.status === 503) continue;
        if (res.status >= 400 && !(opts.ok ?? []).includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
        const n = method === 'GET' ? 0 : ++calls;
        if (randomKills.has(n)) {
          if (rnd() < 0.5) await sleep(Math.floor(rnd() * 30));
          await crash(`after call ${n}: ${method} ${path.replace(/[0-9a-f-]{36}/g, '…')}`);
        }
        return { ...res.json, _status: res.status };
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // fetch failed: the stack is down (killed under it)
        await sleep(20);
        if (restarting) await restarting;
        if (attempt > 20) throw error;
      }
    }
  };

  const clockDate = async () => dateInCopenhagen(new Date((await call('GET', '/_local/clock')).now));
  const pilotNow = () => call('GET', `/pilots/${pilotId}`);
  /** Waits until the pilot is as `done` says: the workflow moves on after the answer to the call that moved it. */
  const until = async (done: (p: Record<string, any>) => boolean) => {
    for (let i = 0; i < 1200; i++) {
      const p = await pilotNow();
      if (done(p)) return p;
      await sleep(50);
    }
    throw new Error('the pilot did not get there');
  };
  /** Waits (real time: a real process) until the workflow has parked or closed. */
  const settled = async () => {
    for (let i = 0; i < 600; i++) {
      const p = await pilotNow();
      if (p.status === 'closed' || p.status === 'paused' || p.waitingFor) return p;
      await sleep(50);
    }
    throw new Error('the workflow did not settle');
  };
  const advanceTo = async (date: string) => {
    if ((await clockDate()) < date) await call('POST', '/_local/clock/advance', { to: date }, { ok: [409] });
    return settled();
  };
  const day = (from: string, days: number) => {
    const d = new Date(`${from}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  // The companies: registered once (a repeat after a lost answer finds the CVR taken, and takes a new secret).
  const companies: Company[] = DEMO_PARTNERS.map(({ n, name, webhook }) => ({ n, name, webhook }));
  for (const c of companies) {
    const created = await call(
      'POST',
      '/companies',
      {
        name: c.name,
        cvr: validCvr(700 + c.n),
        contact: { name: `Kontakt ${c.n}`, email: `kontakt${c.n}@partner.test` },
        language: DEMO_PARTNERS[c.n]!.language,
        webhook: c.webhook,
      },
      { ok: [409] },
    );
    if (created._status === 201) Object.assign(c, { id: created.company.id, secret: created.secret });
    else {
      const known = ((await call('GET', '/companies?limit=100')).items as { id: string; name: string }[]).find((k) => k.name === c.name)!;
      c.id = known.id;
      c.secret = (await call('POST', `/companies/${known.id}/secret/rotate`)).secret;
    }
  }

  const today = await clockDate();
  const plan = demoPlan(today, 'Azure with Microsoft (crash torture)');
  const findPilot = async () => ((await call('GET', '/pilots?limit=100')).items as { id: string; name: string }[]).find((p) => p.name === plan.name);
  const pilotId: string = (await call('POST', '/pilots', plan, { repeat: findPilot })).id;
  // With e-mail addresses: each participant's voucher code goes by e-mail.
  await call('POST', `/pilots/${pilotId}/participants`, demoParticipantsCsv({ emails: true }), { contentType: 'text/csv' });
  await call('POST', `/pilots/${pilotId}/vouchers`, { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: day(today, 400), codes: demoVoucherCodes('CHAOS') });
  for (const c of companies) await call('POST', `/pilots/${pilotId}/companies`, { companyId: c.id, maxSlots: 8 });

  await call('POST', `/pilots/${pilotId}/start`);
  await settled();
  await advanceTo(day(today, 29));
  await advanceTo(day(today, 42));
  const participants = (await call('GET', `/pilots/${pilotId}/participants?limit=100`)).items as { id: string; reference: string }[];
  participants.sort((a, b) => Number(a.reference.slice(3)) - Number(b.reference.slice(3)));
  const setStatus = (id: string, body: Record<string, unknown>) =>
    call('PATCH', `/pilots/${pilotId}/participants/${id}`, body, {
      // A repeat: the change may have been applied before the crash.
      repeat: async () => {
        const p = await call('GET', `/pilots/${pilotId}/participants/${id}`);
        return p.status === body.status ? p : undefined;
      },
    });
  for (const [i, p] of participants.entries()) {
    await setStatus(p.id, i < 86 ? { status: 'started' } : { status: 'dropped-out', reason: 'found-job' });
  }
  await call(
    'POST',
    `/pilots/${pilotId}/pause`,
    { reason: 'spring: the course is on hold' },
    { repeat: async () => ((await pilotNow()).status === 'paused' ? {} : undefined) },
  );
  await advanceTo(day(today, 150));
  await call('POST', `/pilots/${pilotId}/resume`, {}, { repeat: async () => ((await pilotNow()).status === 'running' ? {} : undefined) });
  for (const p of participants.slice(0, 80)) await setStatus(p.id, { status: 'completed' });

  // The course ends: 80 voucher codes by e-mail. Killed when some of them have gone.
  const vouchersSent = () =>
    existsSync(outboxDir(stack.dataDir)) ? readdirSync(outboxDir(stack.dataDir)).filter((f) => /-voucher-(da|en)\b.*\.eml$/.test(f)).length : 0;
  const courseEnds = dateInCopenhagen(new Date((await settled()).nextDeadline));
  if (chaos) {
    let watching = true;
    const watcher = (async () => {
      while (watching && vouchersSent() < voucherKillAt) await sleep(2);
      if (watching) await crash(`in the voucher e-mails, after ${vouchersSent()} of 80`);
    })();
    await advanceTo(courseEnds);
    watching = false;
    await watcher;
  }
  await advanceTo(courseEnds);
  // Both runs go on from the same state: certification entered, every code sent.
  await until((p) => p.waitingFor === 'certification-end');
  for (let i = 0; i < 600 && vouchersSent() < 80; i++) await sleep(50);

  // Every code gets a result; one in eight fails.
  const assignments = ((await call('GET', `/pilots/${pilotId}/vouchers`)).assignments as { participantId: string }[]).map((a) => a.participantId).sort();
  const examDay = await clockDate();
  const results = assignments.map((id, n) => `${id};${demoExamResult(n)};${examDay}`);
  await call('POST', `/pilots/${pilotId}/exam-results`, ['participantId;result;date', ...results].join('\n'), { contentType: 'text/csv' });
  // Every code has a result: certification ends and the companies are invited, on this same day in both runs.
  await until((p) => p.waitingFor === 'match-answers');

  // Companies answer by signed webhook; a webhook cut off is sent again with its webhook-id.
  const acknowledged = new Map<string, { slots: number | null }>();
  let webhooksSent = 0;
  const webhook = async (c: Company, event: Record<string, unknown>) => {
    const body = JSON.stringify({ ...event, timestamp: new Date(Date.parse('2030-01-01T00:00:00Z') + webhooksSent * 1000).toISOString() });
    const id = `msg_chaos_${webhooksSent}`;
    const n = webhooksSent++;
    const answer = await call('POST', `/webhooks/companies/${c.id}`, body, {
      headers: () => signedWebhookHeaders(c.secret!, id, body),
    });
    expect(['applied', 'duplicate']).toContain(answer.status);
    if (event.type === 'match.slots.confirmed') acknowledged.set(c.id!, { slots: (event.data as { slots: number }).slots });
    if (event.type === 'match.slots.declined') acknowledged.set(c.id!, { slots: null });
    if (chaos && answer.status === 'applied' && webhookKills.has(n)) await crash(`right after webhook ${n} was answered 200 applied`);
    return answer;
  };

  let answered = false;
  let reported = 0;
  for (let i = 0; i < 12; i++) {
    const p = await settled();
    if (p.phase === 'follow-up' || p.status === 'closed') break;
    if (p.waitingFor === 'match-answers' && !answered) {
      answered = true;
      for (const [n, slots] of DEMO_SLOT_ANSWERS.entries()) await webhook(companies[n]!, { type: 'match.slots.confirmed', data: { pilotId, slots } });
      await webhook(companies[DEMO_DECLINE.partner]!, { type: 'match.slots.declined', data: { pilotId, reason: DEMO_DECLINE.reason } });
    }
    if (p.phase === 'internships' && reported === 0) {
      const schedule = ((await call('GET', `/pilots/${pilotId}/schedule`)).items as { companyId: string; code: string; start: string }[]).sort((a, b) =>
        `${a.start}${a.code}`.localeCompare(`${b.start}${b.code}`),
      );
      for (const [n, meeting] of schedule.entries()) {
        const type = demoOffer(n);
        if (!type) continue;
        const company = companies.find((c) => c.id === meeting.companyId)!;
        if (!company.webhook) continue;
        const data = { pilotId, participantRef: meeting.code, type, startDate: day(await clockDate(), 14), weeks: 8 };
        await webhook(company, { type: 'internship.offered', data });
        reported++;
      }
    }
    await advanceTo(dateInCopenhagen(new Date(p.nextDeadline)));
  }

  // The follow-up day: every situation recorded; that ends the phase, and the evaluation runs. Killed in its middle.
  const followUpDay = (await pilotNow()).plan.followUpDay as string;
  await advanceTo(followUpDay);
  let watching = Boolean(chaos);
  const evaluationWatcher = (async () => {
    while (watching) {
      const res = await send('GET', `/pilots/${pilotId}/outcome`).catch(() => undefined);
      if (res?.status === 200) return crash('in the evaluation, right after its outcome was written');
      await sleep(5);
    }
  })();
  await call('POST', `/pilots/${pilotId}/follow-up`, demoFollowUpCsv(participants.map((p) => p.id)), { contentType: 'text/csv' });
  for (let i = 0; i < 600 && (await pilotNow()).status !== 'closed'; i++) await sleep(50);
  watching = false;
  await evaluationWatcher;
  for (let i = 0; i < 600 && (await pilotNow()).status !== 'closed'; i++) await sleep(50);

  const result: RunResult = {
    outcome: await call('GET', `/pilots/${pilotId}/outcome`),
    pilot: await pilotNow(),
    companies: await call('GET', `/pilots/${pilotId}/companies`),
    internships: ((await call('GET', `/pilots/${pilotId}/internships`)).items as unknown[]).length,
    acknowledged,
    mails: readdirSync(outboxDir(stack.dataDir))
      .filter((f) => f.endsWith('.eml') && !f.includes('-digest-'))
      .map((file) => ({ file, eml: readFileSync(join(outboxDir(stack.dataDir), file), 'utf8') })),
    kills,
  };
  await stack.stop();
  return result;
};

const header = (eml: string, name: string) => new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(eml)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
/** Each e-mail's kind and language (the file name after its time stamp, without the send-once tag). */
const kindOf = (file: string) =>
  file
    .replace(/^[0-9TZ-]+?-(?=[a-z])/, '')
    .replace(/-[0-9a-f]{16}\.eml$/, '')
    .replace(/\.eml$/, '');

describe('crash torture', () => {
  it('a whole lifecycle SIGKILLed at 20+ points ends as an uninterrupted run: same outcome, no e-mail twice, no acknowledged answer lost', async () => {
    const started = performance.now();
    const referenceDir = mkdtempSync(join(tmpdir(), 'pilot-chaos-ref-'));
    const chaosDir = mkdtempSync(join(tmpdir(), 'pilot-chaos-'));
    dirs.push(referenceDir, chaosDir);

    // Side by side: the reference's stack is never killed, and its dates are the same (both clocks start now).
    const chaosStack = new Stack(chaosDir);
    const [reference, tortured] = await Promise.all([run(new Stack(referenceDir), undefined), run(chaosStack, { random: seeded(SEED) })]);
    console.info(
      `crash-torture: ${tortured.kills.length} kills, ${chaosStack.starts} starts, ${((performance.now() - started) / 1000).toFixed(0)} s in all:\n  ${tortured.kills.join('\n  ')}`,
    );

    expect(tortured.kills.length).toBeGreaterThanOrEqual(20);
    expect(tortured.kills.some((k) => k.startsWith('right after webhook'))).toBe(true);
    // In the middle of them: some sent, not all.
    expect(tortured.kills.some((k) => /in the voucher e-mails, after ([1-9]|[1-7]\d) of 80/.test(k))).toBe(true);
    expect(tortured.kills.some((k) => k.startsWith('in the evaluation'))).toBe(true);

    // The outcome is the uninterrupted run's.
    const comparable = (r: RunResult) => ({
      evaluation: r.outcome.evaluation,
      recommendation: r.outcome.recommendation,
      closedEarly: r.outcome.closedEarly,
      phaseReached: r.outcome.phaseReached,
      status: r.pilot.status,
      counts: r.pilot.counts,
      companies: r.pilot.companies,
      totals: r.companies.totals,
      internships: r.internships,
    });
    expect(reference.pilot.status).toBe('closed');
    expect(comparable(tortured)).toEqual(comparable(reference));
    expect(tortured.pilot.personalDataDeletedAfter).toBeDefined();

    // Every acknowledged answer is there.
    const answers = new Map((tortured.companies.items as { companyId: string; answer: string; slots: number }[]).map((c) => [c.companyId, c]));
    for (const [companyId, { slots }] of tortured.acknowledged) {
      expect(answers.get(companyId), companyId).toMatchObject(slots === null ? { answer: 'declined' } : { answer: 'confirmed', slots });
    }

    // The same e-mails as the uninterrupted run, none twice.
    const kinds = (r: RunResult) => r.mails.map((m) => kindOf(m.file)).sort();
    expect(kinds(tortured)).toEqual(kinds(reference));
    const sent = tortured.mails.map((m) => `${kindOf(m.file)} ${header(m.eml, 'To')} ${header(m.eml, 'Subject')}`);
    expect(sent.filter((s, i) => sent.indexOf(s) !== i)).toEqual([]);
    expect(tortured.mails.filter((m) => /-voucher-(da|en)\b/.test(m.file))).toHaveLength(80);
  }, 1_200_000);
});
