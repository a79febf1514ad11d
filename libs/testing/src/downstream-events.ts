import { randomUUID } from 'node:crypto';
import { goldenFixture } from '@omni/contracts';

/** An event as a spec sends it: JSON with its id. */
export type TestEvent = Record<string, unknown> & { eventId: string };

export type DownstreamEventOptions = {
  customerId?: string;
  /** Over the fixture's payload. */
  payload?: Record<string, unknown>;
  /** Default: now. */
  occurredAt?: Date | string;
  /** Default: `test-<uuid>`. */
  eventId?: string;
  channel?: string;
};

/**
 * An event as identity resolution publishes it downstream, from the golden fixture of `type`
 * (version 1): its own id, correlation and causation, with the options over the fixture's.
 */
export function downstreamEvent(type: string, options: DownstreamEventOptions = {}): TestEvent {
  const fixture = goldenFixture(type, 1);
  const eventId = options.eventId ?? `test-${randomUUID()}`;
  const occurredAt = options.occurredAt ?? new Date();
  return {
    ...fixture,
    eventId,
    ...(options.customerId === undefined ? {} : { customerId: options.customerId }),
    correlationId: eventId,
    causationId: eventId,
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    payload: { ...(fixture['payload'] as object), ...options.payload },
  };
}

/** A profile change (`profile.merged`, `profile.split`, `profile.erased`) as identity publishes it. */
export function profileChange(
  type: 'profile.merged' | 'profile.split' | 'profile.erased',
  customerId: string,
  payload: object,
  version = 1,
): TestEvent {
  const eventId = `idr-test-${randomUUID()}`;
  return {
    eventId,
    type,
    version,
    occurredAt: new Date().toISOString(),
    customerId,
    correlationId: eventId,
    causationId: eventId,
    payload,
  };
}
