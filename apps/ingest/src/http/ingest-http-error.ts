import { ApiError } from '@omni/platform';

/** Stable, documented codes of every whole-request error. */
export type IngestErrorCode =
  | 'malformed_json'
  | 'invalid_batch'
  | 'invalid_request'
  | 'missing_key'
  | 'invalid_key'
  | 'connector_disabled'
  | 'channel_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'auth_throttled'
  | 'auth_busy'
  | 'unprocessable_events'
  | 'kafka_unavailable'
  | 'database_unavailable'
  | 'not_found'
  | 'conflict'
  | 'internal_error';

/** The platform's ApiError, limited to ingest's documented codes. */
export class IngestHttpError extends ApiError {
  constructor(
    status: number,
    override readonly code: IngestErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(status, code, message, { headers });
  }
}
