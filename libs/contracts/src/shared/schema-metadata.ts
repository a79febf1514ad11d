import { z } from 'zod';

/** JSON Schema keywords the contracts attach to their zod schemas. */
export interface SchemaMetadata {
  /** Name under which the schema is shared: a `$defs` entry or an AsyncAPI component. */
  id?: string;
  description?: string;
  examples?: readonly unknown[];
  /** Describes a constraint a zod check enforces, so the JSON Schema says it too. */
  anyOf?: readonly Record<string, unknown>[];
}

/**
 * The contracts' own metadata registry (not zod's global one), so the generated JSON Schema
 * and AsyncAPI documents contain exactly the contracts' schemas and nothing another library
 * registered.
 */
export const contractsRegistry = z.registry<SchemaMetadata>();

/**
 * Attaches JSON Schema metadata to `schema` and returns the same instance. Metadata belongs
 * to an instance, so document a `.clone()` of a shared schema, never the shared one.
 */
export function documented<T extends z.ZodType>(schema: T, metadata: SchemaMetadata): T {
  if (contractsRegistry.has(schema)) {
    throw new Error(
      `schema is already documented (${JSON.stringify(contractsRegistry.get(schema))}); document a .clone() of it`,
    );
  }
  contractsRegistry.add(schema, metadata);
  return schema;
}
