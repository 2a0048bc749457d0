import { describe, expect, it } from 'vitest';
import { cpuSince, processCpuSeconds } from '../../bench/cpu.js';

// Burns `ms` of this process's CPU (not of the wall clock: on a loaded machine the two differ).
const burn = (ms: number) => {
  let x = 0;
  const start = process.cpuUsage();
  while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ms) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
  return x;
};

describe("the bench's CPU reading", () => {
  it("reads a process's CPU time from /proc as Node itself counts it, and nothing for a process that is not there", () => {
    const before = processCpuSeconds(process.pid)!;
    const node = process.cpuUsage();
    burn(300);
    const used = process.cpuUsage(node);
    const read = processCpuSeconds(process.pid)! - before;
    // /proc counts in 10 ms ticks: within a few ticks of Node's own microseconds.
    expect(read).toBeGreaterThan(0.2);
    expect(Math.abs(read - (used.user + used.system) / 1e6)).toBeLessThan(0.05);
    expect(processCpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });

  it('gives the CPU used since its start, by this process and by the other one', () => {
    const since = cpuSince(process.pid);
    burn(200);
    const used = since();
    expect(used.node).toBeGreaterThan(0.15);
    // The "other" process here is this one: the same time, within /proc's ticks.
    expect(Math.abs(used.dynamoDbLocal! - used.node)).toBeLessThan(0.05);
  });
});
