import type { Channel } from '@omni/contracts';
import type { SimulationConfig } from '../config/simulation-config';
import type { Catalogue } from '../catalogue/catalogue';
import type { JourneyTruth } from '../ground-truth/ground-truth';
import type { IdentifierKeyInterner } from '../ground-truth/identifier-key';
import type { CampaignBook } from '../marketing/campaign-book';
import type { IdentifierFactory } from '../people/identifier-factory';
import type { PersonState } from '../people/person';
import type { HourSampler, SimTime } from '../time/sim-time';
import type { Timeline } from './timeline';
import type { JourneySource, JourneyKind } from '../journeys/journey.types';

/** Something a person (or the reference feed) does at a point in time. */
export type Action =
  | {
      readonly kind: 'journey';
      readonly time: number;
      readonly person: PersonState;
      readonly journeyKind: JourneyKind;
      readonly source: JourneySource;
      /** The messaging channel of the reminder that prompted a repeat journey. */
      readonly via?: Channel;
    }
  | {
      readonly kind: 'reminder';
      readonly time: number;
      readonly person: PersonState;
      readonly channel: Channel;
      readonly journeyId: string;
    }
  | {
      readonly kind: 'store-visit' | 'ambient-touch' | 'consent-change';
      readonly time: number;
      readonly person: PersonState;
    }
  | { readonly kind: 'reference-feed'; readonly time: number; readonly day: number };

export interface HourSamplers {
  readonly mobile: HourSampler;
  readonly desktop: HourSampler;
  readonly tablet: HourSampler;
  readonly store: HourSampler;
}

/** Everything a generator needs; generators never touch the engine's queues directly. */
export interface SimulationContext {
  readonly config: SimulationConfig;
  readonly time: SimTime;
  readonly ids: IdentifierFactory;
  readonly catalogue: Catalogue;
  readonly campaigns: CampaignBook;
  readonly timeline: Timeline;
  readonly hours: HourSamplers;
  /** Interns identifier keys for the ground truth; see IdentifierKeyInterner. */
  readonly identifierKeys: IdentifierKeyInterner;
  schedule(action: Action): void;
  recordJourney(journey: JourneyTruth): void;
}
