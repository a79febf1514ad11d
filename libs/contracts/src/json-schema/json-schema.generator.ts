import { z } from 'zod';
import {
  downstreamEnvelopeSchema,
  eventEnvelopeSchema,
  type EnvelopeAudience,
} from '../envelope/envelope.schema';
import type { EventDefinition } from '../events/event-definition';
import { eventDefinitions } from '../events/event-registry';
import { compiledEventSchemas, eventKey } from '../events/event-schemas';
import { contractsRegistry } from '../shared/schema-metadata';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

export interface JsonSchemaFile {
  readonly fileName: string;
  readonly schema: JsonSchema;
}

const formatsWithPatterns = new Set(['date-time', 'date']);

/** Drops the long regex zod writes beside `format: date-time` or `date`; the format says it. */
export function omitFormatPatterns({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (typeof jsonSchema.format === 'string' && formatsWithPatterns.has(jsonSchema.format)) {
    delete jsonSchema.pattern;
  }
}

/** The envelope a producer of this event uses: services publish downstream events. */
export function producedAudience(definition: EventDefinition): EnvelopeAudience {
  return definition.kind === 'service' ? 'downstream' : 'event';
}

/** The strict schema of an event as its producer sends it. */
export function producedEventSchema(
  definition: EventDefinition,
  audience: EnvelopeAudience,
): z.ZodType {
  const compiled = compiledEventSchemas[audience].get(
    eventKey(definition.type, definition.version),
  );
  if (compiled === undefined) {
    throw new Error(`${definition.type} v${definition.version} has no ${audience} envelope`);
  }
  return compiled.strict;
}

/** A self-contained JSON Schema whose root is the schema itself and shared parts are $defs. */
function standalone(schema: z.ZodType): JsonSchema {
  const document = z.toJSONSchema(schema, {
    metadata: contractsRegistry,
    io: 'input',
    target: 'draft-2020-12',
    override: omitFormatPatterns,
  });
  // A schema with an id comes back as a $ref into $defs; lift it so the root is the schema.
  const { $ref, $defs, ...rest } = document;
  const rootId = $ref?.replace('#/$defs/', '');
  const root = rootId === undefined ? undefined : $defs?.[rootId];
  if (rootId === undefined || typeof root !== 'object') return document;
  const shared = Object.fromEntries(Object.entries($defs ?? {}).filter(([id]) => id !== rootId));
  return {
    ...rest,
    title: rootId,
    ...root,
    ...(Object.keys(shared).length > 0 && { $defs: shared }),
  };
}

/**
 * JSON Schema (draft 2020-12) for the two envelopes and for every event type and version as
 * its producer sends it: `envelope.json`, `downstream-envelope.json`, `<type>.v<version>.json`.
 */
export function buildJsonSchemaFiles(): JsonSchemaFile[] {
  return [
    { fileName: 'envelope.json', schema: standalone(eventEnvelopeSchema) },
    { fileName: 'downstream-envelope.json', schema: standalone(downstreamEnvelopeSchema) },
    ...eventDefinitions.map((definition) => ({
      fileName: `${definition.type}.v${definition.version}.json`,
      schema: standalone(producedEventSchema(definition, producedAudience(definition))),
    })),
  ];
}
