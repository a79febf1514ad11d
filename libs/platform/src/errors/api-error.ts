import { HttpException } from '@nestjs/common';

/** Codes the platform itself answers with; services add their own (e.g. `profile_not_found`). */
export type PlatformErrorCode =
  | 'invalid_request'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_admin_token'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'database_busy'
  | 'internal_error';

/** The one error body of every Omni HTTP API. */
export type ErrorBody = {
  /** Stable and machine-readable; clients branch on it, never on the message. */
  code: string;
  message: string;
  details?: Record<string, unknown>;
};

export type ApiErrorOptions = {
  details?: Record<string, unknown>;
  /** Response headers, e.g. Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>;
};

/** An error answered as `{ code, message, details? }` with its status and headers. */
export class ApiError extends HttpException {
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, options: ApiErrorOptions = {}) {
    const body: ErrorBody =
      options.details === undefined
        ? { code, message }
        : { code, message, details: options.details };
    super(body, status);
    this.code = code;
    this.headers = options.headers ?? {};
  }

  get body(): ErrorBody {
    return this.getResponse() as ErrorBody;
  }
}
