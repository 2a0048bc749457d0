import { resolve } from 'node:path';
import { addDays, dateInCopenhagen } from '../../functions/domain/calendar.js';
import { outboxDir, startLocalStack } from './local-stack.js';

// `npm start`: the whole product on this machine, no AWS account needed.
//   npm start              keep the data in .data/ across restarts
//   npm start -- --fresh   start with empty data
//   PORT=4000 npm start    serve the API elsewhere than :3000

// Lambda runs Node 24; these machines have Node 20, which the pinned SDK still supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const fresh = process.argv.includes('--fresh');
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');

const stack = await startLocalStack({
  dataDir,
  fresh,
  port,
  onRequest: (line) => console.log(`  ${new Date().toISOString().slice(11, 19)}  ${line}`),
}).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? `Port ${port} is in use; start with PORT=<another port> npm start` : String(error));
  process.exit(1);
});

// The example's dates count from the local clock's today: it only moves forward, so fixed dates would soon lie in the past.
const inDays = (days: number) => addDays(dateInCopenhagen(stack.runtime.clock.now()), days);

console.log(`
Pilot orchestrator — local stack
  Web page     ${stack.url}/   (sign in locally as consultant or management)
  API          ${stack.url}
  DynamoDB     ${stack.dynamo.endpoint} (data in ${dataDir}${fresh ? ', started fresh' : ''})
  E-mails      ${outboxDir(dataDir)}/ (.eml files)
  Clock        ${stack.runtime.clock.now().toISOString()}   fast-forward: POST ${stack.url}/_local/clock/advance {"days": 30}

Get a token (valid 12 hours):  npm run token -- consultant      (or: management, read-only)

Create a pilot:
  TOKEN=$(npm run -s token -- consultant)
  curl -s -X POST ${stack.url}/pilots -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"name":"Azure with Microsoft","partner":"Microsoft","targetGroups":["academics"],"capacity":90,"minimumCohort":30,"recruitment":{"opens":"${inDays(0)}","closes":"${inDays(28)}"},"course":{"start":"${inDays(42)}","weeks":4,"ending":"exam"},"targetEmploymentRate":0.4,"budgetDkk":400000}'

Ctrl-C stops everything, DynamoDB Local included.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  console.log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
