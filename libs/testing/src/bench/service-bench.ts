import path from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceDefinition } from '@omni/platform';
import {
  serviceEnvironment,
  type ServiceTestEnvironment,
  type ServiceTestEnvironmentOptions,
} from '../service-test-environment';
import { createTestApp } from '../test-app';
import { writeBenchResult, type BenchResultInput } from './bench-result';

/** The repository root (this file is libs/testing/src/bench). */
const root = path.resolve(__dirname, '../../../..');

export type ServiceBench<K extends string> = ServiceTestEnvironment<K> & {
  /**
   * The service's real app in this process (initialised, not listening) on the bench's
   * environment with `env` over it.
   */
  startApp(options: {
    module: Type<unknown> | DynamicModule;
    config: ServiceDefinition;
    env?: Record<string, string>;
  }): Promise<NestFastifyApplication>;
};

/**
 * What a service's benchmark runs on: a database schema with the service's real migrations,
 * topics (partitions as each binding says) and a consumer group of its own, named after
 * `prefix`, with every other setting at the service's default but for `env`. `drop` deletes the
 * topics and the schema; a bench closes the apps it started before.
 */
export async function serviceBench<K extends string>(
  options: ServiceTestEnvironmentOptions<K>,
): Promise<ServiceBench<K>> {
  const environment = await serviceEnvironment(options);
  return {
    ...environment,
    startApp: ({ module, config, env = {} }) =>
      createTestApp({
        module,
        config,
        service: options.service,
        env: { ...environment.env, ...env },
      }),
  };
}

/**
 * Runs a benchmark's `measure` and writes what it answers as
 * bench/results/<name>-<start time>.json (the shared result schema), says where, and exits the
 * process: 0, or 1 with the error.
 */
export function benchMain(
  name: string,
  measure: () => Promise<Omit<BenchResultInput, 'startedAt'>>,
): void {
  const startedAt = new Date().toISOString();
  measure().then(
    (result) => {
      const file = writeBenchResult(name, { startedAt, ...result });
      console.log(`wrote ${path.relative(root, file)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
