import type { KafkaProducer } from '@omni/messaging';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { testProducer } from './topic-events';

/**
 * One person's personal data for a no-personal-data spec to send and then look for in the
 * logs: a phone number and an email as channels send them and in the forms services normalise
 * them to, identifiers of every kind, and names in Chinese and Latin script.
 */
export const knownPerson = {
  phone: '+86 139-4827-1063',
  phoneNormalised: '+8613948271063',
  phoneNational: '13948271063',
  email: 'Wang.Fang.PII@Example.COM',
  emailNormalised: 'wang.fang.pii@example.com',
  memberId: 'M-PII-20240518',
  deviceId: 'ios-pii-6c1f7e9a',
  cookieId: 'ck-pii-3b8e1d',
  anonymousId: 'anon-pii-51c2e8',
  unionId: 'o6_pii_union_7f3a9c',
  name: '王芳测试',
  latinName: 'Fang Wangtestname',
} as const;

/** Every form in which a value could show up in a log line: raw, URL-encoded, JSON-escaped. */
function loggedForms(value: string): string[] {
  return [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
}

/** The forms of `values` that occur in `output` (a process's logs); `[]` when none leaked. */
export function leakedValues(output: string, values: readonly string[]): string[] {
  return values.flatMap(loggedForms).filter((form) => output.includes(form));
}

/**
 * Starts a service process, waits until it is ready, lets `exercise` use it, then stops it with
 * SIGTERM (also when `exercise` fails) and answers everything it wrote to stdout and stderr.
 */
export async function outputOfRun(
  entry: string,
  env: Record<string, string>,
  exercise: (proc: ServiceProcess) => Promise<void>,
): Promise<string> {
  const proc = await startServiceProcess(entry, env, { waitFor: '/health/ready' });
  try {
    await exercise(proc);
  } finally {
    await proc.stop();
  }
  return proc.output();
}

/**
 * The two promises of a service's no-personal-data spec, about the output `logs()` answers once
 * `beforeAll` has run the service: it logged each of `logged` (the test is named `title`), and
 * no form of any `personal` value.
 */
export function itLogsNoPersonalData(
  logs: () => string,
  expected: { title: string; logged: readonly string[]; personal: readonly string[] },
): void {
  it(expected.title, () => {
    for (const text of expected.logged) expect(logs()).toContain(text);
  });

  it('holds no phone number, email, identifier value or name, raw or normalised', () => {
    expect(leakedValues(logs(), expected.personal)).toEqual([]);
  });
}

/**
 * The preamble of a no-personal-data spec: `beforeAll` makes the environment (`makeEnv`, which
 * sets the log level) and a producer, runs the service's `entry` on it through `exercise` (see
 * outputOfRun), and `afterAll` closes the producer and drops the environment. Answers the
 * process's output once `beforeAll` has run, for itLogsNoPersonalData.
 */
export function logsOfRun<E extends { env: Record<string, string>; drop(): Promise<void> }>(
  entry: string,
  makeEnv: () => Promise<E>,
  exercise: (proc: ServiceProcess, run: { env: E; producer: KafkaProducer }) => Promise<void>,
): () => string {
  let env: E | undefined;
  let producer: KafkaProducer | undefined;
  let output = '';

  beforeAll(async () => {
    const made = await makeEnv();
    env = made;
    const runProducer = testProducer();
    producer = runProducer;
    output = await outputOfRun(entry, made.env, (proc) =>
      exercise(proc, { env: made, producer: runProducer }),
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await env?.drop();
  });

  return () => output;
}
