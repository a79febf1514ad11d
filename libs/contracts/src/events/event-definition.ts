import type { z } from 'zod';
import { documented } from '../shared/schema-metadata';

/**
 * - `channel`: a channel event about a person; connectors send it with at least one identifier.
 * - `reference`: a channel feed about things, not people (stock, competitor prices, ad spend);
 *   it needs no identifier.
 * - `service`: emitted by an Omni service. Connectors cannot send it.
 */
export type EventKind = 'channel' | 'reference' | 'service';

export interface EventDefinition<
  T extends string = string,
  V extends number = number,
  K extends EventKind = EventKind,
  P extends z.ZodType = z.ZodType,
> {
  readonly type: T;
  readonly version: V;
  readonly kind: K;
  /** One sentence for the AsyncAPI document and the JSON Schema. */
  readonly summary: string;
  readonly payload: P;
}

/** Declares one version of one event type. Register it in event-registry.ts. */
export function defineEvent<
  const T extends string,
  const V extends number,
  const K extends EventKind,
  P extends z.ZodType,
>(definition: EventDefinition<T, V, K, P>): EventDefinition<T, V, K, P> {
  documented(definition.payload, {
    id: `${definition.type}.v${definition.version}.payload`,
    description: definition.summary,
  });
  return definition;
}
