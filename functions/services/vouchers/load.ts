import type { Pilot } from '../../domain/pilot.js';
import * as z from 'zod';
import { ConflictError, ValidationError, type FieldIssue } from '../../domain/errors.js';
import { toFieldIssues } from '../../domain/validation.js';
import { maskCode, MAX_CODES_PER_LOAD, VoucherCode, VoucherLoadMeta, VoucherLoadSchema } from '../../domain/vouchers.js';
import { auditPut, type Actor } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { getPilot } from '../../store/pilots.js';
import { transact } from '../../store/transact.js';
import { putFreeCodes } from '../../store/vouchers.js';
import { assignVouchers } from './assign.js';
import { today } from './common.js';

// Loading a sponsor's voucher codes into a pilot's pool.

export type LoadRequest =
  | { kind: 'json'; body: unknown }
  /** text/plain: one code a line; sponsor, exam and expiresOn as query parameters. */
  | { kind: 'text'; text: string; query: Record<string, string | undefined> };

/**
 * Loads codes. Every code is checked first: one malformed code refuses the
 * whole load, naming its line, and nothing is stored. Codes the load repeats,
 * or that the pilot has already, are reported and ignored.
 */
export const loadVouchers = async (ctx: ServiceContext, pilotId: string, request: LoadRequest, actor: Actor, read?: Pilot) => {
  // `read`: the pilot as the request read it for its access check, not read again.
  const pilot = read ?? (await getPilot(ctx, pilotId));
  if (pilot.course.ending !== 'exam')
    throw new ConflictError('no-exam', `this pilot ends with ${pilot.course.ending === 'diploma' ? 'a diploma' : 'no exam'}; it has no use for voucher codes`, {
      details: { ending: pilot.course.ending },
    });
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed');

  let meta: z.infer<typeof VoucherLoadMeta>;
  let raw: { where: string; value: unknown }[];
  if (request.kind === 'json') {
    const parsed = VoucherLoadSchema.safeParse(request.body);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
    const { codes, ...rest } = parsed.data;
    meta = rest;
    raw = codes.map((value, i) => ({ where: `codes.${i}`, value }));
  } else {
    const parsed = VoucherLoadMeta.safeParse(request.query);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error).map((i) => ({ ...i, path: `query.${i.path}` })));
    meta = parsed.data;
    raw = request.text
      .split(/\r?\n/)
      .map((value, i) => ({ where: `line ${i + 1}`, value }))
      .filter((r) => String(r.value).trim() !== '');
    if (raw.length > MAX_CODES_PER_LOAD) {
      throw new ValidationError([
        { path: '(body)', message: `has ${raw.length} codes; at most ${MAX_CODES_PER_LOAD} in one load`, code: 'too_many_codes', max: MAX_CODES_PER_LOAD },
      ]);
    }
    if (raw.length === 0) throw new ValidationError([{ path: '(body)', message: 'has no codes', code: 'no_codes' }]);
  }
  if (meta.expiresOn < today(ctx)) throw new ValidationError([{ path: 'expiresOn', message: 'is in the past: these codes have expired', code: 'past' }]);

  const issues: FieldIssue[] = [];
  const codes = raw.map(({ where, value }) => {
    const parsed = VoucherCode.safeParse(value);
    if (!parsed.success) issues.push({ path: where, message: 'is not a voucher code: 4-64 letters, digits or dashes', code: 'voucher_code_format' });
    return { where, code: parsed.success ? parsed.data : '' };
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const seen = new Map<string, string>();
  const duplicates: { where: string; code: string; reason: string }[] = [];
  const fresh: typeof codes = [];
  for (const c of codes) {
    const first = seen.get(c.code);
    if (first) duplicates.push({ where: c.where, code: maskCode(c.code), reason: `same code as ${first}` });
    else {
      seen.set(c.code, c.where);
      fresh.push(c);
    }
  }
  const loadedAt = ctx.clock.now().toISOString();
  // 25 codes a call, each inserted only where the pilot does not have it: a 2,000-code load is 80 calls.
  const stored = await putFreeCodes(
    ctx,
    pilotId,
    fresh.map((c) => ({ code: c.code, ...meta, loadedAt })),
  );
  let loaded = 0;
  fresh.forEach((c, i) => {
    if (stored[i]) loaded++;
    else duplicates.push({ where: c.where, code: maskCode(c.code), reason: 'the pilot has this code already' });
  });
  await transact(ctx, [
    auditPut(ctx, pilotId, { actor, action: 'vouchers.loaded', details: { loaded, duplicates: duplicates.length, sponsor: meta.sponsor, exam: meta.exam } }),
  ]);
  // Codes loaded during certification go straight to those still waiting for one.
  const assignment = pilot.waitingFor === 'certification-end' ? await assignVouchers(ctx, pilotId) : undefined;
  return { pilotId, loaded, duplicates, ...(assignment ? { assignment } : {}) };
};
