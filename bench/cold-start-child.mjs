// One cold start, in a fresh `node` process: load the bundle and make its
// first invocation, with an event it refuses before any network call (an API
// function: no token, so 401 after its store client exists; a step: input
// that fails its schema after the same). That is the module load plus the
// clients it creates, the part of a cold start the code decides. Prints its
// CPU time (user + system, all threads) and wall time in milliseconds as JSON.
// An optional third argument names the route (a grouped function dispatches by it).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [bundle, kind, routeKey = 'GET /'] = process.argv.slice(2);
const cpu = process.cpuUsage();
const started = performance.now();
// As the Lambda runtime loads a handler (aws-lambda-nodejs-runtime-interface-client, UserFunction `_tryRequire`): a
// `.js` file outside a `"type": "module"` package with require(), a `.mjs` one with import().
const mod = bundle.endsWith('.mjs') ? await import(bundle) : createRequire(import.meta.url)(fileURLToPath(bundle));
const event =
  kind === 'api'
    ? {
        version: '2.0',
        routeKey,
        rawPath: '/',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: { requestId: 'cold', http: { method: 'GET', path: '/' } },
      }
    : {};
const context = { functionName: 'cold', awsRequestId: 'cold', getRemainingTimeInMillis: () => 10_000 };
try {
  await mod.handler(event, context);
} catch {
  // Refused input: expected.
}
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ cpuMs: (user + system) / 1000, wallMs }));
process.exit(0);
