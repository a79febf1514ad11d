import { execFileSync } from 'node:child_process';
import { TOPICS } from '@omni/contracts';
import { createTopics, deleteTopics, provisionTopics } from '@omni/messaging';
import {
  createTestDatabase,
  describeConsumerGroup,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  type GroupSnapshot,
  type ServiceProcess,
} from '@omni/testing';
import type { RestartService } from './restart-options';

const PARTITIONS = 3;
const STEP_TIMEOUT_MS = 90_000;

/** Milliseconds from spawning the restarted process until each milestone. */
export type RestartTimes = {
  /** Its first 2xx on /health/live: the HTTP port accepts requests. */
  httpMs: number;
  /** Its first 2xx on /health/ready. */
  readyMs: number;
  /** Its consumer holds every partition of its group. */
  consumingMs: number;
};

/** One run: a restart after kill -9, then one after a graceful stop (SIGTERM). */
export type RestartSample = { afterKill: RestartTimes; afterStop: RestartTimes };

/** How a service is run as a process, with its own schema, consumed topic and consumer group. */
type Subject = {
  entry: string;
  migrate: string;
  groupId: string;
  /** The topic its consumer reads, made for the run. */
  topic: string;
  env: Record<string, string>;
};

/** The service as a developer starts it (TypeScript compiled on load) or as ops run it (built). */
export type RestartArtifact = 'source' | 'build';

function entries(service: RestartService, artifact: RestartArtifact) {
  return artifact === 'build'
    ? { entry: `dist/apps/${service}/main.js`, migrate: `dist/apps/${service}/migrate.js` }
    : { entry: `apps/${service}/src/main.ts`, migrate: `apps/${service}/src/migrate.ts` };
}

function subjectFor(service: RestartService, artifact: RestartArtifact): Subject {
  const suffix = uniqueSuffix();
  if (service === 'ingest') {
    const topic = `bench-restart-${suffix}.ingest.raw.v1`;
    const groupId = `bench-restart-ingest-raw-${suffix}`;
    return {
      ...entries(service, artifact),
      groupId,
      topic,
      env: {
        INGEST_RAW_CONSUMER_ENABLED: 'true',
        INGEST_RAW_TOPIC: topic,
        INGEST_RAW_GROUP_ID: groupId,
      },
    };
  }
  const topic = `bench-restart-${suffix}.ingest.events.v1`;
  const groupId = `bench-restart-identity-${suffix}`;
  return {
    ...entries(service, artifact),
    groupId,
    topic,
    env: { IDENTITY_INPUT_TOPIC: topic, IDENTITY_CONSUMER_GROUP: groupId },
  };
}

async function firstTime(
  what: string,
  intervalMs: number,
  check: () => Promise<boolean>,
): Promise<number> {
  const deadline = performance.now() + STEP_TIMEOUT_MS;
  for (;;) {
    if (await check()) return performance.now();
    if (performance.now() > deadline) throw new Error(`${what}: not within ${STEP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

const soleOwner = (group: GroupSnapshot, exclude?: string): string | undefined => {
  const [member] = group.members;
  return group.state === 'Stable' &&
    group.members.length === 1 &&
    member.memberId !== exclude &&
    member.partitions.length === PARTITIONS
    ? member.memberId
    : undefined;
};

/**
 * Polls the new process for its milestones at once: live every 25 ms, ready every 25 ms, the
 * group every 100 ms (an admin round trip each). Returns the times and the new member's id.
 */
async function milestones(
  proc: ServiceProcess,
  groupId: string,
  previousMember: string,
): Promise<{ times: RestartTimes; memberId: string }> {
  const base = `http://127.0.0.1:${proc.port}`;
  let memberId = '';
  const [live, ready, consuming] = await Promise.all([
    firstTime('/health/live', 25, () => answers(`${base}/health/live`)),
    firstTime('/health/ready', 25, () => answers(`${base}/health/ready`)),
    firstTime('the consumer to hold every partition', 100, async () => {
      memberId = soleOwner(await describeConsumerGroup(groupId), previousMember) ?? '';
      return memberId !== '';
    }),
  ]);
  const since = (at: number) => Math.round(at - proc.spawnedAt);
  return {
    times: { httpMs: since(live), readyMs: since(ready), consumingMs: since(consuming) },
    memberId,
  };
}

async function stopped(proc: ServiceProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  const result = await proc.exited;
  if (signal === 'SIGTERM' && result !== 0)
    throw new Error(`SIGTERM: exited with ${result}\n${proc.output().slice(-2_000)}`);
}

/**
 * Restarts one service `runs` times after kill -9 and after SIGTERM, as a real process against
 * the local Kafka and Postgres, and times each restart until the process answers HTTP, is
 * ready and consumes again. Its schema and topics are made for the run and removed after.
 */
export async function measureRestarts(
  service: RestartService,
  options: { runs: number; artifact: RestartArtifact },
  log: (line: string) => void,
): Promise<RestartSample[]> {
  const { runs } = options;
  const { brokers } = testInfra();
  const subject = subjectFor(service, options.artifact);
  await provisionTopics({ brokers, clientId: 'omni-bench' }, [
    TOPICS.ingestEvents,
    TOPICS.ingestRejected,
    TOPICS.ingestDlt,
    TOPICS.identityResolutionDlt,
  ]);
  await createTopics(brokers, [{ name: subject.topic, partitions: PARTITIONS }]);
  const db = await createTestDatabase({ service: `bench-restart-${service}` });
  const env = { ...db.env, ...subject.env };
  let current: ServiceProcess | undefined;
  try {
    execFileSync(
      process.execPath,
      ['-r', './tools/ts-register.cjs', subject.migrate, 'up', '--no-provision'],
      { env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    current = await startServiceProcess(subject.entry, env);
    let member = (await milestones(current, subject.groupId, '')).memberId;
    const restart = async (signal: NodeJS.Signals): Promise<RestartTimes> => {
      if (current) await stopped(current, signal);
      current = await startServiceProcess(subject.entry, env);
      const next = await milestones(current, subject.groupId, member);
      member = next.memberId;
      return next.times;
    };
    const samples: RestartSample[] = [];
    for (let run = 1; run <= runs; run++) {
      const afterKill = await restart('SIGKILL');
      const afterStop = await restart('SIGTERM');
      samples.push({ afterKill, afterStop });
      log(`${service} run ${run}/${runs}: ${JSON.stringify({ afterKill, afterStop })}`);
    }
    return samples;
  } finally {
    if (current) await stopped(current, 'SIGTERM').catch(() => undefined);
    await db.drop();
    await deleteTopics(brokers, [subject.topic]);
  }
}
