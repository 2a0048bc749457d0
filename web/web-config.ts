// The page's start-up configuration (GET /config.json), shared by the page,
// the local server that answers it and the CDK stack that writes it. No DOM
// and no Node here: both sides import it.

export type WebConfig =
  | { auth: 'local' }
  | {
      auth: 'cognito';
      /** The HTTP API's URL. */
      apiUrl: string;
      /** The Cognito domain's base URL: https://<prefix>.auth.<region>.amazoncognito.com */
      domain: string;
      /** The public app client (authorization code with PKCE, no secret). */
      clientId: string;
      /** The page's own URL, registered as the client's callback and sign-out URL. */
      redirectUri: string;
    };
