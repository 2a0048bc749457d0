import autocannon, { type Request } from 'autocannon';

// One load run with autocannon: `connections` clients, each sending its next
// request as soon as the last is answered, for `seconds`.

export interface LoadFigures {
  connections: number;
  seconds: number;
  requests: number;
  p50Ms: number;
  /** The mean, which autocannon keeps to fractions of a millisecond (its percentiles are whole ones). */
  meanMs: number;
  p99Ms: number;
  maxMs: number;
  requestsPerSecond: number;
  /** Socket errors, timeouts and non-2xx answers together: the goal is 0. */
  errors: number;
}

export const load = async (opts: {
  url: string;
  connections: number;
  seconds: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Builds each request's body (for a new participant per request). */
  body?: () => string;
  /** Builds each whole request instead (a webhook to one of several companies, signed over its body). */
  next?: () => { path: string; body: string; headers: Record<string, string> };
}): Promise<LoadFigures> => {
  const setup = opts.next
    ? (req: Request) => {
        const r = opts.next!();
        return { ...req, path: r.path, body: r.body, headers: { ...req.headers, ...r.headers } };
      }
    : opts.body
      ? (req: Request) => ({ ...req, body: opts.body!() })
      : undefined;
  const request: Request = {
    method: opts.method ?? 'GET',
    path: opts.path ?? '/',
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(setup ? { setupRequest: setup } : {}),
  };
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [request],
    timeout: 30,
  });
  const requests = result['2xx'] + result.non2xx;
  return {
    connections: opts.connections,
    seconds: opts.seconds,
    requests,
    p50Ms: result.latency.p50,
    meanMs: result.latency.mean ?? result.latency.average,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requestsPerSecond: requests / result.duration,
    errors: result.errors + result.timeouts + result.non2xx,
  };
};
