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
  /** Headers made from each request's body (a webhook's signature over it). */
  sign?: (body: string) => Record<string, string>;
}): Promise<LoadFigures> => {
  const request: Request = {
    method: opts.method ?? 'GET',
    path: opts.path ?? '/',
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.body
      ? {
          setupRequest: (req: Request) => {
            const body = opts.body!();
            return { ...req, body, ...(opts.sign ? { headers: { ...req.headers, ...opts.sign(body) } } : {}) };
          },
        }
      : {}),
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
