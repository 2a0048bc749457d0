// What the page is told at start (GET /config.json): how to sign in and, on
// AWS, where the API is. The page branches on `auth` and nothing else.
// Locally the local server answers { auth: "local" }; on AWS the CDK stack
// writes the cognito form into the bucket (infra/constructs/web-hosting.ts).

import type { WebConfig } from '../web-config.js';

export type { WebConfig };

export const loadConfig = async (): Promise<WebConfig> => {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as WebConfig;
};

/** Where the API is: the same origin locally, the HTTP API's URL on AWS. */
export const apiBaseOf = (config: WebConfig): string => (config.auth === 'cognito' ? config.apiUrl.replace(/\/+$/, '') : '');
