import { addDays, dateInCopenhagen } from '../functions/domain/calendar.js';
import { signWebhook, validCvr } from '../test/support/companies.js';
import { loadSection, type LoadSectionRow } from './api.js';
import type { CompaniesDriver } from './engine.js';
import type { Floors } from './floors.js';
import type { BenchStack } from './stack.js';

// The partner companies in the bench: a signed webhook under load,
// and the companies of each pilot in the engine run, answering by webhook as
// a company's system does.

let companiesRegistered = 0;

const consultantCall = async (stack: BenchStack, method: string, path: string, body: unknown) => {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.consultantToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

const newCompany = (n: number) => ({
  name: `Bench partner ${n} ApS`,
  cvr: validCvr(n),
  contact: { name: `Kontakt ${n}`, email: `kontakt${n}@partner.test` },
  language: 'da',
  webhook: true,
});

/**
 * A signed `match.slots.confirmed` from 16 senders at once: 16 companies of
 * one pilot, the requests going round them, each with a new webhook-id and a
 * later company timestamp. Each answer changes the company's invitation and
 * the event's sum on the pilot item in one transaction, so the 16 contend
 * for the pilot item as companies answering at once would.
 */
export const webhookSection = async (stack: BenchStack, floors: Floors, opts: { concurrencies: number[]; seconds: number }): Promise<LoadSectionRow[]> => {
  const today = dateInCopenhagen(stack.runtime.clock.now());
  const pilot = await consultantCall(stack, 'POST', '/pilots', {
    name: 'Bench webhook',
    partner: 'Bench',
    targetGroups: ['academics'],
    capacity: 100,
    minimumCohort: 1,
    recruitment: { opens: today, closes: addDays(today, 28) },
    course: { start: addDays(today, 42), weeks: 4, ending: 'exam' },
    matchEvent: { date: addDays(today, 200), responseDeadline: addDays(today, 190), capacity: 10_000 },
    targetEmploymentRate: 0.4,
    budgetDkk: 400_000,
  });
  const senders: { id: string; secret: string }[] = [];
  for (let i = 0; i < 16; i++) {
    const { company, secret } = await consultantCall(stack, 'POST', '/companies', newCompany(50_000 + companiesRegistered++));
    await consultantCall(stack, 'POST', `/pilots/${pilot.id}/companies`, { companyId: company.id, maxSlots: 500 });
    senders.push({ id: company.id, secret });
  }
  let sent = 0;
  const start = Date.parse('2030-01-01T00:00:00Z');
  return loadSection(
    stack,
    floors,
    async () => ({
      endpoint: 'POST /webhooks/companies/{id} (match.slots.confirmed)',
      method: 'POST',
      path: '/webhooks/companies',
      headers: { 'content-type': 'application/json' },
      next: () => {
        const n = sent++;
        const sender = senders[n % senders.length]!;
        const body = JSON.stringify({
          type: 'match.slots.confirmed',
          timestamp: new Date(start + n * 1000).toISOString(),
          data: { pilotId: pilot.id, slots: 1 + (n % 50) },
        });
        return { path: `/webhooks/companies/${sender.id}`, body, headers: signWebhook(sender.secret, body) };
      },
    }),
    { concurrencies: opts.concurrencies.includes(16) ? [16] : opts.concurrencies, seconds: opts.seconds },
  );
};

/**
 * The companies of one pilot in the engine run: at the match event they are
 * registered, invited and confirm slots by signed webhook (one in nine
 * declines, as the demo's do); at the internships, a company offers an
 * internship to every fourth candidate it met, and half of those start.
 */
export const companiesDriver = (): CompaniesDriver => {
  const done = new Set<string>();
  return async ({ phase, pilotId, companies, call, countRequest, stack }) => {
    if (done.has(`${phase}:${pilotId}`)) return;
    done.add(`${phase}:${pilotId}`);
    const webhook = async (company: { id: string; secret: string }, type: string, data: Record<string, unknown>) => {
      const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data: { pilotId, ...data } });
      countRequest();
      const res = await fetch(`${stack.url}/webhooks/companies/${company.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook(company.secret, body) },
        body,
      });
      if (res.status !== 200) throw new Error(`webhook ${type}: ${res.status} ${await res.text()}`);
    };
    if (phase === 'match-event') {
      const pilot = await call('GET', `/pilots/${pilotId}`);
      const perCompany = Math.max(1, Math.ceil(pilot.matchEvent.capacity / companies));
      const registered: { id: string; secret: string }[] = [];
      for (let i = 0; i < companies; i++) {
        const { company, secret } = await call('POST', '/companies', newCompany(companiesRegistered++));
        await call('POST', `/pilots/${pilotId}/companies`, { companyId: company.id, maxSlots: perCompany });
        registered.push({ id: company.id, secret });
      }
      companiesByPilot.set(pilotId, registered);
      for (const [i, company] of registered.entries()) {
        if (i % 9 === 8) await webhook(company, 'match.slots.declined', {});
        else await webhook(company, 'match.slots.confirmed', { slots: perCompany - (i % 3) });
      }
      return;
    }
    const registered = new Map((companiesByPilot.get(pilotId) ?? []).map((c) => [c.id, c]));
    const schedule = (await call('GET', `/pilots/${pilotId}/schedule`)).items as { companyId: string; code: string }[];
    const today = dateInCopenhagen(stack.runtime.clock.now());
    for (const [n, meeting] of schedule.entries()) {
      if (n % 4 !== 0) continue;
      const company = registered.get(meeting.companyId)!;
      const data = { participantRef: meeting.code, type: n % 8 === 0 ? 'internship' : 'wage-subsidy', startDate: addDays(today, 14), weeks: 8 };
      await webhook(company, 'internship.offered', data);
      if (n % 8 === 0) await webhook(company, 'internship.started', data);
    }
  };
};

const companiesByPilot = new Map<string, { id: string; secret: string }[]>();
