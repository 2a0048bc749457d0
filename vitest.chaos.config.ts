import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: tests that SIGKILL DynamoDB Local or the whole local
// stack and start it again. Each starts its own processes (and kills them,
// also when it fails), so there is no shared DynamoDB Local here; one file at
// a time, because the machine's cores are the point of contention.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
