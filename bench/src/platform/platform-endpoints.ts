import { spawn } from 'node:child_process';
import { env, parseEnv } from '@omni/config';
import { z } from 'zod';
import { repoRoot } from './repo-root';

/** Where the running platform answers; every setting has the `npm start` default. */
export const benchEnv = {
  INGEST_URL: env.url('http://127.0.0.1:3001'),
  IDENTITY_URL: env.url('http://127.0.0.1:3002'),
  PROMOTIONS_URL: env.url('http://127.0.0.1:3004'),
  REPORTING_URL: env.url('http://127.0.0.1:3006'),
  KAFKA_BROKERS: env.hostPorts('127.0.0.1:9092'),
  /** Set: connectors are created through ingest's admin API; unset: with ingest:create-connector. */
  INGEST_ADMIN_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  // identity-resolution's own default outside production, so a local `npm start` just works.
  IDENTITY_ADMIN_TOKEN: env.string('dev-identity-admin-token'),
  PROMOTIONS_ADMIN_TOKEN: env.string('dev-promotions-admin-token'),
  REPORTING_ADMIN_TOKEN: env.string('dev-reporting-admin-token'),
};

export type PlatformEndpoints = {
  readonly ingestUrl: string;
  readonly identityUrl: string;
  readonly promotionsUrl: string;
  readonly reportingUrl: string;
  readonly brokers: string[];
  readonly ingestAdminToken?: string;
  readonly identityAdminToken: string;
  readonly promotionsAdminToken: string;
  readonly reportingAdminToken: string;
};

export function endpointsFromEnv(
  source: Record<string, string | undefined> = process.env,
): PlatformEndpoints {
  const parsed = parseEnv(benchEnv, source);
  return {
    ingestUrl: parsed.INGEST_URL.replace(/\/+$/, ''),
    identityUrl: parsed.IDENTITY_URL.replace(/\/+$/, ''),
    promotionsUrl: parsed.PROMOTIONS_URL.replace(/\/+$/, ''),
    reportingUrl: parsed.REPORTING_URL.replace(/\/+$/, ''),
    brokers: parsed.KAFKA_BROKERS,
    ingestAdminToken: parsed.INGEST_ADMIN_TOKEN,
    identityAdminToken: parsed.IDENTITY_ADMIN_TOKEN,
    promotionsAdminToken: parsed.PROMOTIONS_ADMIN_TOKEN,
    reportingAdminToken: parsed.REPORTING_ADMIN_TOKEN,
  };
}

export async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts the platform with `npm start`'s script when a service the caller needs is not ready.
 * If the script fails (say, one service does not build), the caller goes on with whatever is
 * ready and reports the rest as unavailable rather than failing outright.
 */
export async function ensurePlatform(
  urls: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  const ready = await Promise.all(urls.map(isReady));
  if (ready.every(Boolean)) return;
  log(
    `not running: ${urls.filter((_, i) => !ready[i]).join(', ')}; starting the platform with tools/bin/omni-up.sh (npm start)`,
  );
  const code = await new Promise<number>((resolve) => {
    const child = spawn('bash', ['tools/bin/omni-up.sh'], {
      cwd: repoRoot(),
      stdio: ['ignore', 2, 2],
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    child.on('error', () => resolve(1));
  });
  if (code !== 0) log(`omni-up.sh exited with ${code}; going on with the services that are ready`);
}
