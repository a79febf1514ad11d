export { simulate, type LabelledEvent, type Simulation } from './engine/simulation';
export { resolvedEventsOf, type ResolvedSimulatedEvent } from './engine/resolved-events';
export type { SimulatedEvent, SimulatedEventType } from './engine/timeline';
export {
  CAMPAIGN_PURPOSES,
  FIRST_TOUCH_SOURCES,
  SimulationConfigError,
  parseSimulationConfig,
  simulationConfigSchema,
  type Campaign,
  type CampaignPurpose,
  type FirstTouchSource,
  type Product,
  type SimulationConfig,
  type SimulationConfigInput,
  type Store,
} from './config/simulation-config';
export type {
  AmountByCurrency,
  ChannelDayTotals,
  GroundTruth,
  IdentityTruth,
  JourneyTruth,
  PersonTruth,
  Totals,
} from './ground-truth/ground-truth';
export {
  PERSONAL_IDENTIFIER_TYPES,
  identifierKey,
  identifierKeysOf,
  type TruthIdentifier,
} from './ground-truth/identifier-key';
export type { JourneyKind, JourneyOutcome, JourneySource } from './journeys/journey.types';
export { pairwiseScore, type PairwiseScore } from './identity-score/pairwise-score';
export { pace, systemClock, type PaceClock, type PaceOptions } from './pace/pace';
export { Prng, type StreamKey, type Weighted } from './random/prng';
export { deterministicUuid } from './random/deterministic-id';
