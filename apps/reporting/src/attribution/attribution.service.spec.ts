import type { DataSource } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import type { AttributionRepository, CompactPath } from './attribution.repository';
import { AttributionService } from './attribution.service';

const float8s = (...ms: number[]) => {
  const buffer = Buffer.alloc(ms.length * 8);
  ms.forEach((value, i) => buffer.writeDoubleBE(value, i * 8));
  return buffer;
};

function serviceOver(paths: CompactPath[]) {
  const repository = {
    countOrders: async () => paths.length,
    paths: async () => paths,
  } as unknown as AttributionRepository;
  const config = {
    kpis: { currency: 'CNY' },
    attribution: { lookbackDays: 30, halfLifeDays: 7, maxOrders: 1_000 },
  } as unknown as ReportingConfig;
  return new AttributionService(repository, { manager: {} } as DataSource, config);
}

const query = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

describe('attribution over compact paths', () => {
  it('reads packed times and joined keys as touches, oldest first, to whole milliseconds', async () => {
    const placed = Date.parse('2026-03-10T00:00:00Z');
    const answer = await serviceOver([
      {
        customer_id: 'cus-1',
        placed_ms: placed + 0.5,
        total: '1001',
        ats: float8s(placed - 86_400_000 + 0.9, placed),
        keys: 'douyin\x1flive\x1ftrue\x1etmall\x1f\x1ffalse',
      },
    ]).query({ ...query, models: ['first', 'last', 'linear'] });
    expect(answer.rows).toEqual([
      {
        channel: 'douyin',
        campaignId: 'live',
        paid: true,
        customers: 1,
        touches: 1,
        credits: { first: 1001, last: 0, linear: 501 },
      },
      {
        channel: 'tmall',
        campaignId: '',
        paid: false,
        customers: 1,
        touches: 1,
        credits: { first: 0, last: 1001, linear: 500 },
      },
    ]);
  });

  it('refuses a path whose times and keys do not pair up', async () => {
    await expect(
      serviceOver([
        {
          customer_id: 'cus-1',
          placed_ms: 0,
          total: '10',
          ats: float8s(0),
          keys: 'web\x1f\x1ffalse\x1eapp\x1f\x1ffalse',
        },
      ]).query(query),
    ).rejects.toThrow('a path with as many times as touches');
  });
});
