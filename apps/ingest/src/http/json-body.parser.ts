import { BodyParsers } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';

/** JSON bodies up to INGEST_MAX_BODY_BYTES. */
export const JsonBodyParser = BodyParsers((config: IngestConfig) => ({
  bodyLimit: config.batch.maxBodyBytes,
}));
