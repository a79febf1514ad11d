import { ConnectorEntity, RateLimitBucketEntity } from './connectors/connector.entity';
import { RejectionEntity } from './rejections/rejection.entity';

/** Every TypeORM entity of the ingest schema, for each DataSource the service creates. */
export const entities = [ConnectorEntity, RateLimitBucketEntity, RejectionEntity];
