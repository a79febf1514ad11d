import { env, parseEnv, platformEnv } from '@omni/config';
import { serviceDatabaseEnv } from '@omni/database';
import { messagingEnv } from '@omni/messaging';

/** Who a service is: its name, the Postgres schema it owns and its default HTTP port. */
export type ServiceDescriptor = {
  readonly name: string;
  readonly schema: string;
  readonly port: number;
  readonly description?: string;
};

/** Every variable a service reads for the platform; features add their own beside these. */
export function serviceEnv(service: ServiceDescriptor) {
  return {
    ...platformEnv,
    ...serviceDatabaseEnv(service.schema),
    ...messagingEnv,
    PORT: env.port(service.port),
    HOST: env.string('127.0.0.1'),
  };
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;

/** Parses and validates the environment once; a bad value throws a ConfigError naming it. */
export function loadServiceConfig(
  service: ServiceDescriptor,
  source: Record<string, string | undefined> = process.env,
) {
  return parseEnv(serviceEnv(service), source);
}
