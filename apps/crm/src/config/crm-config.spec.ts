import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableIsCurrent } from '@omni/config';
import { crmConfig } from './crm-config';

describe('crm configuration docs', () => {
  it('the README config table lists every setting as crmConfig declares it (regenerate: npx nx run crm:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, crmConfig)).toBe(true);
  });
});
