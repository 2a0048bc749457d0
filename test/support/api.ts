import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalAuth, loadOrCreateKey, localTokenRoute, type LocalAuth } from '../../infra/local/local-auth.js';
import { buildWebPage, type WebConfig } from '../../web/build.js';
import { startLocalServer } from '../../infra/local/server.js';
import { checkAnswer, checkRequest, ContractViolation } from './contract.js';
import { freshStore } from './store.js';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { startLocalRuntime, useLocalUrls, type LocalRuntime } from '../../infra/local/runtime.js';

export interface TestApi {
  url: string;
  auth: LocalAuth;
  tableName: string;
  runtime: LocalRuntime | undefined;
  /** Where the runtime's e-mails go (.eml files), when there is a runtime. */
  outboxDir: string;
  /** fetch against the API with a token for `role` (or none), as `email` (default `<role>@local.test`). */
  call(
    method: string,
    path: string,
    opts?: { role?: 'consultant' | 'management' | 'admin' | null; email?: string; json?: unknown; body?: string; contentType?: string; token?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * The real local HTTP server, on a free port, in front of the real handlers
 * and a fresh table in the run's DynamoDB Local.
 */
export const startTestApi = async (opts: { clockStart?: string; web?: boolean | WebConfig } = {}): Promise<TestApi> => {
  const store = await freshStore();
  process.env.TABLE_NAME = store.tableName;
  const auth = createLocalAuth(loadOrCreateKey(join(mkdtempSync(join(tmpdir(), 'pilot-auth-')), 'key')));
  // With a clock, the workflow engine runs too (and the local clock routes exist).
  const outboxDir = mkdtempSync(join(tmpdir(), 'pilot-outbox-'));
  const runtime = opts.clockStart
    ? await startLocalRuntime({
        db: store.db,
        tableName: store.tableName,
        clock: LocalClock.startingAt(opts.clockStart),
        tickMs: 0,
        outboxDir,
        retryDelayMs: 0,
      })
    : undefined;
  // Every answer of a handler, whoever asked (call() below, or the page in a browser test), is held against its
  // route's contract: call() throws what its own request got, close() what is left.
  const violations: Error[] = [];
  const server = await startLocalServer({
    onAnswer: ({ method, path, status, contentType, body }) => {
      try {
        checkAnswer(method, path, status, body && !contentType?.startsWith('text/html') ? (JSON.parse(body) as unknown) : body || undefined);
      } catch (error) {
        violations.push(error as Error);
      }
    },
    auth,
    port: 0,
    localRoutes: [...(runtime?.routes ?? []), localTokenRoute(auth)],
    // The web page and its local sign-in, for the browser tests.
    // The configuration is read at each request: a test may fill in URLs it learns after the start.
    ...(opts.web
      ? { web: { dir: buildWebPage(mkdtempSync(join(tmpdir(), 'pilot-web-'))), config: opts.web === true ? { auth: 'local' as const } : opts.web } }
      : {}),
  });
  // The links in the companies' e-mails point at this server.
  useLocalUrls(server.url);
  const tokens = new Map<string, string>();
  return {
    url: server.url,
    auth,
    tableName: store.tableName,
    async call(method, path, opts = {}) {
      const role = opts.role === undefined ? 'consultant' : opts.role;
      const headers: Record<string, string> = {};
      const who = `${role}#${opts.email ?? ''}`;
      const token =
        opts.token ?? (role ? (tokens.get(who) ?? (await auth.sign(role, opts.email ? { email: opts.email, sub: `local-${opts.email}` } : {}))) : undefined);
      if (role && !opts.token) tokens.set(who, token!);
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers['content-type'] = 'application/json';
      }
      if (opts.body !== undefined) body = opts.body;
      if (opts.contentType !== undefined) headers['content-type'] = opts.contentType;
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      const parsed = text && !res.headers.get('content-type')?.startsWith('text/html') ? JSON.parse(text) : text || undefined;
      const violation = violations.shift();
      if (violation) throw violation;
      if (opts.json !== undefined && opts.body === undefined) checkRequest(method, path, res.status, JSON.parse(body!) as unknown, parsed);
      return { status: res.status, body: parsed, headers: res.headers };
    },
    runtime,
    outboxDir,
    close: async () => {
      runtime?.stop();
      await server.close();
      if (violations.length > 0) throw new ContractViolation(`${violations.length} answers did not fit their contracts; the first: ${violations[0]!.message}`);
    },
  };
};
