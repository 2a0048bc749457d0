/**
 * `npm run bench:parse`: what parsing an item read back costs (functions/store/items.ts),
 * against the plain cast the store did before its items had schemas. It parses N
 * participant items, as DynamoDB gives them (key attributes included; the enrolment-order index's are its own pilotId and orderKey), with the store's
 * reader (itemReader over the participants' contract schema) and casts the same items,
 * in rounds, and prints the CPU time per item and what that is of a page of 25 (the API's
 * default limit) and of one item.
 *
 *   npm run bench:parse                  # N=10,000, 7 rounds
 *   npm run bench:parse -- --n 2000 --rounds 3
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ParticipantSchema } from '../functions/contracts/participants.js';
import type { Participant } from '../functions/domain/participant.js';
import { itemReader } from '../functions/store/items.js';
import { key } from '../functions/store/table.js';

const { values: o } = parseArgs({ options: { n: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '7' } } });
const N = Number(o.n);
const ROUNDS = Number(o.rounds);

// The reader the store uses for participants (functions/store/participants.ts: the same schema and itemReader).
const read = itemReader('participant', ParticipantSchema);
const cast = (item: Record<string, unknown>) => item as unknown as Participant;

const pilotId = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Half the items as at enrolment, half as at the end of a pilot (voucher, exam, follow-up): the attributes vary as in a real cohort. */
const participantItem = (i: number): Record<string, unknown> => {
  const id = uuid(i);
  const orderKey = String(i).padStart(10, '0');
  const base = {
    pilotId,
    id,
    reference: `KK-2026-${String(i).padStart(5, '0')}`,
    name: `Deltager ${i}`,
    email: `deltager${i}@example.test`,
    birthYear: 1970 + (i % 30),
    targetGroup: 'academics',
    language: i % 5 === 0 ? 'en' : 'da',
    status: i % 2 ? 'completed' : 'enrolled',
    orderKey,
    enrolledAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-06-01T08:00:00.000Z',
  };
  const finished =
    i % 2
      ? {
          startedAt: '2026-02-02T08:00:00.000Z',
          completedAt: '2026-05-01T08:00:00.000Z',
          voucher: { code: `AZ900-${i}`, attempt: 1, assignedAt: '2026-05-02T08:00:00.000Z', exam: 'AZ-900', sponsor: 'Microsoft', expiresOn: '2026-12-31' },
          exam: { result: 'passed', date: '2026-05-20', attempt: 1, recordedAt: '2026-05-21T08:00:00.000Z' },
          certified: true,
          followUp: { outcome: 'employed-full-time', recordedAt: '2027-05-01T08:00:00.000Z' },
        }
      : {};
  return {
    ...key.participant(pilotId, id),
    entity: 'participant',
    ...base,
    ...finished,
  };
};

const items = Array.from({ length: N }, (_, i) => participantItem(i));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const WARM_UP = 3;

/**
 * CPU µs per item of `fn` over all items: the median and the best of the rounds (after
 * three rounds to warm the JIT). CPU time, not wall time: on a shared machine the wall clock measures the
 * neighbours too.
 */
const perItem = (fn: (item: Record<string, unknown>) => unknown): { median: number; best: number; first: number } => {
  let sink = 0;
  const times: number[] = [];
  let first = 0;
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    const started = process.cpuUsage();
    for (const item of items) sink += (fn(item) as { id: string }).id.length;
    const used = process.cpuUsage(started);
    if (round === 0) first = (used.user + used.system) / N;
    if (round >= WARM_UP) times.push((used.user + used.system) / N);
  }
  if (sink === 0) throw new Error('nothing was read');
  return { median: median(times), best: Math.min(...times), first };
};

const parsed = perItem(read);
const plain = perItem(cast);
const page = 25;
const row = (f: { median: number; best: number; first: number }) => ({
  'µs per item (first round)': +f.first.toFixed(2),
  'µs per item (median)': +f.median.toFixed(2),
  'µs per item (best)': +f.best.toFixed(2),
  [`ms per page of ${page} (median)`]: +((f.median * page) / 1000).toFixed(3),
});
console.log(
  `Load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; Node ${process.version}; N=${N}; CPU time, ${ROUNDS} rounds after ${WARM_UP} to warm up.`,
);
console.table({ 'zod parse (itemReader)': row(parsed), 'plain cast': row(plain) });
const added = parsed.median - plain.median;
console.log(
  `The parse adds ${added.toFixed(2)} µs an item: ${((added * page) / 1000).toFixed(3)} ms to a page of ${page}, ${(added / 1000).toFixed(3)} ms to a read of one item.`,
);
