import type { Channel, EventContext, EventEnvelope, Identifiers, PayloadOf } from '@omni/contracts';
import type { PersonState } from '../people/person';
import { wholeSecond, type SimTime } from '../time/sim-time';
import type { MinHeap, Scheduled } from './min-heap';

/** An event exactly as a connector would send it: the contract envelope, sentAt set. */
export type SimulatedEvent = EventEnvelope;

/** The event types the simulator produces (every channel and reference type but `custom`). */
export type SimulatedEventType = Exclude<EventEnvelope['type'], 'custom'>;

/** What a generator hands over; the engine adds eventId, version, times and connectorId. */
export interface EventDraft<T extends SimulatedEventType = SimulatedEventType> {
  readonly type: T;
  readonly channel: Channel;
  readonly identifiers: Identifiers;
  readonly context?: EventContext;
  readonly payload: PayloadOf<T>;
}

/** Who and which journey an event belongs to: ground truth, never part of the envelope. */
export interface EventLabels {
  readonly person?: PersonState;
  readonly journeyId?: string;
  /** identifierKeysOf(identifiers), shared by the events of a session (same array). */
  readonly identityKeys?: readonly string[];
}

/** A draft once its type no longer needs to be tracked: the envelope is typed at release. */
export interface StoredDraft {
  readonly type: SimulatedEventType;
  readonly channel: Channel;
  readonly identifiers: Identifiers;
  readonly context?: EventContext;
  readonly payload: unknown;
}

export interface PendingEvent extends Scheduled, EventLabels {
  readonly draft: StoredDraft;
}

/**
 * Where generators put future events. Events may be planned days ahead (a review after an
 * order); the engine releases them in time order once no pending action can come before them.
 */
export class Timeline {
  /** The time of the action being run: nothing it plans may happen earlier. */
  floor = 0;
  private seq = 0;

  constructor(
    private readonly pending: MinHeap<PendingEvent>,
    private readonly time: SimTime,
  ) {}

  emit<T extends SimulatedEventType>(at: number, draft: EventDraft<T>, labels?: EventLabels): void {
    const time = wholeSecond(at);
    if (time < this.floor) {
      throw new Error(
        `simulator bug: ${draft.type} planned at ${this.time.iso(time)}, before the action that planned it (${this.time.iso(this.floor)})`,
      );
    }
    if (time >= this.time.endMs) return;
    this.pending.push({
      time,
      seq: this.seq++,
      draft,
      person: labels?.person,
      journeyId: labels?.journeyId,
      identityKeys: labels?.identityKeys,
    });
  }
}
