import type { Channel } from '@omni/contracts';
import type { ConnectorEntity } from './connector.entity';

export type ConnectorStatus = 'active' | 'disabled';

/** A registered sender of events. The key itself is never stored, only its scrypt hash. */
export type Connector = {
  id: string;
  name: string;
  channels: Channel[];
  rateLimitPerSecond: number;
  burst: number;
  status: ConnectorStatus;
  createdAt: string;
  updatedAt: string;
};

/** The API's view of a stored connector: everything but its key hash. */
export function toConnector(row: ConnectorEntity): Connector {
  return {
    id: row.id,
    name: row.name,
    channels: row.channels,
    rateLimitPerSecond: row.rateLimitPerSecond,
    burst: row.burst,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Why a key was refused, or the connector it belongs to. */
export type Authentication =
  { ok: true; connector: Connector } | { ok: false; reason: 'invalid_key' | 'connector_disabled' };
