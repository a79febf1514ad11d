import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Channel } from '@omni/contracts';
import { repoRoot } from '../platform/repo-root';

const run = promisify(execFile);

export type ConnectorCredentials = {
  readonly channel: Channel;
  readonly connectorId: string;
  readonly key: string;
};

export type ProvisionOptions = {
  readonly ingestUrl: string;
  readonly channels: readonly Channel[];
  /**
   * With a token, connectors are created (or their keys rotated) through the admin API;
   * without one, through `ingest:create-connector`, which writes to the ingest schema directly.
   */
  readonly adminToken?: string;
  /** Connector ids are `<prefix>-<channel>`, matching the simulator's `sim-<channel>`. */
  readonly prefix?: string;
  /** Where keys are kept between runs (they are shown only once); none: not kept. */
  readonly storePath?: string;
  readonly log?: (line: string) => void;
};

// The load generator must never be throttled by ingest's limiter: it measures the platform.
const RATE_LIMIT = 10_000_000;
const BURST = 100_000_000;

type Store = Record<string, Record<string, { connectorId: string; key: string }>>;

export const defaultConnectorStore = (): string =>
  path.join(repoRoot(), '.omni', 'bench', 'connectors.json');

function readStore(file: string | undefined): Store {
  if (file === undefined) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Store;
  } catch {
    return {};
  }
}

function writeStore(file: string | undefined, store: Store): void {
  if (file === undefined) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
}

/** A key is good when ingest gets past authentication: an empty batch then answers 400, not 401/403. */
export async function keyWorks(ingestUrl: string, key: string): Promise<boolean> {
  const response = await fetch(`${ingestUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: '{"events":[]}',
  });
  await response.body?.cancel();
  return response.status === 400;
}

async function viaAdminApi(
  ingestUrl: string,
  token: string,
  connectorId: string,
  channel: Channel,
): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const created = await fetch(`${ingestUrl}/v1/admin/connectors`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      id: connectorId,
      name: `Load generator (${channel})`,
      channels: [channel],
      rateLimitPerSecond: RATE_LIMIT,
      burst: BURST,
    }),
  });
  // It exists from an earlier run whose key was not kept: a new key makes it usable again.
  const answer =
    created.status === 409
      ? await fetch(`${ingestUrl}/v1/admin/connectors/${connectorId}/rotate-key`, {
          method: 'POST',
          headers,
        })
      : created;
  const body = (await answer.json()) as { key?: string; code?: string; message?: string };
  if (!answer.ok || body.key === undefined) {
    throw new Error(
      `ingest admin API refused connector ${connectorId}: ${answer.status} ${body.code ?? ''} ${body.message ?? ''}`.trim(),
    );
  }
  return body.key;
}

async function viaCli(connectorId: string, channel: Channel): Promise<string | undefined> {
  const root = repoRoot();
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        './tools/ts-register.cjs',
        'apps/ingest/src/connectors/create-connector.cli.ts',
        `--id=${connectorId}`,
        `--name=Load generator (${channel})`,
        `--channels=${channel}`,
        `--rate-limit=${RATE_LIMIT}`,
        `--burst=${BURST}`,
      ],
      { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    return stdout.trim().split('\n').at(-1);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    if (stderr.includes('already exists')) return undefined;
    throw new Error(
      `ingest:create-connector failed for ${connectorId}: ${stderr.trim() || String(error)}`,
    );
  }
}

async function create(options: ProvisionOptions, channel: Channel): Promise<ConnectorCredentials> {
  const prefix = options.prefix ?? 'sim';
  const connectorId = `${prefix}-${channel}`;
  if (options.adminToken !== undefined) {
    return {
      channel,
      connectorId,
      key: await viaAdminApi(options.ingestUrl, options.adminToken, connectorId, channel),
    };
  }
  const key = await viaCli(connectorId, channel);
  if (key !== undefined) return { channel, connectorId, key };
  // The CLI cannot rotate a key it no longer has; a fresh id keeps the run going.
  const freshId = `${connectorId}-${randomBytes(3).toString('hex')}`;
  const freshKey = await viaCli(freshId, channel);
  if (freshKey === undefined) throw new Error(`ingest:create-connector: ${freshId} already exists`);
  return { channel, connectorId: freshId, key: freshKey };
}

/**
 * One connector per channel (a real connector speaks for one channel, and ingest counts events
 * per connector, so per-channel figures come for free). Keys are kept in the store and reused
 * while ingest still accepts them.
 */
export async function provisionConnectors(
  options: ProvisionOptions,
): Promise<Map<Channel, ConnectorCredentials>> {
  const store = readStore(options.storePath);
  const known = (store[options.ingestUrl] ??= {});
  const result = new Map<Channel, ConnectorCredentials>();
  const missing: Channel[] = [];
  await Promise.all(
    options.channels.map(async (channel) => {
      const stored = known[channel];
      if (stored !== undefined && (await keyWorks(options.ingestUrl, stored.key)))
        result.set(channel, { channel, ...stored });
      else missing.push(channel);
    }),
  );
  if (missing.length > 0) {
    options.log?.(
      `creating ${missing.length} connector(s) ${options.adminToken === undefined ? 'with ingest:create-connector' : 'through the ingest admin API'}: ${missing.join(', ')}`,
    );
  }
  // Two at a time: each CLI run is a Node process and the machine has two cores.
  for (let i = 0; i < missing.length; i += 2) {
    const created = await Promise.all(
      missing.slice(i, i + 2).map((channel) => create(options, channel)),
    );
    for (const credentials of created) {
      result.set(credentials.channel, credentials);
      known[credentials.channel] = { connectorId: credentials.connectorId, key: credentials.key };
      writeStore(options.storePath, store);
    }
  }
  return result;
}
