import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pageOf, type Page, SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import { ConcurrencyGate } from './concurrency-gate';
import { CONNECTOR_ID_PATTERN, parseConnectorKey, verifyConnectorSecret } from './connector-key';
import { ConnectorRepository, type NewConnector } from './connector.repository';
import { ConnectorSnapshots, type ConnectorSnapshot } from './connector-snapshots';
import type { Authentication, Connector } from './connector';
import { ExpiringLru } from './expiring-lru';

/** The connector key hash a key was refused against; null when no connector had its id. */
type Refusal = { keyHash: string | null };

const INVALID: Authentication = { ok: false, reason: 'invalid_key' };

export type AuthenticateOptions = {
  /** Throw GateFullError instead of waiting when INGEST_KEY_VERIFY_QUEUE checks already wait. */
  refuseWhenBusy?: boolean;
};

/**
 * The connector registry plus key authentication. A scrypt check costs tens of milliseconds by
 * design, so it runs once per key and connector key hash, a bounded number at a time:
 * - A key verified against the connector's row is accepted from memory while that row is
 *   younger than INGEST_KEY_CACHE_TTL_MS, the bound on how long a disable or rotation on
 *   another replica takes to apply here.
 * - Any other key for that connector is wrong without scrypt: a connector has one key, and
 *   keys are 256 random bits, so two keys never share a hash.
 * - A refusal is remembered by the key's SHA-256 with the key hash it was checked against.
 * - A key is refused only against the row read after the request arrived (a read shared by
 *   every refusal of that connector, at most one per INGEST_KEY_RECHECK_INTERVAL_MS), so a key
 *   issued on another replica is never refused for a stale row.
 * A refused key can never become valid later: a new key is a new random secret.
 */
@Injectable()
export class ConnectorsService {
  private readonly registry: ConnectorRepository;
  private readonly snapshots: ConnectorSnapshots;
  private readonly refused: ExpiringLru<string, Refusal>;
  private readonly gate: ConcurrencyGate;
  // One scrypt check per key and key hash at a time, shared by concurrent requests.
  private readonly checks = new Map<string, Promise<boolean>>();

  constructor(
    dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {
    this.registry = new ConnectorRepository(dataSource, config.keys.scryptCost);
    this.snapshots = new ConnectorSnapshots((id) => this.registry.findWithHash(id), {
      ttlMs: config.keys.cacheTtlMs,
      recheckMs: config.keys.recheckIntervalMs,
    });
    this.refused = new ExpiringLru(config.keys.refusedCacheSize);
    this.gate = new ConcurrencyGate(config.keys.verifyConcurrency);
  }

  create(input: NewConnector): Promise<{ connector: Connector; key: string } | undefined> {
    return this.registry.create(input);
  }

  async rotateKey(id: string): Promise<{ connector: Connector; key: string } | undefined> {
    // Ids are checked when connectors are created, so any other string names none (and one
    // with a NUL would make Postgres fail the query).
    if (!CONNECTOR_ID_PATTERN.test(id)) return undefined;
    const rotated = await this.registry.rotateKey(id);
    this.snapshots.forget(id);
    return rotated;
  }

  async disable(id: string): Promise<Connector | undefined> {
    if (!CONNECTOR_ID_PATTERN.test(id)) return undefined;
    const connector = await this.registry.setStatus(id, 'disabled');
    this.snapshots.forget(id);
    return connector;
  }

  /** One page of the registry, in id order. */
  async list(limit: number, after?: string): Promise<Page<Connector>> {
    return pageOf(await this.registry.list(limit + 1, after), limit, (connector) => connector.id);
  }

  /** The verdict on a key this replica verified against a row read within the TTL; else undefined. */
  verified(key: string): Authentication | undefined {
    const parsed = parseConnectorKey(key);
    const snapshot = parsed && this.snapshots.fresh(parsed.connectorId);
    return snapshot !== undefined && isVerified(snapshot, digestOf(key))
      ? verdictOf(snapshot)
      : undefined;
  }

  async authenticate(key: string, options: AuthenticateOptions = {}): Promise<Authentication> {
    const arrivedAt = Date.now();
    const parsed = parseConnectorKey(key);
    if (!parsed) return INVALID;
    const digest = digestOf(key);
    const refusalKey = digest.toString('base64url');
    const refusal = this.refused.get(refusalKey, arrivedAt);
    if (refusal?.keyHash === null) return INVALID;
    let snapshot = await this.snapshots.recent(parsed.connectorId);
    for (;;) {
      const row = snapshot.row;
      if (row === undefined) {
        this.refuse(refusalKey, null);
        return INVALID;
      }
      if (isVerified(snapshot, digest)) return verdictOf(snapshot);
      if (snapshot.verifiedDigest === undefined && refusal?.keyHash !== row.keyHash) {
        if (await this.check(parsed.secret, refusalKey, row.keyHash, options)) {
          this.snapshots.markVerified(parsed.connectorId, row.keyHash, digest);
          return verdictOf(snapshot);
        }
        this.refuse(refusalKey, row.keyHash);
      }
      if (snapshot.readAt >= arrivedAt) return INVALID;
      snapshot = await this.snapshots.confirmedSince(parsed.connectorId, arrivedAt);
    }
  }

  private check(
    secret: string,
    refusalKey: string,
    keyHash: string,
    options: AuthenticateOptions,
  ): Promise<boolean> {
    const id = `${refusalKey}$${keyHash}`;
    const running = this.checks.get(id);
    if (running !== undefined) return running;
    const check = this.gate.run(
      () => verifyConnectorSecret(secret, keyHash),
      options.refuseWhenBusy ? this.config.keys.verifyQueue : undefined,
    );
    this.checks.set(id, check);
    const done = () => this.checks.delete(id);
    check.then(done, done);
    return check;
  }

  private refuse(refusalKey: string, keyHash: string | null): void {
    this.refused.set(refusalKey, { keyHash }, Date.now() + this.config.keys.refusedCacheTtlMs);
  }
}

const digestOf = (key: string): Buffer => createHash('sha256').update(key).digest();

function isVerified(snapshot: ConnectorSnapshot, digest: Buffer): boolean {
  return snapshot.verifiedDigest !== undefined && timingSafeEqual(snapshot.verifiedDigest, digest);
}

function verdictOf(snapshot: ConnectorSnapshot): Authentication {
  return snapshot.connector?.status === 'active'
    ? { ok: true, connector: snapshot.connector }
    : { ok: false, reason: 'connector_disabled' };
}
