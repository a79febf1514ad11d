import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The schema a connection works in; `undefined` means "whatever search_path says". */
export function schemaOf(dataSource: DataSource): string | undefined {
  const { options } = dataSource;
  return 'schema' in options && typeof options.schema === 'string' ? options.schema : undefined;
}

/** A messaging table name, qualified with the connection's schema when it has one. */
export function tableName(
  dataSource: DataSource,
  table: 'outbox' | 'inbox' | 'dead_letters',
): string {
  const schema = schemaOf(dataSource);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
}

type Queryable = EntityManager | QueryRunner;

/**
 * Runs SQL and returns its rows whatever the command was. TypeORM returns `[rows, count]`
 * for UPDATE/DELETE, so the structured result is read through the query runner.
 */
export async function queryRows<Row>(
  on: Queryable,
  sql: string,
  parameters: unknown[] = [],
): Promise<Row[]> {
  if ('connect' in on) return records<Row>(on, sql, parameters);
  if (on.queryRunner) return records<Row>(on.queryRunner, sql, parameters);
  const runner = on.connection.createQueryRunner();
  try {
    return await records<Row>(runner, sql, parameters);
  } finally {
    await runner.release();
  }
}

async function records<Row>(
  runner: QueryRunner,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  const result = await runner.query(sql, parameters, true);
  return (result.records ?? []) as Row[];
}
