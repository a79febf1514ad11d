import { env, parseEnv } from '@omni/config';

/** Database variables for one service; defaults suit the local platform started by `npm start`. */
export function serviceDatabaseEnv(schema: string) {
  const role = `omni_${schema}`;
  return {
    DATABASE_URL: env.url(`postgres://${role}:${role}@127.0.0.1:5432/omni`),
    DATABASE_SCHEMA: env.string(schema),
    DATABASE_POOL_SIZE: env.int(10, 1, 200),
    DATABASE_ADMIN_URL: env.url('postgres://postgres@127.0.0.1:5432/postgres'),
  };
}

export type ServiceDatabaseSettings = {
  url: string;
  schema: string;
  poolSize: number;
  adminUrl: string;
  role: string;
  password: string;
  database: string;
};

export function serviceDatabaseSettings(
  schema: string,
  source: Record<string, string | undefined> = process.env,
): ServiceDatabaseSettings {
  const parsed = parseEnv(serviceDatabaseEnv(schema), source);
  const url = new URL(parsed.DATABASE_URL);
  return {
    url: parsed.DATABASE_URL,
    schema: parsed.DATABASE_SCHEMA,
    poolSize: parsed.DATABASE_POOL_SIZE,
    adminUrl: parsed.DATABASE_ADMIN_URL,
    role: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
  };
}
