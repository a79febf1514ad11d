import { readdirSync, readFileSync } from 'node:fs';

// CPU accounting for benchmarks, from /proc (Linux). CPU per event is steadier than events/s
// when other work shares the cores.

/** CPU time (user + system) a process has used so far, in ms; /proc counts in 10 ms ticks. */
export const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** Busy CPU time of the whole machine so far (every process: broker, Postgres, ...), in ms. */
export const machineCpuMs = () => {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user + nice + system + irq + softirq + steal) * 10;
};

/** CPU ms so far, per pid, of those of `pids` still running (a pool may close a connection mid-run). */
export const cpuMsOfPids = (pids: Iterable<number | string>): Map<string, number> => {
  const byPid = new Map<string, number>();
  for (const pid of pids) {
    try {
      byPid.set(String(pid), cpuMs(Number(pid)));
    } catch {
      // The process has ended.
    }
  }
  return byPid;
};

/** CPU ms so far, per pid, of every process whose command is `name` (postgres backends, the Kafka JVM). */
export const cpuMsOf = (name: string): Map<string, number> => {
  const named: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) named.push(pid);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return cpuMsOfPids(named);
};
// CPU used between two snapshots by the processes alive at the second (one that exited
// meanwhile is not counted, so this can only under-count).
export const cpuSince = (before: Map<string, number>, after: Map<string, number>) => {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
};
