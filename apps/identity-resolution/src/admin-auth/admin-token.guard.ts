import { timingSafeEqual } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';

/** Admin endpoints need `Authorization: Bearer <IDENTITY_ADMIN_TOKEN>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.expected = Buffer.from(config.adminToken, 'utf8');
  }

  canActivate(context: ExecutionContext): boolean {
    const header =
      context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers
        .authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
    if (presented.length === this.expected.length && timingSafeEqual(presented, this.expected))
      return true;
    throw new HttpException(
      {
        code: 'unauthorized',
        message: 'a valid admin token is required (Authorization: Bearer <token>)',
      },
      HttpStatus.UNAUTHORIZED,
    );
  }
}
