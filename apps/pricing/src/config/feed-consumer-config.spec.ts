import { parseConfig } from '@omni/config';
import { pricingConfig } from './pricing-config';

describe('the feed consumer settings', () => {
  it('consume 4 partitions at once, commit offsets at most every second and retry a batch once by default', () => {
    const { feeds } = parseConfig(pricingConfig, {});
    expect(feeds).toMatchObject({
      partitionsConcurrently: 4,
      offsetCommitIntervalMs: 1_000,
      batchAttempts: 2,
    });
  });

  it('refuse values out of range or not whole numbers, naming the variable', () => {
    for (const [name, value] of [
      ['PRICING_FEED_PARTITIONS_CONCURRENTLY', '0'],
      ['PRICING_FEED_PARTITIONS_CONCURRENTLY', '1.5'],
      ['PRICING_FEED_OFFSET_COMMIT_INTERVAL_MS', '-1'],
      ['PRICING_FEED_BATCH_ATTEMPTS', '11'],
    ])
      expect(() => parseConfig(pricingConfig, { [name]: value })).toThrow(new RegExp(name));
  });
});
