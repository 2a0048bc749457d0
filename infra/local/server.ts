import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Context } from 'aws-lambda';
import { API_ROUTES, groupOf, routeKey, type ApiGroup, type ApiRoute } from '../../functions/api/routes.js';
import type { ApiEvent, ApiResult } from '../../functions/http/types.js';
import type { LocalAuth } from './local-auth.js';
import type { LocalRoute } from './local-route.js';
import type { InvocationWrapper } from './runtime.js';
import { ASSET_PREFIX, contentSecurityPolicy, type WebConfig } from '../../web/build.js';

// The local stand-in for API Gateway (HTTP API, payload format 2.0): it
// matches a request to a route from API_ROUTES, verifies the bearer token
// like the JWT authorizer does, builds the same event API Gateway would, and
// calls the function of the route's group that runs on Lambda
// (functions/api/groups), which dispatches to the route's handler module.

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/** API Gateway's own payload limit; the handlers refuse far smaller bodies themselves. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

// Bodies API Gateway passes as text; anything else arrives base64-encoded.
const TEXT_TYPES = /^(text\/|application\/(json|xml|csv|x-www-form-urlencoded)|[^;]*\+json)/i;

interface CompiledRoute {
  route: ApiRoute;
  pattern: RegExp;
  params: string[];
}

const compile = (route: ApiRoute): CompiledRoute => {
  const params: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
};

export interface LocalServerOptions {
  auth: LocalAuth;
  port: number;
  host?: string;
  localRoutes?: LocalRoute[];
  /**
   * The consultant's web page, built by web/build.ts: index.html at `/`, its
   * assets under `/app/`, and `/config.json` (on AWS, CloudFront serves the
   * same files from S3).
   */
  web?: { dir: string; config: WebConfig };
  /** Called once per request, for the console of `npm start`. */
  onRequest?: (line: string) => void;
  /** Told of each handler invocation and its duration (the bench prices them as Lambda invocations). */
  onInvoke?: (handler: string, ms: number) => void;
  /** Runs each handler invocation (the bench: to know which handler made each DynamoDB call). */
  aroundInvoke?: InvocationWrapper;
  /** Told of each handler's answer before it is sent (the tests hold it against its route's contract, test/support/contract.ts). */
  onAnswer?: (answer: { method: string; path: string; status: number; contentType: string | undefined; body: string | undefined }) => void;
}

export const startLocalServer = async (opts: LocalServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> => {
  const routes = API_ROUTES.map(compile);
  const handlers = new Map<ApiGroup, Handler>();
  const handlerFor = async (route: ApiRoute): Promise<Handler> => {
    const group = groupOf(route);
    let handler = handlers.get(group);
    if (!handler) {
      const module = (await import(`../../functions/api/groups/${group}.ts`)) as { handler: Handler };
      handler = module.handler;
      handlers.set(group, handler);
    }
    return handler;
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    // What the console shows: the route's template, never the path as sent (a link's token, an id),
    // its query or its body.
    const shown = { route: '(no route)' };
    respond(req, res, shown)
      .catch((error: unknown) => {
        console.error('local server error', error);
        send(res, 500, { error: 'internal', message: 'the local server failed; see its console' });
      })
      .finally(() => opts.onRequest?.(`${req.method} ${shown.route} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
  });

  const respond = async (req: IncomingMessage, res: ServerResponse, shown: { route: string }) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();

    if (opts.web && method === 'GET') {
      const served = await serveWeb(res, opts.web, url.pathname);
      if (served) {
        shown.route = '(web page)';
        return;
      }
    }

    const local = opts.localRoutes?.find((r) => r.method === method && r.path === url.pathname);
    if (local) {
      shown.route = local.path;
      const body = await readBody(req);
      if (body === undefined) return send(res, 413, tooLarge);
      let parsed: unknown;
      try {
        parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return send(res, 400, { error: 'validation_failed', message: '(body): is not valid JSON' });
      }
      const result = await local.handle(parsed);
      return send(res, result.statusCode, result.body);
    }

    let match: { compiled: CompiledRoute; values: string[] } | undefined;
    for (const compiled of routes) {
      const m = compiled.pattern.exec(url.pathname);
      if (m && compiled.route.method === method) {
        match = { compiled, values: m.slice(1) };
        break;
      }
    }
    if (!match) return send(res, 404, { error: 'not_found', message: `no route for ${method} on this path` });
    shown.route = match.compiled.route.path;

    // API Gateway refuses a path it cannot decode; so does this server, before any handler.
    const values = match.values.map(decodePathSegment);
    if (values.includes(undefined)) {
      return send(res, 400, {
        error: 'validation_failed',
        message: '(path): is not well-formed percent-encoded UTF-8',
        issues: [{ path: '(path)', message: 'is not well-formed percent-encoded UTF-8', code: 'not_utf8' }],
      });
    }

    // Like API Gateway's JWT authorizer: no valid token, no handler call. A
    // signed route has no authorizer; its handler checks the caller's signature.
    const signed = match.compiled.route.access === 'signed';
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const claims = signed ? undefined : token ? await opts.auth.verify(token) : undefined;
    if (!claims && !signed) {
      return send(
        res,
        401,
        { error: 'unauthorized', message: 'a valid bearer token is required (npm run token -- consultant)' },
        {
          'www-authenticate': 'Bearer',
        },
      );
    }

    const body = await readBody(req);
    if (body === undefined) return send(res, 413, tooLarge);

    const { route } = match.compiled;
    const event = toEvent(req, url, route, match.compiled.params, values as string[], claims, body);
    const handler = await handlerFor(route);
    const invoked = performance.now();
    const invocation = () => handler(event, lambdaContext(route, event.requestContext.requestId));
    const result = await (opts.aroundInvoke ? opts.aroundInvoke(route.handler, invocation) : invocation());
    opts.onInvoke?.(route.handler, performance.now() - invoked);
    const headers = (result.headers ?? {}) as Record<string, string>;
    opts.onAnswer?.({
      method,
      path: url.pathname,
      status: result.statusCode,
      contentType: headers['content-type'],
      body: result.isBase64Encoded ? undefined : result.body,
    });
    res.writeHead(result.statusCode, { ...(result.headers as Record<string, string>) });
    res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  };

  server.listen(opts.port, opts.host ?? '127.0.0.1');
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => {
      throw error;
    }),
  ]);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    server,
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// What CloudFront's response headers policy sends on AWS (infra/constructs/web-hosting.ts), so the
// page is tested locally under the same rules: no inline script, no framing, requests only to
// itself and (with a cognito configuration, as the browser tests use) to the API and the sign-in domain.
const webHeaders = (config: WebConfig) => ({
  'content-security-policy': contentSecurityPolicy(config.auth === 'cognito' ? [new URL(config.apiUrl).origin, new URL(config.domain).origin] : []),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
});

/** The page's files and its configuration; false when the path is none of them (an API route). */
const serveWeb = async (res: ServerResponse, web: NonNullable<LocalServerOptions['web']>, path: string): Promise<boolean> => {
  if (path === '/config.json') {
    send(res, 200, web.config, { 'cache-control': 'no-store' });
    return true;
  }
  let file: string | undefined;
  if (path === '/' || path === '/index.html') file = 'index.html';
  else if (path.startsWith(`/${ASSET_PREFIX}/`)) {
    // normalize() resolves any "..": what remains must still be under the assets.
    const decoded = decodePathSegment(path.slice(1));
    const relative = decoded === undefined ? undefined : normalize(decoded);
    if (relative?.startsWith(`${ASSET_PREFIX}/`)) file = relative;
  }
  if (!file) return false;
  const body = await readFile(join(web.dir, file)).catch(() => undefined);
  if (!body) {
    send(res, 404, { error: 'not_found', message: `no file ${path}` });
    return true;
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...webHeaders(web.config) });
  res.end(body);
  return true;
};

/** A percent-decoded path segment, or undefined when its encoding is malformed or not UTF-8 (`%ED%A0%80`, `%E0%A4%A`). */
const decodePathSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const isUtf8 = (bytes: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const tooLarge = { error: 'payload_too_large', message: 'the body is larger than 10 MB' };

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

/** The body, or undefined once it passes API Gateway's limit (the rest is discarded). */
const readBody = async (req: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > GATEWAY_MAX_BODY) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
};

/** API Gateway hands JWT claims to the integration as strings, arrays as "[a b]". */
const gatewayClaims = (claims: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v)]));

const toEvent = (
  req: IncomingMessage,
  url: URL,
  route: ApiRoute,
  paramNames: string[],
  paramValues: string[],
  claims: Record<string, unknown> | undefined,
  body: Buffer,
): ApiEvent => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  // Bytes that are not UTF-8 cannot be a JSON string in the event: like binary, they arrive base64-encoded,
  // so the handler sees what was sent (and refuses it) instead of replacement characters.
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain') && isUtf8(body);
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(paramNames.length ? { pathParameters: Object.fromEntries(paramNames.map((n, i) => [n, paramValues[i]!])) } : {}),
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      requestId,
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      // A route without an authorizer gets no authorizer context, as on API Gateway.
      ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: gatewayClaims(claims), scopes: [] } } } : {}),
    },
  } as ApiEvent;
};

const lambdaContext = (route: ApiRoute, requestId: string): Context => {
  const deadline = Date.now() + (route.timeoutSeconds ?? 10) * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: route.handler,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${route.handler}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${route.handler}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
