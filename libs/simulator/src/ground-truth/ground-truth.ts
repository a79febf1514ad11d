import type { Channel, DeviceType } from '@omni/contracts';
import type { JourneyKind, JourneyOutcome, JourneySource } from '../journeys/journey.types';
import type { TruthIdentifier } from './identifier-key';

/** One simulated person as the simulation knows them. */
export interface PersonTruth {
  readonly personId: string;
  /** Every identifier the person came to own, in the forms events carry them. */
  readonly identifiers: readonly TruthIdentifier[];
  readonly devices: readonly { deviceId: string; deviceType: DeviceType; os: string }[];
  readonly memberId?: string;
  /** When the person became a member (before the start for existing members). */
  readonly memberSince?: string;
  readonly loyaltyCard?: string;
  readonly storeShopper: boolean;
  readonly homeStoreId: string;
  /** occurredAt of the person's last emitted event; absent when they never appeared. */
  readonly lastActivityAt?: string;
}

/** One shopping journey as planned; its events carry the journeyId label. */
export interface JourneyTruth {
  readonly journeyId: string;
  readonly personId: string;
  readonly kind: JourneyKind;
  readonly source: JourneySource;
  readonly startedAt: string;
  readonly plannedChannels: readonly Channel[];
  readonly purchaseChannel: Channel;
  readonly purchaseDeviceType: DeviceType;
  readonly deviceIds: readonly string[];
  readonly outcome: JourneyOutcome;
  /** The cart was abandoned, retargeted and then bought. */
  readonly recovered: boolean;
  readonly cartId?: string;
  readonly orderId?: string;
  /** False when the journey runs past the end of the simulated span, so it is cut short. */
  readonly complete: boolean;
}

/** Amounts per ISO 4217 currency, in minor units. */
export type AmountByCurrency = Readonly<Record<string, number>>;

/**
 * Counts over emitted events. `orders` and `gmv` count order.placed (gross: cancellations and
 * refunds are reported on their own); `buyers` are distinct persons with an order.placed.
 */
export interface Totals {
  readonly orders: number;
  readonly gmv: AmountByCurrency;
  readonly buyers: number;
  readonly productViews: number;
  readonly cartAdds: number;
  readonly checkouts: number;
  readonly cancellations: number;
  readonly refunds: number;
  readonly refunded: AmountByCurrency;
}

export interface ChannelDayTotals extends Totals {
  readonly channel: Channel;
  /** Local calendar date of occurredAt (the simulation's UTC offset). */
  readonly date: string;
}

/** Which identifiers belong together: the answer key for identity resolution. */
export interface IdentityTruth {
  /** identifierKey → personId for every identifier that appeared in an emitted event. */
  readonly owners: ReadonlyMap<string, string>;
  /**
   * The identified part: identifiers linked, through identifiers seen together in one event,
   * to a personal identifier (phone, email, unionId, memberId or loyalty card).
   */
  readonly identifiedOwners: ReadonlyMap<string, string>;
  /**
   * The same identifiers grouped by what the events can link at all (components of the
   * co-occurrence graph). A perfect resolver reaches these clusters, not necessarily persons.
   */
  readonly linkableClusters: ReadonlyMap<string, string>;
}

export interface GroundTruth {
  readonly seed: number;
  readonly startDate: string;
  readonly days: number;
  readonly eventCount: number;
  readonly eventCounts: Readonly<Record<string, number>>;
  readonly persons: ReadonlyMap<string, PersonTruth>;
  readonly identity: IdentityTruth;
  readonly journeys: readonly JourneyTruth[];
  readonly totals: {
    readonly overall: Totals;
    readonly byChannel: ReadonlyMap<Channel, Totals>;
    /** Sorted by date, then channel. */
    readonly byChannelDay: readonly ChannelDayTotals[];
  };
}
