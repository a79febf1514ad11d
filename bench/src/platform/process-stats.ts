import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Clock ticks per second for /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** user + system CPU time of a process in ms, from the text of /proc/<pid>/stat. */
export function cpuMsFromStat(stat: string): number {
  // The command name (field 2) may contain spaces and brackets: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unreadable /proc stat line: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Resident set size in MB from the text of /proc/<pid>/status (VmRSS, in kB). */
export function rssMbFromStatus(status: string): number {
  const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
  const kb = Number(line?.replace(/[^\d]/g, '') ?? Number.NaN);
  return Number.isFinite(kb) ? kb / 1024 : 0;
}

type Sample = { cpuMs: number; rssMb: number };

function sample(pid: number): Sample | undefined {
  try {
    return {
      cpuMs: cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      rssMb: rssMbFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8')),
    };
  } catch {
    return undefined; // exited meanwhile
  }
}

export type TrackedProcess = { readonly name: string; readonly pids: readonly number[] };

export type ProcessUsage = {
  readonly name: string;
  readonly pids: number[];
  /** CPU time used during the measurement, all pids together. */
  readonly cpuMs: number;
  /** cpuMs over the wall time: 100 is one core busy the whole time. */
  readonly cpuPercent: number;
  readonly rssPeakMb: number;
  readonly rssEndMb: number;
};

const readPid = (file: string): number | undefined => {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && sample(pid) !== undefined ? pid : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The platform's processes: the services `npm start` launched (.omni/run/<service>.pid), the
 * local Kafka (.omni/kafka/kafka.pid), Postgres (every `postgres` process: the server and its
 * backends) and this load generator itself.
 */
export async function platformProcesses(root: string): Promise<TrackedProcess[]> {
  const tracked: TrackedProcess[] = [];
  const runDir = path.join(root, '.omni', 'run');
  let pidFiles: string[] = [];
  try {
    pidFiles = readdirSync(runDir)
      .filter((file) => file.endsWith('.pid'))
      .sort();
  } catch {
    pidFiles = [];
  }
  for (const file of pidFiles) {
    const pid = readPid(path.join(runDir, file));
    if (pid !== undefined) tracked.push({ name: path.basename(file, '.pid'), pids: [pid] });
  }
  const kafka = readPid(path.join(root, '.omni', 'kafka', 'kafka.pid'));
  if (kafka !== undefined) tracked.push({ name: 'kafka', pids: [kafka] });
  const postgres = await postgresPids();
  if (postgres.length > 0) tracked.push({ name: 'postgres', pids: postgres });
  tracked.push({ name: 'load-generator', pids: [process.pid] });
  return tracked;
}

async function postgresPids(): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', ['-f', 'postgres']);
    return stdout
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Measures CPU and RSS of processes over an interval; RSS is sampled to catch its peak. */
export class ProcessMeter {
  private readonly before = new Map<number, Sample>();
  private readonly peaks = new Map<string, number>();
  private started = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly processes: readonly TrackedProcess[],
    private readonly sampleEveryMs = 500,
  ) {}

  start(): void {
    this.started = performance.now();
    for (const { pids } of this.processes)
      for (const pid of pids) {
        const s = sample(pid);
        if (s !== undefined) this.before.set(pid, s);
      }
    this.samplePeaks();
    this.timer = setInterval(() => this.samplePeaks(), this.sampleEveryMs);
    this.timer.unref();
  }

  stop(): ProcessUsage[] {
    clearInterval(this.timer);
    const wallMs = Math.max(1, performance.now() - this.started);
    return this.processes.map(({ name, pids }) => {
      let cpuMs = 0;
      let rssEndMb = 0;
      for (const pid of pids) {
        const now = sample(pid);
        const then = this.before.get(pid);
        if (now === undefined) continue;
        cpuMs += now.cpuMs - (then?.cpuMs ?? now.cpuMs);
        rssEndMb += now.rssMb;
      }
      const rssPeakMb = Math.max(this.peaks.get(name) ?? 0, rssEndMb);
      return {
        name,
        pids: [...pids],
        cpuMs: Math.round(cpuMs),
        cpuPercent: Math.round((cpuMs / wallMs) * 1000) / 10,
        rssPeakMb: Math.round(rssPeakMb),
        rssEndMb: Math.round(rssEndMb),
      };
    });
  }

  private samplePeaks(): void {
    for (const { name, pids } of this.processes) {
      let rss = 0;
      for (const pid of pids) rss += sample(pid)?.rssMb ?? 0;
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rss));
    }
  }
}
