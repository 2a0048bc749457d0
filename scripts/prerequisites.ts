import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// What a fresh Debian machine lacks for `npm start` and `npm test`, beyond npm's
// packages: Java (DynamoDB Local runs on it) and, for the browser tests, Debian's
// Chromium (playwright-core drives it; no browser download). Run as root, this
// installs what is missing with apt-get; otherwise it names the command to run.
//   tsx scripts/prerequisites.ts java            before `npm start`
//   tsx scripts/prerequisites.ts java chromium   before `npm test`

const NEEDS = {
  java: { package: 'openjdk-17-jre-headless', present: () => commandWorks('java', ['-version']) },
  chromium: { package: 'chromium', present: () => existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium') },
} as const;
type Need = keyof typeof NEEDS;

function commandWorks(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const asked = process.argv.slice(2).filter((a): a is Need => a in NEEDS);
const missing = asked.filter((need) => !NEEDS[need].present());
if (missing.length > 0) {
  const packages = missing.map((need) => NEEDS[need].package);
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`Missing ${missing.join(' and ')}: run \`sudo apt-get update && sudo ${command}\` (Debian), then try again.`);
    process.exit(1);
  }
  console.error(`Installing ${packages.join(', ')} (Debian packages) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
}
