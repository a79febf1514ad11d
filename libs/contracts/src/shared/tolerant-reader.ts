import { z } from 'zod';

// Zod defs may hold getters (a default value is cloned per parse), so copy descriptors, not values.
function withDef<D extends object>(def: D, overrides: Partial<D>): D {
  const copy: D = Object.defineProperties({} as D, Object.getOwnPropertyDescriptors(def));
  for (const [key, value] of Object.entries(overrides)) {
    Object.defineProperty(copy, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * The same schema, except that every object (at any depth) ignores keys it does not know
 * instead of rejecting them. Producers validate strictly so typos are caught; consumers read
 * tolerantly, so an optional field added by a newer producer never breaks an older consumer.
 * Object checks (refinements) are kept.
 */
export function tolerantReaderOf<T extends z.core.$ZodType>(schema: T): T {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(
      Object.entries(schema.def.shape).map(([key, field]) => [key, tolerantReaderOf(field)]),
    );
    const catchall = schema.def.catchall instanceof z.ZodNever ? undefined : schema.def.catchall;
    return schema.clone(withDef(schema.def, { shape, catchall }));
  }
  if (schema instanceof z.ZodArray) {
    return schema.clone(withDef(schema.def, { element: tolerantReaderOf(schema.def.element) }));
  }
  if (schema instanceof z.ZodOptional) {
    return schema.clone(withDef(schema.def, { innerType: tolerantReaderOf(schema.def.innerType) }));
  }
  if (schema instanceof z.ZodNullable) {
    return schema.clone(withDef(schema.def, { innerType: tolerantReaderOf(schema.def.innerType) }));
  }
  if (schema instanceof z.ZodDefault) {
    return schema.clone(withDef(schema.def, { innerType: tolerantReaderOf(schema.def.innerType) }));
  }
  if (schema instanceof z.ZodPipe) {
    return schema.clone(withDef(schema.def, { in: tolerantReaderOf(schema.def.in) }));
  }
  if (schema instanceof z.ZodRecord) {
    return schema.clone(withDef(schema.def, { valueType: tolerantReaderOf(schema.def.valueType) }));
  }
  return schema;
}
