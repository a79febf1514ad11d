import type { Campaign } from '../campaigns/campaign.entity';
import type { CampaignsRepository } from '../campaigns/campaigns.repository';
import type { CampaignsService } from '../campaigns/campaigns.service';
import type { PromotionRow } from '../campaigns/promotion.entity';
import type { PromotionsConfig } from '../config/promotions-config';
import { registry } from '../engine/engine.spec-helper';
import type { ReadModelChanges, ReadModelSubscriber } from '../read-models/read-model-changes';
import { LivePromotions } from './live-promotions';

const at = (iso: string) => new Date(iso);

function campaign(id: string, startsAt: string, endsAt: string, channels: string[]): Campaign {
  return {
    id,
    name: id,
    channels,
    currency: 'CNY',
    startsAt: at(startsAt),
    endsAt: at(endsAt),
    budgetAmount: null,
    budgetRedemptions: null,
    spentAmount: 0,
    redemptions: 0,
    allowBelowFloor: false,
  } as Campaign;
}

function row(id: string, campaignId: string, priority: number): PromotionRow {
  return {
    id,
    campaignId,
    name: id,
    priority,
    conditions: [],
    actions: [{ code: 'amount-off', args: { amount: 100, per: 'order' } }],
    stopsFurther: false,
    exclusiveGroup: null,
    unitCap: null,
    unitsSold: 0,
    createdAt: at('2026-11-01T00:00:00Z'),
  };
}

describe('LivePromotions', () => {
  // Campaign "early" ends at 12:00, "late" starts at 12:00; both run on tmall only.
  const live = [
    {
      campaign: campaign('early', '2026-11-11T00:00:00Z', '2026-11-11T12:00:00Z', ['tmall']),
      promotions: [row('p-low', 'early', 1), row('p-b', 'early', 5)],
    },
    {
      campaign: campaign('late', '2026-11-11T12:00:00Z', '2026-11-12T00:00:00Z', ['tmall']),
      promotions: [row('p-a', 'late', 5), row('p-high', 'late', 9)],
    },
  ];
  let loads = 0;
  const promotions = new LivePromotions(
    {
      inStatuses: async () => {
        loads += 1;
        return live;
      },
    } as unknown as CampaignsRepository,
    registry,
    { quotes: { refreshMs: 60_000 } } as PromotionsConfig,
    { onChange: () => undefined } as unknown as CampaignsService,
    { subscribe: () => undefined } as unknown as ReadModelChanges,
  );
  const unavailable = (list: readonly { id: string; unavailable?: { reason: string } }[]) =>
    Object.fromEntries(list.map((entry) => [entry.id, entry.unavailable?.reason ?? 'available']));

  it('lists the live promotions in the order they apply: priority, then id', async () => {
    const list = await promotions.forCart('tmall', at('2026-11-11T06:00:00Z'));
    expect(list.map((entry) => entry.id)).toEqual(['p-high', 'p-a', 'p-b', 'p-low']);
  });

  it('marks the campaigns outside their window or channels, also across a window edge', async () => {
    const morning = await promotions.forCart('tmall', at('2026-11-11T06:00:00Z'));
    expect(unavailable(morning)).toEqual({
      'p-high': 'outside-window',
      'p-a': 'outside-window',
      'p-b': 'available',
      'p-low': 'available',
    });
    expect(await promotions.forCart('tmall', at('2026-11-11T11:59:59.999Z'))).toBe(morning);
    expect(unavailable(await promotions.forCart('tmall', at('2026-11-11T12:00:00Z')))).toEqual({
      'p-high': 'available',
      'p-a': 'available',
      'p-b': 'outside-window',
      'p-low': 'outside-window',
    });
    expect(unavailable(await promotions.forCart('jd', at('2026-11-11T12:00:00Z')))).toEqual({
      'p-high': 'channel-mismatch',
      'p-a': 'channel-mismatch',
      'p-b': 'outside-window',
      'p-low': 'outside-window',
    });
    expect(unavailable(await promotions.forCart('tmall', at('2026-11-11T06:00:00Z')))).toEqual(
      unavailable(morning),
    );
    expect(loads).toBe(1);
  });

  describe('reloading on the changes other processes announce', () => {
    function heard() {
      let subscriber: ReadModelSubscriber | undefined;
      let loads = 0;
      let release: (() => void) | undefined;
      let paused = false;
      const list = new LivePromotions(
        {
          inStatuses: async () => {
            loads += 1;
            if (paused) await new Promise<void>((resolve) => (release = resolve));
            return live;
          },
        } as unknown as CampaignsRepository,
        registry,
        { quotes: { refreshMs: 60_000 } } as PromotionsConfig,
        { onChange: () => undefined } as unknown as CampaignsService,
        {
          subscribe: (given: ReadModelSubscriber) => (subscriber = given),
        } as unknown as ReadModelChanges,
      );
      return {
        list,
        subscriber: () => subscriber!,
        loads: () => loads,
        pause: () => (paused = true),
        release: () => {
          paused = false;
          release?.();
        },
      };
    }
    const noon = at('2026-11-11T12:00:00Z');

    it('reloads after a campaign change, a truncation or a reconnect, not after a read-model change', async () => {
      const { list, subscriber, loads } = heard();
      await list.forCart('tmall', noon);
      subscriber().onNotification('["price","tmall","CNY","SKU-1"]');
      subscriber().onNotification('["coupon","C1"]');
      await list.forCart('tmall', noon);
      expect(loads()).toBe(1);
      subscriber().onNotification('["campaign","cmp_1"]');
      await list.forCart('tmall', noon);
      expect(loads()).toBe(2);
      subscriber().onNotification('[]');
      await list.forCart('tmall', noon);
      expect(loads()).toBe(3);
      subscriber().onListening();
      await list.forCart('tmall', noon);
      await list.forCart('tmall', noon);
      expect(loads()).toBe(4);
    });

    it('does not take a load that a change was heard during as current', async () => {
      const { list, subscriber, loads, pause, release } = heard();
      pause();
      const first = list.forCart('tmall', noon);
      await new Promise((resolve) => setImmediate(resolve));
      // The load has read the campaigns; a launch commits and is heard before it is done.
      subscriber().onNotification('["campaign","cmp_1"]');
      release();
      await first;
      await list.forCart('tmall', noon);
      expect(loads()).toBe(2);
      await list.forCart('tmall', noon);
      expect(loads()).toBe(2);
    });
  });
});
