import type { Channel } from '@omni/contracts';

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

export type ConnectorRow = {
  id: string;
  name: string;
  channels: Channel[];
  key_hash: string;
  rate_limit_per_second: number;
  burst: number;
  status: ConnectorStatus;
  created_at: Date;
  updated_at: Date;
};

export function toConnector(row: ConnectorRow): Connector {
  return {
    id: row.id,
    name: row.name,
    channels: row.channels,
    rateLimitPerSecond: row.rate_limit_per_second,
    burst: row.burst,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Why a key was refused, or the connector it belongs to. */
export type Authentication =
  { ok: true; connector: Connector } | { ok: false; reason: 'invalid_key' | 'connector_disabled' };
