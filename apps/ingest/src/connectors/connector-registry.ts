import type { DataSource } from 'typeorm';
import type { Channel } from '@omni/contracts';
import { generateConnectorKey, hashConnectorSecret } from './connector-key';
import { toConnector, type Connector, type ConnectorRow } from './connector';

export type NewConnector = {
  id: string;
  name: string;
  channels: Channel[];
  rateLimitPerSecond: number;
  burst: number;
};

const columns =
  'id, name, channels, key_hash, rate_limit_per_second, burst, status, created_at, updated_at';

/**
 * The connector table, shared by the admin API and the create-connector command. Framework
 * free so the command can use it with a bare DataSource.
 */
export class ConnectorRegistry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scryptCost: number,
  ) {}

  /** Creates the connector and its full token bucket; returns the plain key, shown once. */
  async create(input: NewConnector): Promise<{ connector: Connector; key: string } | undefined> {
    const { key, keyHash } = await this.newKey(input.id);
    return this.dataSource.transaction(async (tx) => {
      const rows: ConnectorRow[] = await tx.query(
        `INSERT INTO connectors (id, name, channels, key_hash, rate_limit_per_second, burst)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING ${columns}`,
        [input.id, input.name, input.channels, keyHash, input.rateLimitPerSecond, input.burst],
      );
      if (rows.length === 0) return undefined;
      await tx.query(`INSERT INTO rate_limit_buckets (connector_id, tokens) VALUES ($1, $2)`, [
        input.id,
        input.burst,
      ]);
      return { connector: toConnector(rows[0]), key };
    });
  }

  /** A new key replaces the old one at once; the old key stops working. */
  async rotateKey(id: string): Promise<{ connector: Connector; key: string } | undefined> {
    const { key, keyHash } = await this.newKey(id);
    const [rows]: [ConnectorRow[]] = await this.dataSource.query(
      `UPDATE connectors SET key_hash = $2, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
      [id, keyHash],
    );
    return rows.length === 0 ? undefined : { connector: toConnector(rows[0]), key };
  }

  async setStatus(id: string, status: Connector['status']): Promise<Connector | undefined> {
    const [rows]: [ConnectorRow[]] = await this.dataSource.query(
      `UPDATE connectors SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
      [id, status],
    );
    return rows.length === 0 ? undefined : toConnector(rows[0]);
  }

  async list(): Promise<Connector[]> {
    const rows: ConnectorRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM connectors ORDER BY id`,
    );
    return rows.map(toConnector);
  }

  private async newKey(connectorId: string): Promise<{ key: string; keyHash: string }> {
    const key = generateConnectorKey(connectorId);
    const secret = key.slice(key.lastIndexOf('.') + 1);
    return { key, keyHash: await hashConnectorSecret(secret, this.scryptCost) };
  }

  async findWithHash(id: string): Promise<ConnectorRow | undefined> {
    const rows: ConnectorRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM connectors WHERE id = $1`,
      [id],
    );
    return rows[0];
  }
}
