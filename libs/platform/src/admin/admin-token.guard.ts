import { hash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';
import { ADMIN_TOKEN } from './admin-token';

// One-shot hashing: no Hash object per request.
const digest = (value: string): Buffer => hash('sha256', value, 'buffer');

/**
 * Admin endpoints need `Authorization: Bearer <admin token>` (see loadAdminToken). Anything else
 * answers 401 `invalid_admin_token`, the same in every service.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(ADMIN_TOKEN) token: string) {
    this.expected = digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    // Digests have equal length, so the comparison takes the same time whatever was sent.
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    throw new ApiError(401, 'invalid_admin_token', 'send Authorization: Bearer <admin token>', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}
