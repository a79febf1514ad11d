import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { mergeMap, type Observable } from 'rxjs';
import { PriceCatalog } from './price-catalog.service';

// Requests that change nothing selection reads, though they are POSTs.
const READ_ONLY = [/\/v1\/prices\/select$/, /\/v1\/rules\/dry-run$/];

/**
 * Read-your-writes on one replica: an HTTP request that changes something answers only once
 * this process's price catalog has caught up with it, so a select right after a publish (or a
 * settings change, an exemption, a rule attached) through the same replica sees it. Other
 * replicas see it within PRICING_CATALOG_POLL_MS plus one refresh.
 */
@Injectable()
export class CatalogReadYourWrites implements NestInterceptor {
  private readonly logger = new Logger(CatalogReadYourWrites.name);

  constructor(private readonly catalog: PriceCatalog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method?: string; url?: string }>();
    const path = (request.url ?? '').split('?')[0];
    if (
      !this.catalog.enabled ||
      request.method === undefined ||
      ['GET', 'HEAD', 'OPTIONS'].includes(request.method) ||
      READ_ONLY.some((pattern) => pattern.test(path))
    )
      return next.handle();
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        await this.catalog
          .refresh()
          .catch((error: unknown) =>
            this.logger.warn(
              `price catalog refresh after a write failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        return value;
      }),
    );
  }
}
