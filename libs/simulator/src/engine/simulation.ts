import type { EventContext } from '@omni/contracts';
import { connectorIdOf } from '../channels/channel-profiles';
import { Catalogue } from '../catalogue/catalogue';
import {
  parseSimulationConfig,
  type SimulationConfig,
  type SimulationConfigInput,
} from '../config/simulation-config';
import { ReferenceFeed } from '../feeds/reference-feed.generator';
import type { GroundTruth } from '../ground-truth/ground-truth';
import { GroundTruthRecorder } from '../ground-truth/ground-truth.recorder';
import { IdentifierKeyInterner } from '../ground-truth/identifier-key';
import { runJourney } from '../journeys/journey.generator';
import { organicSource } from '../journeys/journey-follow-up';
import { CampaignBook } from '../marketing/campaign-book';
import { IdentifierFactory } from '../people/identifier-factory';
import type { PersonState } from '../people/person';
import { createPerson, deviceModel } from '../people/person.generator';
import {
  nextPoissonTime,
  runAmbientTouch,
  runConsentChange,
  runReminder,
} from '../activities/person-activity.generator';
import { nextStoreVisitTime, visitStore } from '../activities/store-visit.generator';
import { hash2, hashString } from '../random/hash';
import { EventIdSource } from '../random/deterministic-id';
import { HourSampler, MINUTE, SECOND, SimTime, wholeSecond } from '../time/sim-time';
import { MinHeap, type Scheduled } from './min-heap';
import type { Action, SimulationContext } from './simulation-context';
import { Timeline, type PendingEvent, type SimulatedEvent } from './timeline';

/** The events on which a person sees (and is counted in) the A/B tests of their channel. */
const EXPOSURE_TYPES: ReadonlySet<string> = new Set([
  'page.viewed',
  'product.viewed',
  'cart.item-added',
  'checkout.started',
  'order.placed',
]);

/** An emitted event with its ground-truth labels, which are not part of the envelope. */
export interface LabelledEvent {
  readonly event: SimulatedEvent;
  /** The simulated person the event is about; absent for reference feeds. */
  readonly personId: string | undefined;
  /** The shopping journey the event belongs to, if any. */
  readonly journeyId: string | undefined;
}

export interface Simulation {
  readonly config: SimulationConfig;
  /** A fresh, lazily generated stream of events in occurredAt order. */
  events(): IterableIterator<SimulatedEvent>;
  /** The same stream with person and journey labels, for tests and benchmarks. */
  labelledEvents(): IterableIterator<LabelledEvent>;
  /**
   * What the stream contains, computed from the emitted events. Comes for free after a full
   * pass over events(); otherwise runs one pass without keeping the events.
   */
  groundTruth(): GroundTruth;
}

/**
 * Sets up a deterministic simulation: the same config (seed included) always gives the same
 * events, ids and ground truth. Nothing is generated until the events are iterated.
 */
export function simulate(input: SimulationConfigInput = {}): Simulation {
  const config = parseSimulationConfig(input);
  let cached: GroundTruth | undefined;
  function* labelledEvents(): Generator<LabelledEvent, void, undefined> {
    const engine = new SimulationEngine(config);
    yield* engine.run();
    cached ??= engine.groundTruth();
  }
  return {
    config,
    *events() {
      for (const labelled of labelledEvents()) yield labelled.event;
    },
    labelledEvents,
    groundTruth() {
      if (cached === undefined) {
        const pass = labelledEvents();
        while (pass.next().done !== true);
      }
      if (cached === undefined)
        throw new Error('simulator bug: ground truth missing after a full pass');
      return cached;
    },
  };
}

interface ScheduledAction extends Scheduled {
  readonly action: Action;
}

/**
 * A discrete-event simulation. Actions (a journey, a store visit, a day of reference feeds)
 * run in time order and plan events, possibly days ahead; a planned event is released once
 * no pending action comes before it, so the output is in time order while only the planned
 * future is held in memory.
 */
class SimulationEngine {
  private readonly agenda = new MinHeap<ScheduledAction>();
  private readonly pending = new MinHeap<PendingEvent>();
  private readonly ctx: SimulationContext;
  private readonly people: PersonState[] = [];
  private readonly recorder: GroundTruthRecorder;
  private readonly feed: ReferenceFeed;
  private readonly timeline: Timeline;
  private readonly time: SimTime;
  private readonly sentAtKey: number;
  private readonly eventIds: EventIdSource;
  private readonly experiments: readonly {
    readonly id: string;
    readonly key: number;
    readonly channels: ReadonlySet<string>;
    readonly variants: readonly string[];
  }[];
  private actionSeq = 0;
  private emitted = 0;

  constructor(private readonly config: SimulationConfig) {
    this.time = new SimTime(config.startDate, config.days, config.utcOffsetMinutes);
    this.timeline = new Timeline(this.pending, this.time);
    this.recorder = new GroundTruthRecorder(config, this.time);
    this.sentAtKey = hash2(config.seed, 0x5e47);
    this.eventIds = new EventIdSource(config.seed);
    this.experiments = config.experiments.map((experiment) => ({
      id: experiment.id,
      key: hash2(config.seed, hashString(experiment.id)),
      channels: new Set(experiment.channels),
      variants: experiment.variants,
    }));
    const ids = new IdentifierFactory(config.seed);
    this.ctx = {
      config,
      time: this.time,
      ids,
      catalogue: new Catalogue(config),
      campaigns: new CampaignBook(config),
      timeline: this.timeline,
      hours: {
        mobile: new HourSampler(config.dayparts.mobile),
        tablet: new HourSampler(config.dayparts.mobile),
        desktop: new HourSampler(config.dayparts.desktop),
        store: new HourSampler(config.dayparts.store),
      },
      identifierKeys: new IdentifierKeyInterner(),
      schedule: (action) => this.schedule(action),
      recordJourney: (journey) => this.recorder.recordJourney(journey),
    };
    this.feed = new ReferenceFeed(this.ctx);
    for (let day = 0; day < config.days; day++) {
      this.schedule({ kind: 'reference-feed', time: this.time.dayStart(day), day });
    }
    const factory = { config, ids, time: this.time, devices: deviceModel(config) };
    for (let index = 0; index < config.people; index++) {
      const person = createPerson(index, factory);
      this.people.push(person);
      this.scheduleFirstActions(person);
    }
  }

  *run(): Generator<LabelledEvent, void, undefined> {
    for (;;) {
      const action = this.agenda.peek();
      const event = this.pending.peek();
      if (event !== undefined && (action === undefined || event.time <= action.time)) {
        this.pending.pop();
        yield this.release(event);
        continue;
      }
      if (action === undefined) return;
      this.agenda.pop();
      this.timeline.floor = action.time;
      this.perform(action.action);
    }
  }

  groundTruth(): GroundTruth {
    return this.recorder.build(this.people);
  }

  private schedule(action: Action): void {
    const time = wholeSecond(action.time);
    if (!(time < this.time.endMs)) return;
    if (time < this.timeline.floor) {
      throw new Error(
        `simulator bug: ${action.kind} scheduled in the past (${this.time.iso(time)})`,
      );
    }
    this.agenda.push({ time, seq: this.actionSeq++, action: { ...action, time } });
  }

  // A person's first journey falls on a random day of the span; existing members are already
  // customers, so theirs is a repeat journey and their other activities start right away.
  private scheduleFirstActions(person: PersonState): void {
    const { ctx, time, config } = this;
    const rng = person.rng;
    const day = rng.int(0, config.days - 1);
    const firstJourney = time.dayStart(day) + ctx.hours.mobile.sample(rng);
    const existing = person.memberId !== undefined;
    this.schedule({
      kind: 'journey',
      time: firstJourney,
      person,
      journeyKind: existing ? 'repeat' : 'acquisition',
      source: organicSource(ctx, rng),
    });
    const known = existing ? time.startMs : firstJourney;
    this.schedule({
      kind: 'ambient-touch',
      time: nextPoissonTime(person, known, config.marketing.ambientTouchesPerDay),
      person,
    });
    this.schedule({
      kind: 'consent-change',
      time: nextPoissonTime(person, known, config.consent.changesPer30Days / 30),
      person,
    });
    if (person.storeShopper) {
      this.schedule({ kind: 'store-visit', time: nextStoreVisitTime(ctx, person, known), person });
    }
  }

  private perform(action: Action): void {
    const { ctx } = this;
    if (action.kind === 'reference-feed') {
      this.feed.runDay(action.day);
      return;
    }
    const { person } = action;
    // One thing at a time: whatever falls inside a journey waits until it is over.
    if (action.time < person.busyUntil) {
      this.schedule({ ...action, time: person.busyUntil + person.rng.int(1, 120) * MINUTE });
      return;
    }
    switch (action.kind) {
      case 'journey':
        runJourney(ctx, {
          person,
          time: action.time,
          kind: action.journeyKind,
          source: action.source,
          via: action.via,
        });
        return;
      case 'store-visit': {
        const purchase = person.rng.chance(this.config.store.purchaseShare);
        const left = visitStore(ctx, person, action.time, { journeyId: undefined, purchase });
        person.busyUntil = Math.max(person.busyUntil, left);
        this.schedule({ kind: 'store-visit', time: nextStoreVisitTime(ctx, person, left), person });
        return;
      }
      case 'ambient-touch':
        runAmbientTouch(ctx, person, action.time);
        return;
      case 'consent-change':
        runConsentChange(ctx, person, action.time);
        return;
      case 'reminder':
        runReminder(ctx, person, action.time, action.channel, action.journeyId);
        return;
    }
  }

  /** The draft's context, with the person's A/B variants on the events that expose them. */
  private contextOf(
    draft: PendingEvent['draft'],
    person: PersonState | undefined,
  ): { context?: EventContext } {
    let experiments: Record<string, string> | undefined;
    if (person !== undefined && EXPOSURE_TYPES.has(draft.type)) {
      for (const experiment of this.experiments) {
        if (!experiment.channels.has(draft.channel)) continue;
        experiments ??= {};
        experiments[experiment.id] =
          experiment.variants[hash2(experiment.key, person.index) % experiment.variants.length];
      }
    }
    if (experiments === undefined)
      return draft.context === undefined ? {} : { context: draft.context };
    return { context: { ...draft.context, experiments } };
  }

  private release(pending: PendingEvent): LabelledEvent {
    const sequence = this.emitted++;
    const { draft, time } = pending;
    // Connectors send within a few seconds; sentAt lets ingest correct clock skew.
    const delay = (hash2(this.sentAtKey, sequence) % 4) * SECOND;
    const event = {
      eventId: this.eventIds.uuid(sequence),
      type: draft.type,
      version: 1,
      occurredAt: this.time.iso(time),
      sentAt: this.time.iso(time + delay),
      channel: draft.channel,
      connectorId: connectorIdOf(draft.channel),
      identifiers: draft.identifiers,
      ...this.contextOf(draft, pending.person),
      payload: draft.payload,
    } as SimulatedEvent;
    this.recorder.recordEvent(event, time, pending.person, pending.identityKeys);
    return { event, personId: pending.person?.id, journeyId: pending.journeyId };
  }
}
