import type { PromotionRowDto } from './dto/promotions.dto';
import { promotionRows } from './promotions.table';

const row = (customers: number, touchedCustomers: number): PromotionRowDto => ({
  campaignId: 'spring',
  offersIssued: 10,
  offersRedeemed: 4,
  conversionRate: 0.4,
  redemptions: 4,
  discount: 4_000,
  revenue: 50_000,
  impressions: 100,
  clicks: 5,
  ctr: 0.05,
  customers,
  touchedCustomers,
});

describe('promotionRows', () => {
  it('hides offer and redemption cells about fewer than k customers, and CTR cells about fewer than k touched', () => {
    const [few] = promotionRows([row(3, 50)], 5);
    expect(few.suppressed).toEqual([
      'offersIssued',
      'offersRedeemed',
      'conversionRate',
      'redemptions',
      'discount',
      'revenue',
      'customers',
    ]);
    expect(few.cells).toMatchObject({ campaignId: 'spring', impressions: 100, ctr: 0.05 });
    const [touched] = promotionRows([row(50, 2)], 5);
    expect(touched.suppressed).toEqual(['impressions', 'clicks', 'ctr']);
    expect(touched.cells['offersIssued']).toBe(10);
  });

  it('k = 1 hides nothing', () => {
    expect(promotionRows([row(1, 1)], 1)[0].suppressed).toEqual([]);
  });
});
