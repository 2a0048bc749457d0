import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Crash tests kill and restart whole stacks: `npm run test:chaos` (vitest.chaos.config.ts), run by .ci/run after this.
    exclude: ['test/chaos/**', '**/node_modules/**'],
    // One DynamoDB Local for the whole run; each test file makes its own table.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/env.ts'],
    pool: 'forks',
    // Lambda runs Node 24; these machines have Node 20, which the pinned SDK still supports.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
