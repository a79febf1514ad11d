import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest-config';
import { IngestHttpError } from './ingest-http-error';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Admin endpoints need `Authorization: Bearer <INGEST_ADMIN_TOKEN>`; without the setting they are off. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(INGEST_CONFIG) private readonly config: IngestConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.INGEST_ADMIN_TOKEN;
    if (expected === undefined) {
      throw new IngestHttpError(
        403,
        'admin_disabled',
        'the admin API is off: set INGEST_ADMIN_TOKEN to enable it',
      );
    }
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    // Digests have equal length, so the comparison is constant-time whatever was sent.
    if (!match || !timingSafeEqual(digest(match[1]), digest(expected))) {
      throw new IngestHttpError(
        401,
        'invalid_admin_token',
        'send Authorization: Bearer <admin token>',
      );
    }
    return true;
  }
}
