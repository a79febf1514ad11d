import { Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SERVICE_CONFIG } from '../service-platform.module';

export type BodyParserOptions = {
  /** The largest body, in bytes, of every parsed media type. */
  bodyLimit: number;
  /** Media types read as a string for the handler to parse (`text/csv`, say). */
  text?: string[];
};

/**
 * Replaces Fastify's JSON parser with one limited to `bodyLimit` bytes, and reads each `text`
 * media type as a string under the same limit. Fastify answers 413 before reading a body that
 * declares itself larger.
 */
export function setBodyParsers(fastify: FastifyInstance, options: BodyParserOptions): void {
  const { bodyLimit, text = [] } = options;
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJson);
  for (const mediaType of text) {
    fastify.addContentTypeParser(
      mediaType,
      { parseAs: 'string', bodyLimit },
      (_request, body, done) => done(null, body),
    );
  }
}

/**
 * A provider that sets the service's body parsers (see setBodyParsers) when its module starts,
 * from its validated config, so a limit is a setting without touching the shared bootstrap:
 * `providers: [BodyParsers((config: XConfig) => ({ bodyLimit: config.maxBodyBytes }))]`.
 */
export function BodyParsers<Config>(
  optionsOf: (config: Config) => BodyParserOptions,
): Type<OnModuleInit> {
  @Injectable()
  class ServiceBodyParsers implements OnModuleInit {
    constructor(
      private readonly adapterHost: HttpAdapterHost,
      @Inject(SERVICE_CONFIG) private readonly config: Config,
    ) {}

    onModuleInit(): void {
      const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
      setBodyParsers(fastify, optionsOf(this.config));
    }
  }
  return ServiceBodyParsers;
}
