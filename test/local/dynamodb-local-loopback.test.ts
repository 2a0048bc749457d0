import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { inject, describe, expect, it } from 'vitest';

// DynamoDB Local has no authentication: whoever reaches its port reads the
// table. The run's DynamoDB Local is started by the same function as
// `npm start`'s (infra/local/dynamodb-local.ts), so this holds for both.

const port = Number(new URL(inject('dynamoEndpoint')).port);

/** The local addresses of the sockets listening on `port`, read from the kernel's tables (hex, as Linux writes them). */
const listeningAddresses = (): string[] =>
  ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // st 0A is LISTEN
      .filter((cols) => cols.length > 3 && cols[3] === '0A' && parseInt(cols[1]!.split(':')[1]!, 16) === port)
      .map((cols) => cols[1]!.split(':')[0]!),
  );

const LOOPBACK = new Set([
  '0100007F', // 127.0.0.1
  '0000000000000000FFFF00000100007F', // ::ffff:127.0.0.1
  '00000000000000000000000001000000', // ::1
]);

const reachable = (host: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

describe('DynamoDB Local', () => {
  it.runIf(process.platform === 'linux')('listens on loopback only, never on every interface', () => {
    const addresses = listeningAddresses();
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK.has(address.toUpperCase()), `listening on ${address}`).toBe(true);
  });

  it('answers on 127.0.0.1 and not on any address of the machine that others can reach', async () => {
    expect(await reachable('127.0.0.1')).toBe(true);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const address of external) expect(await reachable(address), address).toBe(false);
  });
});
