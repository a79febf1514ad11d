import { type Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { getMetadataArgsStorage } from 'typeorm';

/** An entity row as an answer carries it: each Date as its ISO 8601 text. */
export type RowAnswerOf<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type RowAnswerOptions<T, K extends keyof T> = {
  /** Columns the answer leaves out. */
  omit?: readonly K[];
  /** Documentation added to a column's derived one (an enum, a description), or the whole of it for a column whose JSON shape its type does not say (jsonb). */
  properties?: { [P in Exclude<keyof T, K>]?: ApiPropertyOptions };
};

const documentedTypes = new Map<
  unknown,
  StringConstructor | NumberConstructor | BooleanConstructor
>([
  ['text', String],
  ['varchar', String],
  ['timestamptz', String],
  ['integer', Number],
  ['double precision', Number],
  ['boolean', Boolean],
]);

/**
 * The OpenAPI class of an entity's row as an answer, derived from its TypeORM columns in place
 * of restating them: `class XDto extends RowAnswer(XEntity, { omit: ['secret'] }) {}`. Each
 * column is a required property of its column's JSON type (a timestamp is its ISO text), nullable
 * where the column is. A column of another type (jsonb, bigint, which Postgres answers as text
 * unless a transformer reads it) needs its documentation in `properties`.
 */
export function RowAnswer<T, K extends keyof T = never>(
  entity: Type<T>,
  options: RowAnswerOptions<T, K> = {},
): Type<RowAnswerOf<Omit<T, K>>> {
  const omitted = new Set<unknown>(options.omit ?? []);
  const documented = (options.properties ?? {}) as Record<string, ApiPropertyOptions | undefined>;
  class Answer {}
  const columns = getMetadataArgsStorage()
    .filterColumns(entity)
    .filter((column) => !omitted.has(column.propertyName));
  if (columns.length === 0) throw new Error(`RowAnswer: ${entity.name} has no TypeORM columns`);
  for (const column of columns) {
    const name = column.propertyName;
    const type = documentedTypes.get(column.options.type);
    const extra = documented[name];
    if (type === undefined && extra === undefined) {
      throw new Error(
        `RowAnswer: ${entity.name}.${name} is a ${String(column.options.type)} column: document it in properties`,
      );
    }
    const derived: ApiPropertyOptions =
      type === undefined
        ? {}
        : {
            type,
            ...(column.options.array === true ? { isArray: true } : {}),
            ...(column.options.nullable === true ? { nullable: true } : {}),
          };
    ApiProperty({ ...derived, ...extra } as ApiPropertyOptions)(Answer.prototype, name);
  }
  Object.defineProperty(Answer, 'name', { value: `${entity.name}Answer` });
  return Answer as Type<RowAnswerOf<Omit<T, K>>>;
}
