import { resolve } from 'node:path';
import { ROLES } from '../../functions/http/auth.js';
import { createLocalAuth, isLocalEmail, isRole, loadOrCreateKey } from './local-auth.js';
import { keyFile } from './local-stack.js';

// `npm run token -- consultant` prints a bearer token for the local stack.
// `npm run -s token -- management` for a read-only one (-s keeps npm quiet),
// `npm run -s token -- admin` for one who manages teams and reads every pilot.
// A second argument names another person: `npm run -s token -- consultant anne@kk.dk`
// (a pilot's team names its consultants by e-mail address; default <role>@local.test).

const role = process.argv[2] ?? 'consultant';
const email = process.argv[3];
if (!isRole(role) || (email !== undefined && !isLocalEmail(email))) {
  console.error(`usage: npm run token -- ${ROLES.join('|')} [e-mail]   (got "${process.argv.slice(2).join(' ')}")`);
  process.exit(2);
}
const auth = createLocalAuth(loadOrCreateKey(keyFile(resolve(process.env.DATA_DIR ?? '.data'))));
console.log(await auth.sign(role, email === undefined ? {} : { email, sub: `local-${email}` }));
