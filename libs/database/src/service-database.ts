import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

export type ServiceDatabaseOptions = {
  /** Service name, used for the application_name seen in pg_stat_activity. */
  service: string;
  /** The Postgres schema the service owns. Never `public`. */
  schema: string;
  url: string;
  poolSize?: number;
  // TypeORM's own parameter types.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  logging?: boolean;
};

export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  assertSchemaName(options.schema);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    // Each service keeps its migration history inside its own schema.
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: `omni-${options.service}`,
      // Every connection resolves unqualified names inside the service's schema.
      options: `-c search_path=${options.schema}`,
    },
  };
}

export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}

export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema) || schema === 'public') {
    throw new Error(
      `invalid schema name "${schema}": expected a lower-case identifier other than "public"`,
    );
  }
}
