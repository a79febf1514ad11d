import { parseConfig } from '@omni/config';
import { reportingConfig } from './reporting-config';

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
