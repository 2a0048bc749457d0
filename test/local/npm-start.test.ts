import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { createLocalAuth, loadOrCreateKey } from '../../infra/local/local-auth.js';
import { keyFile } from '../../infra/local/local-stack.js';
import { azure2020Body } from '../support/fixtures.js';

// `npm start` as a user runs it: a separate process with its own DynamoDB
// Local and data folder. Proves the data survives a restart, --fresh empties
// it, Ctrl-C leaves no java process behind, and a SIGKILLed run's orphaned
// emulator is cleaned up by the next start.

const dataDir = mkdtempSync(join(tmpdir(), 'pilot-start-'));
const running: ChildProcess[] = [];
afterAll(() => running.forEach((p) => p.kill('SIGKILL')));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const start = async (args: string[] = []) => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...args], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ctrl-C stops everything')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    child.on('exit', () => reject(new Error(`npm start exited early:\n${out}`)));
  });
  const dynamoPid = Number(readFileSync(join(dataDir, 'dynamodb.pid'), 'utf8'));
  return { child, url: `http://localhost:${port}`, dynamoPid, output: () => out };
};

const token = () => createLocalAuth(loadOrCreateKey(keyFile(dataDir))).sign('consultant');

const pilotCount = async (url: string) => {
  const res = await fetch(`${url}/pilots`, { headers: { authorization: `Bearer ${await token()}` } });
  return ((await res.json()) as { items: unknown[] }).items.length;
};

describe('npm start', () => {
  it('prints the URL, a token command and a curl; keeps data across a restart; stops cleanly on Ctrl-C', async () => {
    const first = await start(['--fresh']);
    expect(first.output()).toContain(first.url);
    expect(first.output()).toContain('npm run token -- consultant');
    expect(first.output()).toMatch(/curl -s -X POST http:\/\/localhost:\d+\/pilots/);
    const created = await fetch(`${first.url}/pilots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(azure2020Body),
    });
    expect(created.status).toBe(201);

    first.child.kill('SIGINT');
    const [code] = await once(first.child, 'exit');
    expect(code).toBe(0);
    expect(isAlive(first.dynamoPid)).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb.pid'))).toBe(false);

    const second = await start();
    expect(await pilotCount(second.url)).toBe(1);

    // SIGKILL leaves the emulator orphaned; the next start must stop it.
    second.child.kill('SIGKILL');
    await once(second.child, 'exit');
    expect(isAlive(second.dynamoPid)).toBe(true);

    const third = await start(['--fresh']);
    expect(isAlive(second.dynamoPid)).toBe(false);
    expect(await pilotCount(third.url)).toBe(0);
    third.child.kill('SIGTERM');
    await once(third.child, 'exit');
    expect(isAlive(third.dynamoPid)).toBe(false);
  }, 120_000);
});

describe('npm start, killed in the middle of a lifecycle', () => {
  it('continues every running pilot after a restart, with no step doubled', async () => {
    const call = async (url: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await res.json()) as Record<string, any>;
    };
    const first = await start(['--fresh']);
    const now = new Date((await call(first.url, 'GET', '/_local/clock')).now);
    const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const pilot = await call(first.url, 'POST', '/pilots', {
      ...azure2020Body,
      recruitment: { opens: day(0), closes: day(10) },
      course: { start: day(14), weeks: 4, ending: 'diploma' },
      matchEvent: undefined,
    });
    await call(first.url, 'POST', `/pilots/${pilot.id}/participants`, {
      participants: Array.from({ length: 40 }, (_, i) => ({ reference: `K-${i}`, name: `P ${i}`, birthYear: 1980, targetGroup: 'academics' })),
    });
    await call(first.url, 'POST', `/pilots/${pilot.id}/start`);
    await call(first.url, 'POST', '/_local/clock/advance', { to: day(12) });
    expect(await call(first.url, 'GET', `/pilots/${pilot.id}`)).toMatchObject({ phase: 'course', waitingFor: 'course-end' });

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await start();
    expect(await call(second.url, 'GET', `/pilots/${pilot.id}`)).toMatchObject({ status: 'running', phase: 'course', waitingFor: 'course-end' });
    await call(second.url, 'POST', '/_local/clock/advance', { days: 200 });
    expect(await call(second.url, 'GET', `/pilots/${pilot.id}`)).toMatchObject({ status: 'closed', phase: 'closed' });
    const trail = (await call(second.url, 'GET', `/pilots/${pilot.id}/audit?limit=100`)).items as { action: string; details?: { phase?: string } }[];
    expect(trail.filter((e) => e.action === 'phase.entered').map((e) => e.details?.phase)).toEqual(['recruitment', 'course', 'follow-up']);
    expect(trail.filter((e) => e.action === 'pilot.evaluated')).toHaveLength(1);
    second.child.kill('SIGINT');
    await once(second.child, 'exit');
  }, 120_000);
});
