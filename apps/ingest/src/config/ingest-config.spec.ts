import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableIsCurrent } from '@omni/config';
import { ingestConfig } from './ingest-config';

describe('ingest configuration docs', () => {
  it('the README config table lists every setting as ingestConfig declares it (regenerate: npx nx run ingest:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, ingestConfig)).toBe(true);
  });
});
