import { readFileSync } from 'node:fs';

// CPU time, to tell what the engine's wall time is made of on this machine:
// the bench's own Node process (the handlers, the local workflow engine and
// scheduler, the bench's driver and write counter) and DynamoDB Local's JVM.
// On 2 cores, N pilots take at least N × (both) ÷ 2 seconds however well
// they overlap: the floor under the engine's time at N=100.

/** Linux's clock ticks a second for /proc's CPU times (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds a process has used so far, from /proc/<pid>/stat; undefined where there is no /proc. */
export const processCpuSeconds = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: the fields counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, so 11 and 12 after the name and state.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
};

export interface CpuSeconds {
  /** The bench's Node process: handlers, local engine and scheduler, the driver, the write counter. */
  node: number;
  /** DynamoDB Local's JVM; undefined where it could not be read. */
  dynamoDbLocal: number | undefined;
}

/** Starts a measurement of both processes; the function it returns gives the CPU seconds used since. */
export const cpuSince = (dynamoPid: number): (() => CpuSeconds) => {
  const node = process.cpuUsage();
  const dynamo = processCpuSeconds(dynamoPid);
  return () => {
    const used = process.cpuUsage(node);
    const dynamoNow = processCpuSeconds(dynamoPid);
    return {
      node: (used.user + used.system) / 1e6,
      dynamoDbLocal: dynamo === undefined || dynamoNow === undefined ? undefined : dynamoNow - dynamo,
    };
  };
};
