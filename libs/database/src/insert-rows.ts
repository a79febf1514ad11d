import type { EntityManager } from 'typeorm';

/** The Postgres element types a batch insert sends its columns as. */
export type ColumnType =
  'text' | 'boolean' | 'int' | 'bigint' | 'numeric' | 'date' | 'timestamptz' | 'jsonb';

/** The fields of a row to insert, each with the type of its column. */
export type InsertColumns<Row> = { readonly [Field in keyof Row]?: ColumnType };

const columnOf = (field: string): string =>
  field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

const parameterOf = (value: unknown): unknown =>
  value instanceof Date ? value.toISOString() : (value ?? null);

/**
 * Inserts a whole batch in one statement, `INSERT INTO <into> (<columns>) SELECT * FROM
 * unnest($1::<type>[], …) <then>`, each column sent as one array parameter: a statement per row
 * would cap the consumers far below the rates they must sustain. A field `fooBar` fills column
 * `foo_bar`; a Date is sent as its ISO instant. `into` may alias the table for `then` (an
 * ON CONFLICT clause, RETURNING); the answer is the returned rows.
 */
export async function insertRows<Row, Returned = unknown>(
  tx: EntityManager,
  into: string,
  columns: InsertColumns<Row>,
  rows: readonly Row[],
  then = '',
): Promise<Returned[]> {
  if (rows.length === 0) return [];
  const fields = Object.keys(columns) as (keyof Row & string)[];
  const arrays = fields.map((field, i) => `$${i + 1}::${columns[field]}[]`);
  const returned: unknown = await tx.query(
    `INSERT INTO ${into} (${fields.map(columnOf).join(', ')})
     SELECT * FROM unnest(${arrays.join(', ')}) ${then}`,
    fields.map((field) => rows.map((row) => parameterOf(row[field]))),
  );
  return Array.isArray(returned) ? (returned as Returned[]) : [];
}
