import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableIsCurrent } from '@omni/config';
import { pricingConfig } from './pricing-config';

describe('pricing configuration docs', () => {
  it('the README config table lists every setting as pricingConfig declares it (regenerate: npx nx run pricing:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, pricingConfig)).toBe(true);
  });
});
