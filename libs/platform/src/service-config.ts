import {
  defineConfig,
  described,
  env,
  platformEnv,
  setting,
  type ConfigDefinition,
  type ConfigOf,
  type Descriptions,
} from '@omni/config';
import { databaseSettings } from '@omni/database';
import { healthSettingsDefinition } from '@omni/health';
import { messagingSettings } from '@omni/messaging';
import { z } from 'zod';
import { adminTokenVariable, developmentAdminToken } from './admin/admin-token';

/** Who a service is: its name, the Postgres schema it owns and its default HTTP port. */
export type ServiceDescriptor = {
  readonly name: string;
  readonly schema: string;
  readonly port: number;
  readonly description?: string;
};

/** Every setting the platform and its libraries read, as the `platform` subtree of a service's config. */
export function platformSettings(service: ServiceDescriptor) {
  return {
    nodeEnv: setting(
      'NODE_ENV',
      platformEnv.NODE_ENV,
      'development, test or production; production requires every secret to be set',
    ),
    logLevel: setting('LOG_LEVEL', platformEnv.LOG_LEVEL, 'Least severe log level written'),
    http: {
      port: setting('PORT', env.port(service.port), 'HTTP port'),
      host: setting(
        'HOST',
        env.string('127.0.0.1'),
        'Address the HTTP server binds; containers use 0.0.0.0',
      ),
    },
    shutdownTimeoutMs: setting(
      'SHUTDOWN_TIMEOUT_MS',
      platformEnv.SHUTDOWN_TIMEOUT_MS,
      'How long SIGTERM may take to drain consumers and close before the process exits 1 (ms)',
    ),
    adminToken: setting(
      adminTokenVariable(service),
      z.string().min(16, 'expected at least 16 characters').default(developmentAdminToken(service)),
      {
        description: `Bearer token of the admin API; \`${developmentAdminToken(service)}\` outside production`,
        secret: true,
        requiredInProduction: true,
      },
    ),
    database: databaseSettings(service.schema),
    ...messagingSettings,
    health: healthSettingsDefinition(),
    tracing: {
      enabled: setting(
        'OTEL_TRACES_ENABLED',
        platformEnv.OTEL_TRACES_ENABLED,
        'Whether OpenTelemetry traces are created and propagated',
      ),
      otlpEndpoint: setting(
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        platformEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
        'OTLP/HTTP collector URL; unset: traces are created and propagated but not exported',
      ),
    },
  };
}

export type PlatformSettings = ConfigOf<ReturnType<typeof platformSettings>>;

/** What every service's config holds besides its feature settings. */
export type ServiceConfig = { platform: PlatformSettings };

/**
 * A service's settings: the platform's under `platform`, the service's own beside them, with
 * `descriptions` for those declared without one. Parse it once with parseConfig (runService,
 * createTestApp, CLIs) and inject SERVICE_CONFIG.
 */
export function defineServiceConfig<const F extends ConfigDefinition>(
  service: ServiceDescriptor,
  featureSettings: F,
  descriptions: Descriptions = {},
) {
  return defineConfig({
    platform: platformSettings(service),
    ...described(featureSettings, descriptions),
  });
}

/** The typed, camelCase object a service definition parses to. */
export type ServiceConfigOf<D extends ConfigDefinition> = ConfigOf<D>;

/** Any service's definition, as runService and createTestApp take it. */
export type ServiceDefinition = ConfigDefinition & {
  readonly platform: ReturnType<typeof platformSettings>;
};

/** The most HTTP threads a service may run (ADR 0040). */
export const MAX_HTTP_THREADS = 16;

/**
 * The setting of a service that may serve HTTP on more than one thread of its process (ADR
 * 0040), declared as `httpThreads` at the top of its config; runService starts that many. 1 by
 * default. Only for a service whose per-process state is right on every thread: consumers, the
 * outbox relay and periodic tasks run on the main thread, and caches are per thread.
 */
export const httpThreadsSetting = (variable: string) =>
  setting.int(variable, 1, 1, MAX_HTTP_THREADS);

/** How many HTTP threads a parsed config asks for: its `httpThreads`, or 1. */
export function httpThreadsOf(config: ServiceConfig): number {
  const threads = (config as ServiceConfig & { httpThreads?: unknown }).httpThreads;
  return typeof threads === 'number' ? threads : 1;
}
