import { HttpException } from '@nestjs/common';

/** Stable, documented codes of every whole-request error. */
export type IngestErrorCode =
  | 'malformed_json'
  | 'invalid_batch'
  | 'invalid_request'
  | 'missing_key'
  | 'invalid_key'
  | 'connector_disabled'
  | 'channel_not_allowed'
  | 'admin_disabled'
  | 'invalid_admin_token'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'kafka_unavailable'
  | 'database_unavailable'
  | 'not_found'
  | 'conflict'
  | 'internal_error';

export type ErrorBody = { code: IngestErrorCode | string; message: string };

/** An error answered as `{ code, message }` with its status and headers (e.g. Retry-After). */
export class IngestHttpError extends HttpException {
  constructor(
    status: number,
    readonly code: IngestErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super({ code, message } satisfies ErrorBody, status);
  }
}
