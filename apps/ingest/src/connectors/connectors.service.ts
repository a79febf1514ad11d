import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest-config';
import { parseConnectorKey, verifyConnectorSecret } from './connector-key';
import { ConnectorRegistry, type NewConnector } from './connector-registry';
import { toConnector, type Authentication, type Connector } from './connector';

type CachedAuthentication = { result: Authentication; expiresAt: number };

const MAX_CACHED_KEYS = 10_000;

/**
 * The connector registry plus key authentication. A scrypt check costs tens of milliseconds
 * by design, so verdicts (also refusals, against floods of bad keys) are cached per key for
 * INGEST_KEY_CACHE_TTL_MS; a disable or rotation on another replica takes effect within that.
 */
@Injectable()
export class ConnectorsService {
  private readonly registry: ConnectorRegistry;
  private readonly cache = new Map<string, CachedAuthentication>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {
    this.registry = new ConnectorRegistry(dataSource, config.INGEST_SCRYPT_COST);
  }

  create(input: NewConnector): Promise<{ connector: Connector; key: string } | undefined> {
    return this.registry.create(input);
  }

  async rotateKey(id: string): Promise<{ connector: Connector; key: string } | undefined> {
    const rotated = await this.registry.rotateKey(id);
    this.forget(id);
    return rotated;
  }

  async disable(id: string): Promise<Connector | undefined> {
    const connector = await this.registry.setStatus(id, 'disabled');
    this.forget(id);
    return connector;
  }

  list(): Promise<Connector[]> {
    return this.registry.list();
  }

  async authenticate(key: string): Promise<Authentication> {
    const cacheKey = createHash('sha256').update(key).digest('base64url');
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.result;
    const result = await this.verify(key);
    if (this.config.INGEST_KEY_CACHE_TTL_MS > 0) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(cacheKey, {
        result,
        expiresAt: Date.now() + this.config.INGEST_KEY_CACHE_TTL_MS,
      });
    }
    return result;
  }

  private async verify(key: string): Promise<Authentication> {
    const parsed = parseConnectorKey(key);
    if (!parsed) return { ok: false, reason: 'invalid_key' };
    const row = await this.registry.findWithHash(parsed.connectorId);
    if (!row || !(await verifyConnectorSecret(parsed.secret, row.key_hash)))
      return { ok: false, reason: 'invalid_key' };
    if (row.status !== 'active') return { ok: false, reason: 'connector_disabled' };
    return { ok: true, connector: toConnector(row) };
  }

  private forget(connectorId: string): void {
    for (const [cacheKey, entry] of this.cache) {
      if (entry.result.ok && entry.result.connector.id === connectorId) this.cache.delete(cacheKey);
    }
    // A refusal cached for a key of this connector is keyed by the key alone: drop refusals too.
    for (const [cacheKey, entry] of this.cache) if (!entry.result.ok) this.cache.delete(cacheKey);
  }
}
