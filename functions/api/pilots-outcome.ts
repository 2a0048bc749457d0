import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { getPilot } from '../store/pilots.js';
import { key, withoutKeys } from '../store/table.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/outcome: the evaluation, once the pilot has been evaluated. */
export const handler = apiHandler('read', async (event, { store }) => {
  const { pilotId } = pilotPath(event);
  await getPilot(store, pilotId);
  const { Item } = await store.db.send(new GetCommand({ TableName: store.tableName, Key: key.outcome(pilotId) }));
  if (!Item) throw new NotFoundError('the pilot has not been evaluated yet');
  return ok(withoutKeys(Item));
});
