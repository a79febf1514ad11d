import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SERVICE_CONFIG } from '@omni/platform';
import type { PricingConfig } from '../config/pricing-config';

/**
 * JSON bodies up to PRICING_MAX_BODY_BYTES (a 100,000-row list is several MB), and CSV bodies
 * as text for imports. Fastify answers 413 before reading a body that declares itself larger.
 */
@Injectable()
export class BodyParsers implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const bodyLimit = this.config.imports.maxBodyBytes;
    const parseJson = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJson);
    fastify.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit },
      (_request, body, done) => done(null, body),
    );
  }
}
