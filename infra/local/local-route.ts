// Its own module because both the server (which answers these routes) and the
// modules that define them (local-auth.ts, runtime.ts) need the shape, and the
// server imports local-auth.ts.

/** A route that exists only in the local stack (the clock, the token), answered by the server itself. */
export interface LocalRoute {
  method: string;
  path: string;
  handle(body: unknown): Promise<{ statusCode: number; body: unknown }>;
}
