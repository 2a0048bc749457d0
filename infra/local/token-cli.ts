import { resolve } from 'node:path';
import { createLocalAuth, isRole, loadOrCreateKey } from './local-auth.js';
import { keyFile } from './local-stack.js';

// `npm run token -- consultant` prints a bearer token for the local stack.
// `npm run -s token -- management` for a read-only one (-s keeps npm quiet).

const role = process.argv[2] ?? 'consultant';
if (!isRole(role)) {
  console.error(`usage: npm run token -- consultant|management   (got "${role}")`);
  process.exit(2);
}
const auth = createLocalAuth(loadOrCreateKey(keyFile(resolve(process.env.DATA_DIR ?? '.data'))));
console.log(await auth.sign(role));
