import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableIsCurrent } from '@omni/config';
import { promotionsConfig } from './promotions-config';

describe('promotions configuration docs', () => {
  it('the README config table lists every setting as promotionsConfig declares it (regenerate: npx nx run promotions:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, promotionsConfig)).toBe(true);
  });
});
