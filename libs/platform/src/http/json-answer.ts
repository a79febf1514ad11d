import { applyDecorators, type Type } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiResponse, DECORATORS } from '@nestjs/swagger';

/** A JSON schema as fast-json-stringify reads it. */
export type SerializationSchema = Record<string, unknown>;

type PropertyMetadata = {
  type?: unknown;
  isArray?: boolean;
  nullable?: boolean;
};

const primitives = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  ['string', 'string'],
  ['number', 'number'],
  ['integer', 'integer'],
  ['boolean', 'boolean'],
]);

const propertiesOf = (prototype: object): string[] | undefined =>
  Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototype) as string[] | undefined;

/**
 * The serialization schema of a Swagger-decorated DTO class (`@ApiProperty` metadata, the same
 * that describes it in OpenAPI): objects with their declared properties, strings, numbers,
 * booleans, arrays (`isArray` or `type: [X]`) and `nullable`. Nothing is required: serializing
 * never refuses an answer. A type it does not know (Object, Date, a union) is `{}`, written as
 * JSON.stringify would.
 */
export function serializationSchemaOf(
  type: unknown,
  seen: ReadonlySet<unknown> = new Set(),
): SerializationSchema {
  if (Array.isArray(type)) return { type: 'array', items: serializationSchemaOf(type[0], seen) };
  const primitive = primitives.get(type);
  if (primitive !== undefined) return { type: primitive };
  if (typeof type !== 'function') return {};
  // `type: () => Dto`, Swagger's form for a class declared later.
  if (type.prototype === undefined) return serializationSchemaOf((type as () => unknown)(), seen);
  const keys = propertiesOf(type.prototype as object);
  if (keys === undefined || seen.has(type)) return {};
  const inner = new Set([...seen, type]);
  const properties: Record<string, SerializationSchema> = {};
  for (const key of keys) {
    const name = key.slice(1);
    const metadata = (Reflect.getMetadata(
      DECORATORS.API_MODEL_PROPERTIES,
      type.prototype as object,
      name,
    ) ?? {}) as PropertyMetadata;
    const item = serializationSchemaOf(metadata.type, inner);
    const schema = metadata.isArray === true ? { type: 'array', items: item } : item;
    properties[name] =
      metadata.nullable === true && schema.type !== undefined
        ? { ...schema, nullable: true }
        : schema;
  }
  return { type: 'object', properties };
}

/**
 * Documents an endpoint's success answer in OpenAPI (as `@ApiOkResponse({ type })` does) and
 * has Fastify write it with fast-json-stringify from the same DTO's schema instead of
 * JSON.stringify: the answer of a hot endpoint is written several times faster. The DTO is then
 * the answer's contract in both senses: a property it does not declare is not sent, so declare
 * every one (the endpoint's tests show a missing one).
 */
export function JsonAnswer(
  type: Type<unknown> | [Type<unknown>],
  options: { status?: 200 | 201 | 202; description?: string } = {},
): MethodDecorator {
  const status = options.status ?? 200;
  const [dto, isArray] = Array.isArray(type) ? [type[0], true] : [type, false];
  return applyDecorators(
    ApiResponse({ status, type: dto, isArray, description: options.description }),
    RouteSchema({ response: { [status]: serializationSchemaOf(type) } }),
  );
}
