import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IngestHttpError, type ErrorBody, type IngestErrorCode } from './ingest-http-error';

const codeByStatus: Record<number, IngestErrorCode> = {
  400: 'invalid_request',
  401: 'missing_key',
  403: 'invalid_key',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'kafka_unavailable',
};

type NestDefaultBody = { statusCode: number; message: string | string[] };

function isNestDefaultBody(body: unknown): body is NestDefaultBody {
  return typeof body === 'object' && body !== null && 'statusCode' in body && 'message' in body;
}

/**
 * Every error leaves as JSON `{ code, message }`. Fastify's own errors (body too large,
 * unknown media type, malformed JSON) reach here as plain HttpExceptions and get stable codes.
 * Bodies that are already specific (e.g. the health report) pass through unchanged.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorBodyFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof IngestHttpError) {
      void reply
        .status(exception.getStatus())
        .headers(exception.headers)
        .send(exception.getResponse());
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string' || isNestDefaultBody(body)) {
        const message = typeof body === 'string' ? body : [body.message].flat().join('; ');
        void reply
          .status(status)
          .send({ code: codeFor(status, message), message } satisfies ErrorBody);
      } else {
        void reply.status(status).send(body);
      }
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    void reply
      .status(500)
      .send({ code: 'internal_error', message: 'internal error' } satisfies ErrorBody);
  }
}

function codeFor(status: number, message: string): string {
  if (status === 400 && /JSON/i.test(message)) return 'malformed_json';
  return codeByStatus[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}
