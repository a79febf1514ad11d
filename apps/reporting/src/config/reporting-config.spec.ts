import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableIsCurrent, parseConfig } from '@omni/config';
import { reportingConfig } from './reporting-config';

describe('reporting configuration docs', () => {
  it('the README config table lists every setting as reportingConfig declares it (regenerate: npx nx run reporting:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, reportingConfig)).toBe(true);
  });
});

describe('the k-anonymity setting', () => {
  it('hides cells about fewer than 5 customers by default', () => {
    expect(parseConfig(reportingConfig, {}).dashboard.minCellCustomers).toBe(5);
  });

  it('refuses a k below 1 or not a whole number, naming the variable', () => {
    expect(() => parseConfig(reportingConfig, { REPORTING_MIN_CELL_CUSTOMERS: '0' })).toThrow(
      /REPORTING_MIN_CELL_CUSTOMERS/,
    );
    expect(() => parseConfig(reportingConfig, { REPORTING_MIN_CELL_CUSTOMERS: '2.5' })).toThrow(
      /REPORTING_MIN_CELL_CUSTOMERS/,
    );
  });
});
