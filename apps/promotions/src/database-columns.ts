import type { EntityManager, ValueTransformer } from 'typeorm';

/** bigint columns hold minor units below 2^53; pg returns them as text. */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** The rows of an UPDATE … RETURNING: TypeORM answers those with `[rows, affected]`. */
export async function updatedRows<Row>(
  tx: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  const result: unknown = await tx.query(sql, parameters);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as Row[];
  return result as Row[];
}
