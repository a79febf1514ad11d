import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { httpThreads } from '@omni/platform';
import type { FastifyInstance } from 'fastify';
import { CATALOG_REFRESH_TOPIC, PriceCatalog } from './price-catalog.service';

// Requests that change nothing selection reads, though they are POSTs (route patterns).
const READ_ONLY = new Set(['/v1/prices/select', '/v1/rules/dry-run']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes on one replica: an HTTP request that changes something answers only once
 * this process's price catalogs (one an HTTP thread, ADR 0040) have caught up with it, so a
 * select right after a publish (or a settings change, an exemption, a rule attached) through the
 * same replica sees it, on whichever thread it lands. Other replicas see it within PRICING_CATALOG_POLL_MS plus one refresh. A Fastify onSend hook rather
 * than a Nest interceptor: an app-wide interceptor runs every request of every route through
 * rxjs, select's included; this costs reads one set look-up.
 */
@Injectable()
export class CatalogReadYourWrites implements OnModuleInit {
  private readonly logger = new Logger(CatalogReadYourWrites.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly catalog: PriceCatalog,
  ) {}

  onModuleInit(): void {
    if (!this.catalog.enabled) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (
        reply.statusCode >= 400 ||
        SAFE_METHODS.has(request.method) ||
        READ_ONLY.has(request.routeOptions.url ?? '')
      ) {
        done(null, payload);
        return;
      }
      void Promise.all([this.refreshHere(), this.refreshOtherThreads()]).then(() =>
        done(null, payload),
      );
    });
  }

  private async refreshHere(): Promise<void> {
    await this.catalog
      .refresh()
      .catch((error: unknown) =>
        this.logger.warn(
          `price catalog refresh after a write failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }

  /** The catalogs of this process's other HTTP threads (ADR 0040), when it has any. */
  private async refreshOtherThreads(): Promise<void> {
    const threads = httpThreads();
    if (threads === undefined) return;
    const { errors, missing } = await threads.call(CATALOG_REFRESH_TOPIC);
    if (errors.length > 0 || missing.length > 0) {
      this.logger.warn(
        `another HTTP thread's price catalog did not confirm a refresh after a write (${[...errors, ...missing.map((thread) => `thread ${thread}: no answer`)].join('; ')}); it catches up within PRICING_CATALOG_POLL_MS`,
      );
    }
  }
}
