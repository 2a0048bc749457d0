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
