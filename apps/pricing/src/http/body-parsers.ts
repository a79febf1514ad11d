import { BodyParsers } from '@omni/platform';
import type { PricingConfig } from '../config/pricing-config';

/**
 * JSON bodies up to PRICING_MAX_BODY_BYTES (a 100,000-row list is several MB), and CSV bodies
 * as text for imports.
 */
export const PricingBodyParsers = BodyParsers((config: PricingConfig) => ({
  bodyLimit: config.imports.maxBodyBytes,
  text: ['text/csv'],
}));
