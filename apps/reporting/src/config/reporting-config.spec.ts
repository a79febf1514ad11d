import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableIsCurrent } from '@omni/config';
import { reportingConfig } from './reporting-config';

describe('reporting configuration docs', () => {
  it('the README config table lists every setting as reportingConfig declares it (regenerate: npx nx run reporting:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, reportingConfig)).toBe(true);
  });
});
