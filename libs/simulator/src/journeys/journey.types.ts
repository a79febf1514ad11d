import type { FirstTouchSource } from '../config/simulation-config';

/** A person's first journey with the brand, or any later one. */
export type JourneyKind = 'acquisition' | 'repeat';

/** What started the journey: a first-touch source, or a repurchase reminder from the CRM. */
export type JourneySource = FirstTouchSource | 'reminder';

/** How far down the funnel the journey got. */
export type JourneyOutcome = 'browsed' | 'abandoned-cart' | 'abandoned-checkout' | 'purchased';
