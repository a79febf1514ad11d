import { TOPICS } from '@omni/contracts';
import { parseConfig } from '@omni/config';
import { reportingConfig } from './reporting-config';

describe('the inventory and channel-decision settings', () => {
  it('cover a year of inventory days and publish decisions on the catalog topic by default', () => {
    const config = parseConfig(reportingConfig, {});
    expect(config.inventory.maxDays).toBe(366);
    expect(config.topics.channelDecisions).toBe(TOPICS.reportingChannelDecisions.name);
  });

  it('refuses a day limit below 1 or not a whole number, naming the variable', () => {
    for (const value of ['0', '7.5', 'many'])
      expect(() => parseConfig(reportingConfig, { REPORTING_INVENTORY_MAX_DAYS: value })).toThrow(
        /REPORTING_INVENTORY_MAX_DAYS/,
      );
  });
});
