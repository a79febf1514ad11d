import { overlapWarnings, type CampaignFootprint } from './overlap';

const base: CampaignFootprint = {
  id: 'a',
  name: 'A',
  channels: ['tmall', 'jd'],
  currency: 'CNY',
  startsAt: new Date('2026-11-10T16:00:00Z'),
  endsAt: new Date('2026-11-11T16:00:00Z'),
  promotions: [
    {
      conditions: [{ code: 'tier-at-least', args: { tier: 'gold' } }],
      actions: [
        { code: 'percent-off', args: { basisPoints: 1000, target: 'lines', skus: ['S1'] } },
      ],
    },
  ],
};

const other = (changes: Partial<CampaignFootprint>): CampaignFootprint => ({
  ...base,
  id: 'b',
  name: 'B',
  ...changes,
});

describe('overlapWarnings', () => {
  it('warns of a campaign at the same time on a shared channel, SKU and audience', () => {
    expect(overlapWarnings(base, [other({ channels: ['jd'] })])).toEqual([
      {
        campaignId: 'b',
        name: 'B',
        explanation:
          'runs 2026-11-10T16:00:00.000Z–2026-11-11T16:00:00.000Z on jd for the same SKUs and audience',
      },
    ]);
  });

  it('an unscoped action touches every SKU and a promotion without audience conditions reaches everyone', () => {
    const everyone = other({
      promotions: [
        { conditions: [], actions: [{ code: 'amount-off', args: { amount: 100, per: 'order' } }] },
      ],
    });
    expect(overlapWarnings(base, [everyone])).toHaveLength(1);
  });

  it('stays quiet for other times, channels, currencies, SKUs or segments', () => {
    const later = other({ startsAt: base.endsAt, endsAt: new Date('2026-11-12T16:00:00Z') });
    const pos = other({ channels: ['pos'] });
    const usd = other({ currency: 'USD' });
    const otherSku = other({
      promotions: [
        {
          conditions: [{ code: 'tier-at-least', args: { tier: 'gold' } }],
          actions: [
            { code: 'percent-off', args: { basisPoints: 1000, target: 'lines', skus: ['S2'] } },
          ],
        },
      ],
    });
    const segment = (segments: string[]): CampaignFootprint['promotions'] => [
      {
        conditions: [{ code: 'segment', args: { segments } }],
        actions: [
          { code: 'percent-off', args: { basisPoints: 1000, target: 'lines', skus: ['S1'] } },
        ],
      },
    ];
    expect(overlapWarnings(base, [later, pos, usd, otherSku])).toEqual([]);
    expect(
      overlapWarnings({ ...base, promotions: segment(['vip']) }, [
        other({ promotions: segment(['churned']) }),
      ]),
    ).toEqual([]);
  });
});
