import type { SimulationConfig } from '../config/simulation-config';
import type { SimulatedEvent } from '../engine/timeline';
import type { PersonState } from '../people/person';
import type { SimTime } from '../time/sim-time';
import type { GroundTruth, JourneyTruth, PersonTruth } from './ground-truth';
import { identifierKeysOf } from './identifier-key';
import { IdentityAccumulator } from './identity.accumulator';
import { TotalsAccumulator } from './totals.accumulator';

/** Builds the ground truth from the events as they are emitted, never from the plan. */
export class GroundTruthRecorder {
  private readonly totals = new TotalsAccumulator();
  private readonly identity = new IdentityAccumulator();
  private readonly journeys: JourneyTruth[] = [];
  private readonly counts: Record<string, number> = {};
  private readonly lastActivity = new Map<PersonState, string>();
  private readonly seenKeys = new WeakSet<readonly string[]>();
  private eventCount = 0;

  constructor(
    private readonly config: SimulationConfig,
    private readonly time: SimTime,
  ) {}

  recordJourney(journey: JourneyTruth): void {
    this.journeys.push(journey);
  }

  /** `identityKeys`, when given, must be identifierKeysOf(event); repeats are cheap to skip. */
  recordEvent(
    event: SimulatedEvent,
    time: number,
    person: PersonState | undefined,
    identityKeys?: readonly string[],
  ): void {
    this.eventCount += 1;
    this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
    this.totals.add(event, this.time.localDate(time), person?.id);
    if (person === undefined) return;
    this.lastActivity.set(person, event.occurredAt);
    if (identityKeys === undefined) {
      this.identity.add(identifierKeysOf(event), person.id);
    } else if (!this.seenKeys.has(identityKeys)) {
      this.seenKeys.add(identityKeys);
      this.identity.add(identityKeys, person.id);
    }
  }

  build(people: readonly PersonState[]): GroundTruth {
    const persons = new Map<string, PersonTruth>();
    for (const person of people) persons.set(person.id, this.personTruth(person));
    return {
      seed: this.config.seed,
      startDate: this.config.startDate,
      days: this.config.days,
      eventCount: this.eventCount,
      eventCounts: { ...this.counts },
      persons,
      identity: this.identity.truth(),
      journeys: [...this.journeys],
      totals: this.totals.totals(),
    };
  }

  private personTruth(person: PersonState): PersonTruth {
    const lastActivityAt = this.lastActivity.get(person);
    return {
      personId: person.id,
      identifiers: [...person.owned.values()],
      devices: person.devices.map((device) => ({
        deviceId: device.deviceId,
        deviceType: device.type,
        os: device.os,
      })),
      ...(person.memberId === undefined ? {} : { memberId: person.memberId }),
      ...(person.memberSince === undefined
        ? {}
        : { memberSince: this.time.iso(person.memberSince) }),
      ...(person.loyaltyCard === undefined ? {} : { loyaltyCard: person.loyaltyCard }),
      storeShopper: person.storeShopper,
      homeStoreId: person.homeStore.id,
      ...(lastActivityAt === undefined ? {} : { lastActivityAt }),
    };
  }
}
