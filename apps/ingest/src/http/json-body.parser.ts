import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';

/**
 * Replaces Nest's JSON parser with one whose size limit is INGEST_MAX_BODY_BYTES, so the
 * limit is configurable without touching the shared bootstrap. Fastify answers 413 before
 * reading a body that declares itself too large.
 */
@Injectable()
export class JsonBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const parse = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: this.config.batch.maxBodyBytes },
      parse,
    );
  }
}
