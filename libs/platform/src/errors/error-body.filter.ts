import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { transientDatabaseFailure } from '@omni/database';
import { recordRequestFailure, type RequestFailure } from '@omni/observability';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiError, type ErrorBody, type PlatformErrorCode } from './api-error';

const codeByStatus: Readonly<Record<number, PlatformErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

// Nest hands Fastify's own errors on as HttpException(message, status), without their code,
// so a body that is not JSON is recognised by Fastify's message for it.
const malformedJsonMessages = new Set(
  [errorCodes.FST_ERR_CTP_INVALID_JSON_BODY, errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY].map(
    (FastifyError) => new FastifyError().message,
  ),
);

type NestDefaultBody = { statusCode: number; message: string | string[] };

const isNestDefaultBody = (body: unknown): body is NestDefaultBody =>
  typeof body === 'object' && body !== null && 'statusCode' in body && 'message' in body;

type Answer = {
  status: number;
  body: unknown;
  headers: Readonly<Record<string, string>>;
  failure: RequestFailure;
};

/**
 * Every error leaves as `{ code, message, details? }`: ApiErrors as they are, Nest's and
 * Fastify's own errors (malformed JSON, body too large, wrong media type, unknown route) with
 * stable codes, anything unexpected as 500 `internal_error` without its details. Bodies a
 * component shaped itself (the readiness report) pass through. Nothing is logged here: the
 * request's one log line (see @omni/observability) carries the code, and for a 500 the stack.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const answer = answerFor(exception);
    recordRequestFailure(http.getRequest<FastifyRequest>(), answer.failure);
    if (reply.sent) return;
    void reply.status(answer.status).headers(answer.headers).send(answer.body);
  }
}

function answerFor(exception: unknown): Answer {
  if (exception instanceof ApiError) {
    const status = exception.getStatus();
    return {
      status,
      body: exception.body,
      headers: exception.headers,
      failure: failure(status, exception.code, exception.body.message),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string' || isNestDefaultBody(response)) {
      const message =
        typeof response === 'string' ? response : [response.message].flat().join('; ');
      const code = malformedJsonMessages.has(message) ? 'malformed_json' : codeFor(status);
      return {
        status,
        body: { code, message } satisfies ErrorBody,
        headers: {},
        failure: failure(status, code, message),
      };
    }
    return { status, body: response, headers: {}, failure: { code: codeFor(status) } };
  }
  const busy = transientDatabaseFailure(exception);
  if (busy !== undefined)
    return {
      status: 503,
      body: {
        code: 'database_busy',
        message: 'the database could not complete the request now; retry it',
      } satisfies ErrorBody,
      headers: { 'Retry-After': '1' },
      failure: { code: 'database_busy', message: busy, error: exception },
    };
  return {
    status: 500,
    body: { code: 'internal_error', message: 'internal error' } satisfies ErrorBody,
    headers: {},
    failure: {
      code: 'internal_error',
      message: exception instanceof Error ? exception.message : String(exception),
      error: exception,
    },
  };
}

function codeFor(status: number): PlatformErrorCode {
  return codeByStatus[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** A 4xx message may quote the input, so only a 5xx's message goes to the log. */
function failure(status: number, code: string, message: string): RequestFailure {
  return status >= 500 ? { code, message } : { code };
}
