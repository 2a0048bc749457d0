import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { API_GROUPS, API_ROUTES, groupOf, routeKey, type ApiGroup, type ApiRoute } from '../functions/api/routes.js';
import { PROJECT_ROOT } from '../infra/constructs/project-function.js';
import { bundle } from '../scripts/bundle-size.js';
import { coldStartOnce, median, writeFunction } from './cold-start.js';

// The functions' shape, decided by measurement: one function per route, or a
// few functions grouped by what they may do (read, write, company-signed; the
// workflow steps are one function already), each dispatching by the routes
// table. Grouped is what the stack deploys (functions/api/groups). Two figures:
//
// 1. What one cold start costs in each shape: a group's bundle holds every
//    route of the group, each handler module evaluated on its first request
//    only (a dynamic import, which esbuild keeps lazy inside one file), so a
//    group's cold start is measured against the same route's own function,
//    in the same fresh-process harness as the cold-start section, as CPU
//    time in pairs.
// 2. How many cold starts a realistic day has (simulateDay): 5 consultants
//    and 10 companies, 300 requests over 8 hours, Lambda keeping an idle
//    environment about 10 minutes. Requests come in working sessions (a
//    consultant opens a pilot, reads, changes a few things), companies answer
//    links and send webhooks at their own times.

export type Group = ApiGroup;

/** A seeded generator (mulberry32), so a day is the same in both shapes and from run to run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

interface Request {
  at: number;
  route: ApiRoute;
}

const route = (method: string, p: string) => API_ROUTES.find((r) => r.method === method && r.path === p)!;
/** A consultant's session: the page's reads, then a few changes with reads between them. */
const CONSULTANT_READS = [
  route('GET', '/pilots'),
  route('GET', '/pilots/{pilotId}'),
  route('GET', '/pilots/{pilotId}/participants'),
  route('GET', '/pilots/{pilotId}/audit'),
  route('GET', '/pilots/{pilotId}/vouchers'),
  route('GET', '/pilots/{pilotId}/companies'),
  route('GET', '/pilots/{pilotId}/outcome'),
  route('GET', '/pilots/{pilotId}/schedule'),
  route('GET', '/pilots/{pilotId}/participants/{participantId}'),
  route('GET', '/companies'),
];
const CONSULTANT_WRITES = [
  route('POST', '/pilots/{pilotId}/participants'),
  route('POST', '/pilots/{pilotId}/participants/status'),
  route('PATCH', '/pilots/{pilotId}/participants/{participantId}'),
  route('POST', '/pilots/{pilotId}/exam-results'),
  route('POST', '/pilots/{pilotId}/follow-up'),
  route('POST', '/pilots/{pilotId}/vouchers'),
  route('PATCH', '/pilots/{pilotId}'),
  route('POST', '/pilots/{pilotId}/companies'),
  route('POST', '/companies'),
  route('POST', '/pilots/{pilotId}/pause'),
  route('POST', '/pilots/{pilotId}/start'),
  route('POST', '/pilots'),
];
const COMPANY = {
  show: route('GET', '/links/{token}'),
  submit: route('POST', '/links/{token}'),
  webhook: route('POST', '/webhooks/companies/{companyId}'),
};

/** One working day's requests, `total` of them, about 4/5 from the consultants and 1/5 from the companies. */
export const dayOfRequests = (seed: number, opts: { consultants: number; companies: number; total: number; hours: number }): Request[] => {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const span = opts.hours * 3600;
  const requests: Request[] = [];
  const companyShare = Math.round(opts.total / 5);
  // Companies: a link opened then answered a minute or two later, or a webhook from their system.
  while (requests.length < companyShare) {
    const at = rnd() * span;
    if (rnd() < 0.5) {
      requests.push({ at, route: COMPANY.show }, { at: at + 30 + rnd() * 90, route: COMPANY.submit });
    } else requests.push({ at, route: COMPANY.webhook });
  }
  // Consultants: sessions of 6-14 requests, 5-60 s apart, one in three a change.
  while (requests.length < opts.total) {
    let at = rnd() * span;
    const length = 6 + Math.floor(rnd() * 9);
    for (let i = 0; i < length && requests.length < opts.total; i++) {
      requests.push({ at, route: i > 1 && rnd() < 1 / 3 ? pick(CONSULTANT_WRITES) : pick(CONSULTANT_READS) });
      at += 5 + rnd() * 55;
    }
  }
  return requests.sort((a, b) => a.at - b.at);
};

/**
 * Lambda's environments of each function over the day: a request finds a
 * warm one (idle, used within `keepSeconds`) or starts a new one (a cold
 * start). `functionOf` names the function a route runs in.
 */
export const coldStartsOf = (
  requests: Request[],
  functionOf: (r: ApiRoute) => string,
  opts: { keepSeconds: number; warmSeconds: number; coldSeconds: number },
) => {
  const environments = new Map<string, { busyUntil: number; lastUsed: number }[]>();
  let cold = 0;
  const byFunction = new Map<string, number>();
  for (const { at, route } of requests) {
    const name = functionOf(route);
    const envs = (environments.get(name) ?? []).filter((e) => at - e.lastUsed <= opts.keepSeconds || e.busyUntil > at);
    let env = envs.find((e) => e.busyUntil <= at);
    let seconds = opts.warmSeconds;
    if (!env) {
      env = { busyUntil: 0, lastUsed: 0 };
      envs.push(env);
      cold++;
      byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
      seconds += opts.coldSeconds;
    }
    env.busyUntil = at + seconds;
    env.lastUsed = env.busyUntil;
    environments.set(name, envs);
  }
  return { cold, functions: new Set(requests.map((r) => functionOf(r.route))).size };
};

export interface ShapeDay {
  requests: number;
  perRoute: { functions: number; coldStarts: number; coldShare: number };
  grouped: { functions: number; coldStarts: number; coldShare: number };
}

/** The mean over `days` seeded days of 300 requests, per shape. */
export const simulateDays = (days: number): ShapeDay => {
  const opts = { consultants: 5, companies: 10, total: 300, hours: 8 };
  const lambda = { keepSeconds: 600, warmSeconds: 0.1, coldSeconds: 0.6 };
  let perRoute = 0;
  let grouped = 0;
  let routeFns = 0;
  let groupFns = 0;
  for (let d = 1; d <= days; d++) {
    const requests = dayOfRequests(d, opts);
    const a = coldStartsOf(requests, (r) => r.handler, lambda);
    const b = coldStartsOf(requests, (r) => groupOf(r), lambda);
    perRoute += a.cold;
    grouped += b.cold;
    routeFns += a.functions;
    groupFns += b.functions;
  }
  const mean = (n: number) => n / days;
  return {
    requests: opts.total,
    perRoute: { functions: mean(routeFns), coldStarts: mean(perRoute), coldShare: mean(perRoute) / opts.total },
    grouped: { functions: mean(groupFns), coldStarts: mean(grouped), coldShare: mean(grouped) / opts.total },
  };
};

export interface ShapeColdRow {
  route: string;
  group: Group;
  /** CPU ms of the route's own function's cold start (median). */
  ownMs: number;
  /** CPU ms of its group's function's cold start, that route first (median). */
  groupMs: number;
  ownKb: number;
  groupKb: number;
}

/** Each group's bundle (every route of the group, imported on first use) against its routes' own bundles, in pairs of fresh processes. */
export const measureShapes = async (opts: { samples: number; routes?: string[] }): Promise<ShapeColdRow[]> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pilot-shapes-'));
  try {
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const write = (name: string, { code, map }: { code: Uint8Array; map: Uint8Array }) => writeFunction(path.join(dir, name), code, map);
    const groups = new Map<Group, { file: string; kb: number }>();
    for (const group of API_GROUPS) {
      // The group's function as it deploys: the routes table, each handler imported on its first request.
      const built = await bundle(`functions/api/groups/${group}.ts`);
      groups.set(group, { file: write(`group-${group}`, built), kb: built.code.byteLength / 1024 });
    }
    const chosen = API_ROUTES.filter((r) => !opts.routes || opts.routes.includes(r.handler));
    const rows: ShapeColdRow[] = [];
    for (const r of chosen) {
      const built = await bundle(`functions/api/${r.handler}.ts`);
      const { code } = built;
      const own = write(r.handler, built);
      const group = groups.get(groupOf(r))!;
      const ownTimes: number[] = [];
      const groupTimes: number[] = [];
      for (let i = 0; i < opts.samples; i++) {
        ownTimes.push(await loadOnce(own, routeKey(r)));
        groupTimes.push(await loadOnce(group.file, routeKey(r)));
      }
      rows.push({
        route: routeKey(r),
        group: groupOf(r),
        ownMs: median(ownTimes),
        groupMs: median(groupTimes),
        ownKb: code.byteLength / 1024,
        groupKb: group.kb,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The CPU ms of one cold start of `file` serving the route `key` first. */
const loadOnce = async (file: string, key: string): Promise<number> => (await coldStartOnce(file, ['api', key])).cpuMs;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const day = simulateDays(50);
  console.log(JSON.stringify(day, null, 2));
  const samples = Number(process.argv[2] ?? 5);
  const rows = await measureShapes({
    samples,
    routes: ['pilots-get', 'participants-list', 'participants-status', 'exam-results', 'link-show', 'company-webhook'],
  });
  console.table(rows.map((r) => ({ ...r, ratio: (r.groupMs / r.ownMs).toFixed(2) })));
}
