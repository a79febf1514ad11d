import type { z } from 'zod';
import { buildEventSchema, carriesKind, type EnvelopeAudience } from '../envelope/envelope.schema';
import { documented } from '../shared/schema-metadata';
import { tolerantReaderOf } from '../shared/tolerant-reader';
import { fastAcceptorOf, type FastAcceptor } from '../validation/fast-acceptor';
import type { EventDefinition } from './event-definition';
import { eventDefinitions } from './event-registry';

export interface CompiledEventSchemas {
  readonly definition: EventDefinition;
  /** Rejects unknown keys: for producers and the ingest edge. */
  readonly strict: z.ZodType;
  /** Ignores unknown keys: for consumers reading what a newer producer wrote. */
  readonly tolerant: z.ZodType;
  /** What each reader surely accepts, without zod's bookkeeping; zod decides the rest. */
  readonly accept: Readonly<Record<'strict' | 'tolerant', FastAcceptor>>;
}

export function eventKey(type: string, version: number): string {
  return `${type}@${version}`;
}

/** `order.placed.v1`, or `order.placed.v1.resolved` for a channel event after resolution. */
export function eventSchemaId(definition: EventDefinition, audience: EnvelopeAudience): string {
  const id = `${definition.type}.v${definition.version}`;
  return audience === 'downstream' && definition.kind !== 'service' ? `${id}.resolved` : id;
}

function compile(audience: EnvelopeAudience): ReadonlyMap<string, CompiledEventSchemas> {
  const table = new Map<string, CompiledEventSchemas>();
  for (const definition of eventDefinitions) {
    if (!carriesKind(audience, definition.kind)) continue;
    const strict = documented(buildEventSchema(definition, audience), {
      id: eventSchemaId(definition, audience),
      description: definition.summary,
    });
    const tolerant = tolerantReaderOf(strict);
    table.set(eventKey(definition.type, definition.version), {
      definition,
      strict,
      tolerant,
      accept: { strict: fastAcceptorOf(strict), tolerant: fastAcceptorOf(tolerant) },
    });
  }
  return table;
}

/** Every event schema, built once at start-up, by envelope and by `eventKey`. */
export const compiledEventSchemas: Readonly<
  Record<EnvelopeAudience, ReadonlyMap<string, CompiledEventSchemas>>
> = {
  event: compile('event'),
  downstream: compile('downstream'),
};
