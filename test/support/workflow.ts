import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { ensureTable } from '../../infra/local/table-setup.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { handlerContext } from '../../functions/composition.js';
import type { ServiceContext } from '../../functions/services/context.js';

/**
 * The local engine on a fresh table with a clock that starts at `start` and
 * moves only when the test advances it. The handlers find the table through
 * TABLE_NAME, as they do in the local stack; one table per test file.
 */
export const startWorkflowRuntime = async (
  start = '2020-01-20T08:00:00.000Z',
): Promise<{ runtime: LocalRuntime; store: ServiceContext; outboxDir: string }> => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'pilot-outbox-'));
  process.env.TABLE_NAME ??= `test-${randomUUID()}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, process.env.TABLE_NAME);
  client.destroy();
  const runtime = await startLocalRuntime({
    db: createDocumentClient(),
    tableName: process.env.TABLE_NAME,
    clock: LocalClock.startingAt(start),
    tickMs: 0,
    outboxDir,
    retryDelayMs: 0,
  });
  // The handlers' own context: their client, the runtime's clock and ports.
  return { runtime, store: handlerContext(), outboxDir };
};
