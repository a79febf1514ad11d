import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  createServiceDataSource,
  provisionServiceDatabase,
  runMigrations,
  withDatabaseAclLock,
} from '@omni/database';

/** Where the integration infrastructure answers (set by the Jest global setup). */
export function testInfra() {
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  return { adminUrl, brokers };
}

export const uniqueSuffix = () => randomBytes(4).toString('hex');

export type TestDatabase = {
  dataSource: DataSource;
  schema: string;
  role: string;
  url: string;
  /** Environment for a service under test that should use this schema. */
  env: Record<string, string>;
  drop(): Promise<void>;
};

function databaseUrl(adminUrl: string, user: string, password: string, database: string) {
  const url = new URL(adminUrl);
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh schema and role for one spec file, with the given migrations applied as that role,
 * exactly as `migrate up` does for a real service.
 */
export async function createTestDatabase(options: {
  service: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
}): Promise<TestDatabase> {
  const { adminUrl } = testInfra();
  const suffix = uniqueSuffix();
  const schema = `t_${options.service.replace(/[^a-z0-9]/g, '_')}_${suffix}`;
  const role = `${schema}_role`;
  const password = `pw_${suffix}`;
  await provisionServiceDatabase({ adminUrl, database: 'omni', schema, role, password });
  const url = databaseUrl(adminUrl, role, password, 'omni');
  const dataSource = createServiceDataSource({
    service: options.service,
    schema,
    url,
    poolSize: 10,
    migrations: options.migrations ?? [],
    entities: options.entities ?? [],
  });
  await dataSource.initialize();
  await runMigrations(dataSource, 'up');
  return {
    dataSource,
    schema,
    role,
    url,
    env: { DATABASE_URL: url, DATABASE_SCHEMA: schema, DATABASE_ADMIN_URL: adminUrl },
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const admin = new Client({
        connectionString: databaseUrl(
          adminUrl,
          new URL(adminUrl).username,
          decodeURIComponent(new URL(adminUrl).password),
          'omni',
        ),
      });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await withDatabaseAclLock(admin, () => admin.query(`DROP OWNED BY "${role}"`));
        await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      } finally {
        await admin.end();
      }
    },
  };
}
