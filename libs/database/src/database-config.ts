import { env, parseConfig, setting, type ConfigOf } from '@omni/config';

/** Database settings of one service; defaults suit the local platform started by `npm start`. */
export function databaseSettings(schema: string) {
  const role = `omni_${schema}`;
  return {
    url: setting(
      'DATABASE_URL',
      env.url(`postgres://${role}:${role}@127.0.0.1:5432/omni`),
      "Postgres URL of the service's own role",
    ),
    schema: setting('DATABASE_SCHEMA', env.string(schema), 'Postgres schema the service owns'),
    poolSize: setting('DATABASE_POOL_SIZE', env.int(10, 1, 200), 'Connections in the pool'),
    adminUrl: setting(
      'DATABASE_ADMIN_URL',
      env.url('postgres://postgres@127.0.0.1:5432/postgres'),
      'Postgres URL of an admin, used only by `migrate up` to create the role and schema',
    ),
  };
}

export type DatabaseSettings = ConfigOf<ReturnType<typeof databaseSettings>>;

export type ServiceDatabaseSettings = {
  url: string;
  schema: string;
  poolSize: number;
  adminUrl: string;
  role: string;
  password: string;
  database: string;
};

/** The parsed settings with the role, password and database the URL names. */
export function serviceDatabaseSettings(settings: DatabaseSettings): ServiceDatabaseSettings {
  const url = new URL(settings.url);
  return {
    ...settings,
    role: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
  };
}

/** For the migrate command, which runs without the service: parses the database settings only. */
export function loadDatabaseSettings(
  schema: string,
  source: Record<string, string | undefined> = process.env,
): ServiceDatabaseSettings {
  return serviceDatabaseSettings(parseConfig(databaseSettings(schema), source));
}
