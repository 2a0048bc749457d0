import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { localKeys } from '../../functions/adapters/local/keys.js';
import { configurePorts } from '../../functions/composition.js';
import { LOCAL_MAIL_FROM } from '../../functions/adapters/local/outbox.js';

// Every test process talks to the run's DynamoDB Local through the standard
// environment, exactly as the handlers do in the local stack.
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
  AWS_REGION: 'eu-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
  // The EMF lines: off like the log, except in the test that reads them (test/unit/observability.test.ts).
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  // What a mail-sending function requires (functions/config.ts); a test with a server sets its URL (test/support/api.ts).
  MAIL_FROM: LOCAL_MAIL_FROM,
  PUBLIC_URL: 'http://localhost:3000',
  API_URL: 'http://localhost:3000',
});

// KMS's local stand-in, with a key of this test file's own.
configurePorts({ keys: localKeys(randomBytes(32)) });
