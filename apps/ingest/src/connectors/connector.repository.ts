import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { Channel } from '@omni/contracts';
import { generateConnectorKey, hashConnectorSecret } from './connector-key';
import { ConnectorEntity, RateLimitBucketEntity } from './connector.entity';
import { toConnector, type Connector } from './connector';

export type NewConnector = {
  id: string;
  name: string;
  channels: Channel[];
  rateLimitPerSecond: number;
  burst: number;
};

/**
 * The connector registry, shared by the admin API and the create-connector command. Framework
 * free so the command can use it with a bare DataSource (with the ingest entities).
 */
export class ConnectorRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scryptCost: number,
  ) {}

  /**
   * Creates the connector and its full token bucket; returns the plain key, shown once.
   * Undefined when a connector already has the id: the existing one is left as it is.
   */
  async create(input: NewConnector): Promise<{ connector: Connector; key: string } | undefined> {
    const { key, keyHash } = await this.newKey(input.id);
    return this.dataSource.transaction(async (tx) => {
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(ConnectorEntity)
        .values({ ...input, keyHash })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return undefined;
      await tx.insert(RateLimitBucketEntity, { connectorId: input.id, tokens: input.burst });
      return { connector: toConnector(await this.read(tx, input.id)), key };
    });
  }

  /** A new key replaces the old one at once; the old key stops working. */
  async rotateKey(id: string): Promise<{ connector: Connector; key: string } | undefined> {
    const { key, keyHash } = await this.newKey(id);
    const connector = await this.change(id, { keyHash });
    return connector && { connector, key };
  }

  setStatus(id: string, status: Connector['status']): Promise<Connector | undefined> {
    return this.change(id, { status });
  }

  /** Up to `limit` connectors in id order, after the id `after` when given. */
  async list(limit: number, after?: string): Promise<Connector[]> {
    const rows = await this.dataSource.getRepository(ConnectorEntity).find({
      where: after === undefined ? {} : { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map(toConnector);
  }

  /** The stored row with its key hash, for key verification. */
  async findWithHash(id: string): Promise<ConnectorEntity | undefined> {
    return (await this.dataSource.getRepository(ConnectorEntity).findOneBy({ id })) ?? undefined;
  }

  /** Applies `patch` (updated_at moves with it) and answers the connector as it is now. */
  private change(
    id: string,
    patch: Partial<Pick<ConnectorEntity, 'keyHash' | 'status'>>,
  ): Promise<Connector | undefined> {
    return this.dataSource.transaction(async (tx) => {
      const { affected } = await tx.update(ConnectorEntity, { id }, patch);
      return affected === 0 ? undefined : toConnector(await this.read(tx, id));
    });
  }

  private read(tx: EntityManager, id: string): Promise<ConnectorEntity> {
    return tx.findOneByOrFail(ConnectorEntity, { id });
  }

  private async newKey(connectorId: string): Promise<{ key: string; keyHash: string }> {
    const key = generateConnectorKey(connectorId);
    const secret = key.slice(key.lastIndexOf('.') + 1);
    return { key, keyHash: await hashConnectorSecret(secret, this.scryptCost) };
  }
}
