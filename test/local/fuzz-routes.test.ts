import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { API_ROUTES, routeKey, type ApiRoute } from '../../functions/api/routes.js';
import type { ApiEvent, ApiResult } from '../../functions/http/types.js';
import { configurePorts, handlerContext, runtimePorts } from '../../functions/composition.js';
import { signLink } from '../../functions/services/signed-links.js';
import { tableFromEnvironment } from '../../functions/store/client.js';
import { issueFormNonce } from '../../functions/store/form-nonces.js';
import { companyBody, signWebhook } from '../support/companies.js';
import { checkAnswer, checkRequest } from '../support/contract.js';
import { azure2020Body } from '../support/fixtures.js';
import { freshStore } from '../support/store.js';

// Property-based fuzzing of every route in functions/api/routes.ts: requests
// generated valid (signed where the route needs it) and then mutated the way
// a careless client or an attacker would (depth, types, unicode, sizes,
// missing and extra fields, CPR numbers, media types, path and query). The
// handlers are called in-process, with the event API Gateway would give them,
// against DynamoDB Local: the HTTP layer adds nothing here but time.
//
// Properties: no request gets a 5xx; a rejected request (4xx) writes nothing
// (every successful DynamoDB write is counted, and a sample of them is also
// checked by scanning the whole table before and after); and no CPR number
// sent is anywhere in the table at the end.

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResult>;
const handlers = new Map<string, Handler>();
/** The writes of the request whose handler is running, by async context: requests run a few at a time. */
const writesOf = new AsyncLocalStorage<string[]>();
/** Requests in flight at once: the handlers wait on DynamoDB Local most of the time. */
const PARALLEL = 4;
const sentCprs = new Set<string>();

interface Fixture {
  pilots: string[];
  participants: string[];
  companies: { id: string; secret: string }[];
  links: string[];
  /** Nonces issued for each link's form, as if shown (GET); each is good once. */
  nonces: Map<string, string[]>;
  /** Printed survey codes of the first pilot. */
  surveyCodes: string[];
}
let fx: Fixture;
let tableName: string;

const context = { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const claims = { sub: 'fuzz-consultant', email: 'fuzz@jobcenter.test', token_use: 'id', 'cognito:groups': '[consultant]' };

interface Request {
  route: ApiRoute;
  path: Record<string, string>;
  query?: Record<string, string>;
  contentType?: string;
  /** The body as text; `bytes` for one that is not UTF-8. */
  body?: string;
  bytes?: number[];
  /** Sign the (final) body as the company would. */
  signAs?: { secret: string; id?: string };
  cpr?: string;
}

/** A lone surrogate has no percent-encoding: it stands in rawPath as it is (the handler reads pathParameters). */
const encodeSegment = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
};

const eventOf = (r: Request): ApiEvent => {
  const headers: Record<string, string> = {};
  if (r.contentType !== undefined) headers['content-type'] = r.contentType;
  const body = r.bytes ? Buffer.from(r.bytes).toString('base64') : r.body;
  if (r.signAs && r.body !== undefined) Object.assign(headers, signWebhook(r.signAs.secret, r.body, r.signAs.id ? { id: r.signAs.id } : {}));
  const rawPath = r.route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeSegment(r.path[n] ?? ''));
  return {
    version: '2.0',
    routeKey: routeKey(r.route),
    rawPath,
    rawQueryString: new URLSearchParams(r.query ?? {}).toString(),
    headers,
    ...(r.query && Object.keys(r.query).length ? { queryStringParameters: r.query } : {}),
    ...(Object.keys(r.path).length ? { pathParameters: r.path } : {}),
    ...(body !== undefined && body !== '' ? { body } : {}),
    isBase64Encoded: r.bytes !== undefined,
    requestContext: {
      requestId: randomUUID(),
      routeKey: routeKey(r.route),
      http: { method: r.route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fuzz' },
      ...(r.route.access === 'signed' ? {} : { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }),
    },
  } as unknown as ApiEvent;
};

const call = async (r: Request): Promise<ApiResult> => {
  let handler = handlers.get(r.route.handler);
  if (!handler) {
    handler = ((await import(`../../functions/api/${r.route.handler}.ts`)) as { handler: Handler }).handler;
    handlers.set(r.route.handler, handler);
  }
  return handler(eventOf(r), context);
};

const routeOf = (method: string, path: string) => API_ROUTES.find((r) => r.method === method && r.path === path)!;

// ---- valid requests, one generator per route --------------------------------

const date = fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2020, 1, 1) + d * 86_400_000).toISOString().slice(0, 10));
const text = fc.oneof(fc.constantFrom('Microsoft', 'Pause til efteråret', 'Virksomhederne svarede ikke', 'AZ-900'), fc.string({ minLength: 1, maxLength: 40 }));
const pick = <T>(xs: () => T[]) => fc.nat().map((n) => xs()[n % xs().length]!);
const pilot = pick(() => fx.pilots);
const participant = pick(() => fx.participants);
const company = pick(() => fx.companies);
const colleague = fc.constantFrom('anne@jobcenter.test', 'Bo.Nielsen@jobcenter.test');
const ref = fc.integer({ min: 1, max: 40 }).map((n) => `KK-2020-${n}`);
const participantBody = fc.record({
  reference: ref,
  name: fc.constantFrom('Anna Jensen', 'Bo Nielsen', 'Jørgen Ølgaard'),
  birthYear: fc.integer({ min: 1950, max: 2000 }),
  targetGroup: fc.constantFrom('academics', 'unemployed-50-plus'),
});
const csvOf = (header: string[], rows: string[][]) => [header.join(';'), ...rows.map((r) => r.join(';'))].join('\r\n');

type Valid = fc.Arbitrary<Omit<Request, 'route'> & { json?: unknown }>;
const json = (path: Record<string, string>, body: unknown) => ({ path, json: body, contentType: 'application/json' });

const VALID: Record<string, (route: ApiRoute) => Valid> = {
  'POST /pilots': () => fc.record({ name: text, capacity: fc.integer({ min: 1, max: 20 }) }).map((o) => json({}, { ...azure2020Body, ...o, minimumCohort: 1 })),
  'GET /pilots': () =>
    fc.record({ status: fc.constantFrom('draft', 'running', 'closed'), limit: fc.constantFrom('1', '5', '100') }).map((query) => ({ path: {}, query })),
  'GET /pilots/{pilotId}': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'PATCH /pilots/{pilotId}': () => fc.tuple(pilot, date).map(([pilotId, closes]) => json({ pilotId }, { recruitment: { closes } })),
  'POST /pilots/{pilotId}/start': () => pilot.map((pilotId) => json({ pilotId }, {})),
  'POST /pilots/{pilotId}/pause': () => fc.tuple(pilot, text).map(([pilotId, reason]) => json({ pilotId }, { reason })),
  'POST /pilots/{pilotId}/resume': () => pilot.map((pilotId) => json({ pilotId }, {})),
  'POST /pilots/{pilotId}/close': () => fc.tuple(pilot, text).map(([pilotId, reason]) => json({ pilotId }, { reason })),
  'POST /pilots/{pilotId}/retry': () => pilot.map((pilotId) => json({ pilotId }, {})),
  'POST /pilots/{pilotId}/recruitment/extend': () => fc.tuple(pilot, date).map(([pilotId, closes]) => json({ pilotId }, { closes })),
  'GET /pilots/{pilotId}/outcome': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'PUT /pilots/{pilotId}/comparison-group': () =>
    fc
      .tuple(pilot, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }))
      .map(([pilotId, size, employed]) => json({ pilotId }, { size, employed: Math.min(size, employed) })),
  'GET /openapi.json': () => fc.constant({ path: {} }),
  'POST /pilots/{pilotId}/outcome/override': () =>
    fc
      .tuple(pilot, fc.constantFrom('continue', 'adjust', 'close', 'uncertain'), text)
      .map(([pilotId, recommendation, reason]) => json({ pilotId }, { recommendation, reason })),
  'POST /pilots/{pilotId}/vouchers': () =>
    fc.oneof(
      fc
        .tuple(pilot, fc.array(fc.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), { minLength: 1, maxLength: 5 }))
        .map(([pilotId, codes]) => json({ pilotId }, { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: '2021-06-30', codes })),
      fc.tuple(pilot, fc.array(fc.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), { minLength: 1, maxLength: 5 })).map(([pilotId, codes]) => ({
        path: { pilotId },
        query: { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: '2021-06-30' },
        contentType: 'text/plain',
        body: codes.join('\n'),
      })),
    ),
  'GET /pilots/{pilotId}/vouchers': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'POST /pilots/{pilotId}/exam-results': () =>
    fc.oneof(
      fc
        .tuple(pilot, participant, fc.constantFrom('passed', 'failed', 'no-show'))
        .map(([pilotId, participantId, result]) => json({ pilotId }, { results: [{ participantId, result, date: '2020-04-20' }] })),
      fc.tuple(pilot, ref, fc.constantFrom('passed', 'failed')).map(([pilotId, reference, result]) => ({
        path: { pilotId },
        contentType: 'text/csv',
        body: csvOf(['reference', 'result', 'date'], [[reference, result, '2020-04-20']]),
      })),
    ),
  'DELETE /pilots/{pilotId}/participants/{participantId}/voucher': () =>
    fc.tuple(pilot, participant).map(([pilotId, participantId]) => ({ path: { pilotId, participantId } })),
  'POST /pilots/{pilotId}/follow-up': () =>
    fc.oneof(
      fc.tuple(pilot, ref).map(([pilotId, reference]) => json({ pilotId }, { outcomes: [{ reference, outcome: 'employed-full-time' }] })),
      fc
        .tuple(pilot, ref)
        .map(([pilotId, reference]) => ({ path: { pilotId }, contentType: 'text/csv', body: csvOf(['reference', 'outcome'], [[reference, 'unemployed']]) })),
    ),
  'POST /pilots/{pilotId}/participants/status': () =>
    fc.oneof(
      fc
        .tuple(pilot, participant, fc.constantFrom('started', 'completed', 'enrolled'))
        .map(([pilotId, participantId, status]) => json({ pilotId }, { changes: [{ participantId, status }] })),
      fc.tuple(pilot, ref).map(([pilotId, reference]) => json({ pilotId }, { changes: [{ reference, status: 'dropped-out', reason: 'found-job' }] })),
      fc.tuple(pilot, ref).map(([pilotId, reference]) => ({
        path: { pilotId },
        contentType: 'text/csv',
        body: csvOf(['reference', 'status', 'årsag'], [[reference, 'frafaldet', 'sygdom']]),
      })),
    ),
  'POST /pilots/{pilotId}/participants': () =>
    fc.oneof(
      fc.tuple(pilot, participantBody).map(([pilotId, p]) => json({ pilotId }, p)),
      fc.tuple(pilot, fc.array(participantBody, { minLength: 1, maxLength: 3 })).map(([pilotId, participants]) => json({ pilotId }, { participants })),
      fc.tuple(pilot, fc.array(participantBody, { minLength: 1, maxLength: 3 })).map(([pilotId, ps]) => ({
        path: { pilotId },
        contentType: 'text/csv',
        body: `\ufeff${csvOf(
          ['reference', 'name', 'birthYear', 'targetGroup'],
          ps.map((p) => [p.reference, p.name, String(p.birthYear), p.targetGroup]),
        )}`,
      })),
    ),
  'GET /pilots/{pilotId}/participants': () =>
    fc.tuple(pilot, fc.constantFrom('enrolled', 'waitlisted')).map(([pilotId, status]) => ({ path: { pilotId }, query: { status, limit: '10' } })),
  'GET /pilots/{pilotId}/participants/{participantId}': () =>
    fc.tuple(pilot, participant).map(([pilotId, participantId]) => ({ path: { pilotId, participantId } })),
  'PATCH /pilots/{pilotId}/participants/{participantId}': () =>
    fc
      .tuple(pilot, participant, fc.constantFrom({ status: 'started' }, { status: 'dropped-out', reason: 'found-job' }, { status: 'enrolled' }))
      .map(([pilotId, participantId, body]) => json({ pilotId, participantId }, body)),
  'DELETE /pilots/{pilotId}/participants/{participantId}': () =>
    fc.tuple(pilot, participant).map(([pilotId, participantId]) => ({ path: { pilotId, participantId } })),
  'GET /pilots/{pilotId}/audit': () => pilot.map((pilotId) => ({ path: { pilotId }, query: { limit: '5' } })),
  'GET /pilots/{pilotId}/access-log': () =>
    fc
      .tuple(pilot, fc.option(participant, { nil: undefined }))
      .map(([pilotId, participantId]) => ({ path: { pilotId }, query: { limit: '5', ...(participantId ? { participantId } : {}) } })),
  'POST /subject-access': () =>
    fc
      .tuple(ref, fc.constantFrom('json', 'html'), fc.constantFrom('da', 'en'))
      .map(([reference, format, language]) => json({}, { reference, format, language })),
  // Colleagues join and leave; the fuzzing consultant itself stays on every team.
  'POST /pilots/{pilotId}/team': () => fc.tuple(pilot, colleague).map(([pilotId, email]) => json({ pilotId }, { email })),
  'DELETE /pilots/{pilotId}/team/{member}': () => fc.tuple(pilot, colleague).map(([pilotId, member]) => ({ path: { pilotId, member } })),
  'POST /companies': () => fc.integer({ min: 500, max: 5_000 }).map((n) => json({}, companyBody(n, { webhook: true }))),
  'GET /companies': () => fc.constant({ path: {} }),
  'GET /companies/{companyId}': () => company.map((c) => ({ path: { companyId: c.id } })),
  'POST /companies/{companyId}/secret/rotate': () => company.map((c) => json({ companyId: c.id }, {})),
  'POST /pilots/{pilotId}/companies': () =>
    fc.tuple(pilot, company, fc.integer({ min: 1, max: 8 })).map(([pilotId, c, maxSlots]) => json({ pilotId }, { companyId: c.id, maxSlots })),
  'GET /pilots/{pilotId}/companies': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'POST /pilots/{pilotId}/match-event/extend': () => fc.tuple(pilot, date).map(([pilotId, responseDeadline]) => json({ pilotId }, { responseDeadline })),
  'GET /pilots/{pilotId}/schedule': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'PUT /pilots/{pilotId}/participants/{participantId}/match-preferences': () =>
    fc.tuple(pilot, participant, company).map(([pilotId, participantId, c]) => json({ pilotId, participantId }, { companyIds: [c.id] })),
  'GET /pilots/{pilotId}/internships': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'POST /webhooks/companies/{companyId}': () =>
    fc
      .tuple(
        pick(() => fx.companies.slice(0, 2)),
        pilot,
        fc.oneof(
          fc.integer({ min: 0, max: 10 }).map((slots) => ({ type: 'match.slots.confirmed', data: { slots } })),
          fc.constant({ type: 'match.slots.declined', data: {} }),
          fc
            .constantFrom('internship.offered', 'internship.started')
            .map((type) => ({ type, data: { participantRef: 'K01', type: 'internship', startDate: '2021-02-01', weeks: 4 } })),
        ),
      )
      .map(([c, pilotId, e]) => ({
        ...json({ companyId: c.id }, { type: e.type, timestamp: new Date().toISOString(), data: { pilotId, ...e.data } }),
        signAs: { secret: c.secret },
      })),
  'GET /links/{token}': () =>
    fc
      .tuple(
        pick(() => fx.links),
        fc.constantFrom(undefined, 'da', 'en'),
      )
      .map(([token, lang]) => ({ path: { token }, ...(lang ? { query: { lang } } : {}) })),
  'POST /links/{token}': () =>
    fc
      .tuple(
        pick(() => fx.links),
        fc.integer({ min: 0, max: 10 }),
        fc.nat(),
      )
      .map(([token, slots, n]) => ({
        path: { token },
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({
          nonce: fx.nonces.get(token)![n % 8]!,
          slots: String(slots),
          candidate: 'K01',
          status: 'offered',
          type: 'internship',
          startDate: '2021-02-01',
          weeks: '4',
        }).toString(),
      })),
  'GET /pilots/{pilotId}/survey': () => pilot.map((pilotId) => ({ path: { pilotId } })),
  'POST /pilots/{pilotId}/survey/codes': () => fc.tuple(pilot, fc.integer({ min: 1, max: 5 })).map(([pilotId, count]) => json({ pilotId }, { count })),
  'GET /survey': () =>
    fc
      .tuple(
        fc.oneof(
          pick(() => fx.surveyCodes),
          fc.stringMatching(/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/),
        ),
        fc.constantFrom('da', 'en'),
      )
      .map(([code, lang]) => ({ path: {}, query: { code, lang } })),
  'GET /survey/{token}': () => pick(() => fx.surveyCodes).map((token) => ({ path: { token } })),
  'POST /survey/{token}': () =>
    fc
      .tuple(
        pick(() => fx.surveyCodes),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([token, step]) => ({
        path: { token },
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({
          nonce: randomUUID(),
          lang: 'da',
          step: String(step),
          go: 'next',
          satisfaction: 'satisfied',
          selfReliance: 'partly',
          respected: 'yes',
          jobSearch: 'no',
        }).toString(),
      })),
};

// ---- mutations ---------------------------------------------------------------

/** Strings a person or an attacker sends: unicode of every plane, lone surrogates, control characters, long ones. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'a\udc00b', '\u202e', '%ED%A0%80', '../../etc', '{{x}}', '1e309', '-0', 'null', 'ＡＢＣ'),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const cpr = fc
  .tuple(
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 9_999 }),
    fc.constantFrom('-', '', ' ', '.', '\u2011', '–'),
  )
  .map(([d, m, y, s, sep]) => `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}${sep}${String(s).padStart(4, '0')}`);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), nasty, fc.constantFrom(null, true, 0, -1, 1e21, 3.5, [], {}));

/** The paths to every value in a JSON value (the root is []). */
const pathsOf = (v: unknown, at: (string | number)[] = []): (string | number)[][] => [
  at,
  ...(Array.isArray(v)
    ? v.flatMap((x, i) => pathsOf(x, [...at, i]))
    : v !== null && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))
      : []),
];
const setAt = (v: unknown, path: (string | number)[], value: unknown, remove = false): unknown => {
  if (path.length === 0) return value;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let here = copy;
  for (const p of path.slice(0, -1)) here = here[p] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(here)) here.splice(Number(last), 1);
    else delete here[last];
  } else here[last] = value;
  return copy;
};

type Mutation = (r: Request & { json?: unknown }) => Request;
const finish = (r: Request & { json?: unknown }): Request => {
  const { json: body, ...rest } = r;
  return body === undefined ? rest : { ...rest, body: JSON.stringify(body) };
};
const onJson = (f: (j: unknown, choice: number) => unknown): fc.Arbitrary<Mutation> =>
  fc.nat().map((choice) => (r) => (r.json === undefined ? finish(r) : finish({ ...r, json: f(r.json, choice) })));
const leaf = (j: unknown, choice: number) => {
  const paths = pathsOf(j);
  return paths[choice % paths.length]!;
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(finish) },
  // a field missing, a field extra, a value of another type or shape
  { weight: 2, arbitrary: onJson((j, c) => (pathsOf(j).length > 1 ? setAt(j, leaf(j, c).length ? leaf(j, c) : pathsOf(j)[1]!, undefined, true) : j)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 12 }), anyJson)
      .chain(([k, v]) => onJson((j) => (j !== null && typeof j === 'object' && !Array.isArray(j) ? { ...j, [k]: v } : j))),
  },
  { weight: 3, arbitrary: anyJson.chain((v) => onJson((j, c) => setAt(j, leaf(j, c), v))) },
  // deep nesting, at the root or at a field
  {
    weight: 1,
    arbitrary: fc.integer({ min: 2, max: 3_000 }).chain((n) => onJson((j, c) => setAt(j, leaf(j, c), JSON.parse(`${'['.repeat(n)}1${']'.repeat(n)}`)))),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 40 })
      .map((n): Mutation => (r) => ({ ...finish(r), body: `${'{"a":'.repeat(n)}${finish(r).body ?? '{}'}${'}'.repeat(n)}` })),
  },
  // a CPR number in a string, in a CSV cell or a form field
  {
    weight: 2,
    arbitrary: cpr.chain((n) =>
      onJson((j, c) => setAt(j, leaf(j, c), `ref ${n}`)).map(
        (m): Mutation =>
          (r) =>
            r.json === undefined ? finish(r) : { ...m(r), cpr: n },
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: cpr.map((n): Mutation => (r) => {
      const done = finish(r);
      const body = done.body?.replace(/([;&=])[^;&=\r\n]*$/m, `$1${n}`);
      return body !== undefined && body !== done.body && r.json === undefined ? { ...done, body, cpr: n } : done;
    }),
  },
  // the body replaced: garbage, bytes that are not UTF-8, nothing, too much
  { weight: 1, arbitrary: nasty.map((s): Mutation => (r) => ({ ...finish(r), body: s })) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })
      .map((bytes): Mutation => (r) => ({ ...finish(r), bytes: [...bytes, 0xff, 0xc3, 0x28] })),
  },
  { weight: 1, arbitrary: fc.constantFrom(600 * 1024, 70 * 1024).map((n): Mutation => (r) => ({ ...finish(r), body: `{"x":"${'a'.repeat(n)}"}` })) },
  { weight: 1, arbitrary: fc.constant<Mutation>((r) => ({ ...finish(r), body: '' })) },
  // the media type, the path, the query
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        undefined,
        'text/csv',
        'application/json; charset=latin1',
        'text/plain',
        'application/xml',
        'multipart/form-data',
        'application/x-www-form-urlencoded',
      )
      .map((ct): Mutation => (r) => ({ ...finish(r), ...(ct === undefined ? { contentType: undefined as unknown as string } : { contentType: ct }) })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(), fc.oneof(nasty, fc.uuid(), cpr)).map(([i, v]): Mutation => (r) => {
      const names = Object.keys(r.path);
      return names.length ? { ...finish(r), path: { ...r.path, [names[i % names.length]!]: v } } : finish(r);
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .dictionary(fc.oneof(fc.constantFrom('limit', 'cursor', 'status', 'sponsor', 'lang', 'certified'), fc.string({ maxLength: 8 })), fc.oneof(nasty, cpr), {
        maxKeys: 3,
      })
      .map((query): Mutation => (r) => ({ ...finish(r), query })),
  },
  // a webhook signed with a webhook-id of any shape, or not signed at all
  {
    weight: 1,
    arbitrary: fc
      .oneof(nasty, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 300 }))
      .map((id): Mutation => (r) => ({ ...finish(r), ...(r.signAs ? { signAs: { ...r.signAs, id } } : {}) })),
  },
  {
    weight: 1,
    arbitrary: fc.constant<Mutation>((r) => {
      const { signAs: _, ...rest } = finish(r);
      return rest;
    }),
  },
);

const request: fc.Arbitrary<Request> = fc
  .constantFrom(...API_ROUTES)
  .chain((route) => fc.tuple(fc.constant(route), VALID[routeKey(route)]!(route), mutation))
  .map(([route, valid, mutate]) => {
    const r = mutate({ route, ...valid });
    if (r.contentType === undefined) delete r.contentType;
    return r;
  });

const scanAll = async () => {
  const { db } = tableFromEnvironment();
  const items: unknown[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.map((i) => JSON.stringify(i)).sort();
};

beforeAll(async () => {
  const clock = LocalClock.startingAt('2020-02-10T08:00:00.000Z');
  const store = await freshStore(clock);
  tableName = store.tableName;
  process.env.TABLE_NAME = tableName;
  process.env.API_URL = 'https://api.example.test';
  process.env.MAIL_FROM = 'pilot@example.test';
  // The world outside DynamoDB: recorded, never failing, so any 5xx is the product's own.
  let executions = 0;
  configurePorts({
    clock,
    workflow: { start: async (name) => ({ executionId: `local:${name}:${++executions}`, alreadyRunning: false }), sendTaskSuccess: async () => undefined },
    scheduler: { schedule: async () => undefined, cancel: async () => undefined },
    mailer: { send: async () => ({ providerMessageId: randomUUID() }) },
  });
  // Count every DynamoDB write that succeeded, by command.
  tableFromEnvironment().db.middlewareStack.add(
    (next, ctx) => async (args) => {
      const out = await next(args);
      if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(ctx.commandName ?? '')) writesOf.getStore()?.push(ctx.commandName!);
      return out;
    },
    { step: 'initialize', name: 'fuzzCountWrites' },
  );

  const ok = async (method: string, path: string, r: Omit<Request, 'route'>) => {
    const res = await call({ route: routeOf(method, path), ...r });
    expect(res.statusCode, `${method} ${path}: ${res.body}`).toBeLessThan(300);
    return JSON.parse(res.body ?? '{}');
  };
  const pilots: string[] = [];
  for (let i = 0; i < 3; i++)
    pilots.push(
      (await ok('POST', '/pilots', { path: {}, contentType: 'application/json', body: JSON.stringify({ ...azure2020Body, capacity: 5, minimumCohort: 1 }) }))
        .id as string,
    );
  const enrolled = await ok('POST', '/pilots/{pilotId}/participants', {
    path: { pilotId: pilots[0]! },
    contentType: 'application/json',
    body: JSON.stringify({
      participants: [1, 2, 3].map((n) => ({ reference: `KK-2020-${n}`, name: `Deltager ${n}`, birthYear: 1980, targetGroup: 'academics' })),
    }),
  });
  const companies: { id: string; secret: string }[] = [];
  for (let n = 0; n < 3; n++) {
    const created = await ok('POST', '/companies', {
      path: {},
      contentType: 'application/json',
      body: JSON.stringify(companyBody(400 + n, { webhook: true })),
    });
    companies.push({ id: created.company.id as string, secret: created.secret as string });
    await ok('POST', '/pilots/{pilotId}/companies', {
      path: { pilotId: pilots[0]! },
      contentType: 'application/json',
      body: JSON.stringify({ companyId: created.company.id, maxSlots: 6 }),
    });
  }
  const exp = Math.floor(clock.now().getTime() / 1000) + 30 * 86_400;
  const links = await Promise.all(
    companies.flatMap((c) =>
      (['slots', 'internships'] as const).map((action) => signLink({ ports: runtimePorts }, { companyId: c.id, pilotId: pilots[0]!, action, exp })),
    ),
  );
  const nonces = new Map<string, string[]>();
  for (const [i, token] of links.entries()) {
    nonces.set(token, await Promise.all(Array.from({ length: 8 }, () => issueFormNonce(handlerContext(), companies[Math.floor(i / 2)]!.id, token))));
  }
  const sheet = await call({
    route: routeOf('POST', '/pilots/{pilotId}/survey/codes'),
    path: { pilotId: pilots[0]! },
    contentType: 'application/json',
    body: JSON.stringify({ count: 4 }),
  });
  expect(sheet.statusCode).toBe(201);
  const surveyCodes = [...String(sheet.body).matchAll(/<\/span>([0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/g)].map((m) => m[1]!);
  fx = { pilots, participants: enrolled.rows.map((r: { participantId: string }) => r.participantId), companies, links, nonces, surveyCodes };
}, 60_000);

afterAll(() => tableFromEnvironment().db.middlewareStack.remove('fuzzCountWrites'));

describe('every route, fuzzed', () => {
  it(`answers ${RUNS} generated requests without a 5xx, and a rejected one writes nothing`, async () => {
    const started = performance.now();
    const statuses = new Map<number, number>();
    const routesSeen = new Set<string>();
    let sample = 0;
    let busy = 0;
    const timing = new Map<string, number>();
    const one = async (r: Request, scan: boolean) => {
      // A sample is checked the slow way too, alone: the whole table, before and after.
      const before = scan ? await scanAll() : undefined;
      if (r.cpr) sentCprs.add(r.cpr);
      const writes: string[] = [];
      const t0 = performance.now();
      const res = await writesOf.run(writes, () => call(r));
      timing.set(routeKey(r.route), (timing.get(routeKey(r.route)) ?? 0) + performance.now() - t0);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      routesSeen.add(routeKey(r.route));
      const what = `${routeKey(r.route)} -> ${res.statusCode} ${String(res.body).slice(0, 300)}`;
      // Requests in flight together may contend for one item (two rotations of one company's
      // secret): the documented 503 busy with Retry-After, which no single request can cause.
      if (!scan && res.statusCode === 503 && res.headers?.['retry-after'] && JSON.parse(res.body ?? '{}').error === 'busy') {
        busy++;
        expect(writes, what).toEqual([]);
        return;
      }
      expect(res.statusCode, what).toBeLessThan(500);
      if (res.statusCode >= 400) {
        expect(writes, what).toEqual([]);
        if (before) expect(await scanAll(), what).toEqual(before);
      }
      if (r.cpr) expect(res.statusCode, `a CPR number was taken: ${what}`).toBeGreaterThanOrEqual(400);
      // Every answer is what the route's contract and GET /openapi.json say, and a JSON body taken is one they describe.
      const page = String(res.headers?.['content-type'] ?? '').startsWith('text/html');
      const answer = page || !res.body ? res.body || undefined : (JSON.parse(res.body) as unknown);
      checkAnswer(r.route.method, r.route.path, res.statusCode, answer);
      if (r.contentType === 'application/json' && r.body !== undefined && !r.cpr) {
        let sent: unknown;
        try {
          sent = JSON.parse(r.body);
        } catch {
          return; // not JSON at all: refused, and no claim about the document
        }
        checkRequest(r.route.method, r.route.path, res.statusCode, sent, answer);
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: PARALLEL, maxLength: PARALLEL }), async ([first, ...rest]) => {
        if (sample++ % 20 === 0) await one(first!, true);
        else rest.unshift(first!);
        await Promise.all(rest.map((r) => one(r, false)));
      }),
      { numRuns: Math.ceil(RUNS / PARALLEL), ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    const inHandlers = [...timing.values()].reduce((a, b) => a + b, 0) / 1000 / PARALLEL;
    // Every route was tried, and both sides of the fence were reached.
    expect([...routesSeen].sort()).toEqual(API_ROUTES.map(routeKey).sort());
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(RUNS);
    const accepted = [...statuses].filter(([s]) => s < 400).reduce((n, [, c]) => n + c, 0);
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(RUNS - accepted).toBeGreaterThan(RUNS / 4);
    console.info(
      `fuzz: ${total} requests in ${seconds.toFixed(1)} s (handlers about ${inHandlers.toFixed(1)} s of it); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ${busy} of the 503s busy from concurrency`,
    );

    if (process.env.FUZZ_TIMING)
      console.info(
        [...timing]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v.toFixed(0)}ms`)
          .join('\n'),
      );
    const table = (await scanAll()).join('\n');
    for (const sent of sentCprs) expect(table).not.toContain(sent);
  }, 120_000);
});
