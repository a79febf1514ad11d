export {
  createServiceDataSource,
  serviceDataSourceOptions,
  assertSchemaName,
  type ServiceDatabaseOptions,
} from './service-database';
export { provisionServiceDatabase, withDatabaseAclLock, type ProvisionOptions } from './provision';
export { runMigrations, type MigrationDirection, type MigrationReport } from './migration-runner';
export {
  databaseSettings,
  loadDatabaseSettings,
  serviceDatabaseSettings,
  type DatabaseSettings,
  type ServiceDatabaseSettings,
} from './database-config';
export { runMigrationCommand } from './migrate-command';
export {
  sqlMigration,
  type MigrationStep,
  type SqlMigrationDefinition,
  type SqlMigrationClass,
} from './sql-migration';
export { scalarArrayLiteral, textArrayLiteral } from './array-literal';
export { insertRows, type ColumnType, type InsertColumns } from './insert-rows';
export { transactionAtNow } from './transaction-at-now';
export {
  errorChain,
  isTransientSqlState,
  sqlStateOf,
  transientDatabaseFailure,
} from './database-errors';
