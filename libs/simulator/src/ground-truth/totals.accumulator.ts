import type { Channel } from '@omni/contracts';
import type { SimulatedEvent } from '../engine/timeline';
import type { AmountByCurrency, ChannelDayTotals, Totals } from './ground-truth';

class TotalsCounter {
  orders = 0;
  productViews = 0;
  cartAdds = 0;
  checkouts = 0;
  cancellations = 0;
  refunds = 0;
  readonly gmv: Record<string, number> = {};
  readonly refunded: Record<string, number> = {};
  readonly buyers = new Set<string>();

  snapshot(): Totals {
    return {
      orders: this.orders,
      gmv: { ...this.gmv } satisfies AmountByCurrency,
      buyers: this.buyers.size,
      productViews: this.productViews,
      cartAdds: this.cartAdds,
      checkouts: this.checkouts,
      cancellations: this.cancellations,
      refunds: this.refunds,
      refunded: { ...this.refunded },
    };
  }
}

const add = (amounts: Record<string, number>, currency: string, amount: number): void => {
  amounts[currency] = (amounts[currency] ?? 0) + amount;
};

/**
 * Orders, GMV, buyers and funnel counts per channel and local day, per channel and overall,
 * accumulated from exactly the events that are emitted.
 */
export class TotalsAccumulator {
  private readonly overall = new TotalsCounter();
  private readonly byChannel = new Map<Channel, TotalsCounter>();
  private readonly byChannelDay = new Map<
    string,
    { channel: Channel; date: string; counter: TotalsCounter }
  >();

  add(event: SimulatedEvent, date: string, personId: string | undefined): void {
    switch (event.type) {
      case 'product.viewed':
      case 'cart.item-added':
      case 'checkout.started':
      case 'order.placed':
      case 'order.cancelled':
      case 'order.refunded':
        break;
      default:
        return;
    }
    for (const counter of this.countersFor(event.channel, date)) {
      switch (event.type) {
        case 'product.viewed':
          counter.productViews += 1;
          break;
        case 'cart.item-added':
          counter.cartAdds += 1;
          break;
        case 'checkout.started':
          counter.checkouts += 1;
          break;
        case 'order.placed':
          counter.orders += 1;
          add(counter.gmv, event.payload.total.currency, event.payload.total.amount);
          if (personId !== undefined) counter.buyers.add(personId);
          break;
        case 'order.cancelled':
          counter.cancellations += 1;
          break;
        case 'order.refunded':
          counter.refunds += 1;
          add(counter.refunded, event.payload.amount.currency, event.payload.amount.amount);
          break;
      }
    }
  }

  totals(): { overall: Totals; byChannel: Map<Channel, Totals>; byChannelDay: ChannelDayTotals[] } {
    const byChannelDay = [...this.byChannelDay.values()]
      .sort((a, b) => a.date.localeCompare(b.date) || a.channel.localeCompare(b.channel))
      .map(({ channel, date, counter }) => ({ channel, date, ...counter.snapshot() }));
    return {
      overall: this.overall.snapshot(),
      byChannel: new Map(
        [...this.byChannel].map(([channel, counter]) => [channel, counter.snapshot()]),
      ),
      byChannelDay,
    };
  }

  private countersFor(channel: Channel, date: string): TotalsCounter[] {
    let perChannel = this.byChannel.get(channel);
    if (perChannel === undefined) {
      perChannel = new TotalsCounter();
      this.byChannel.set(channel, perChannel);
    }
    const key = `${date}|${channel}`;
    let perDay = this.byChannelDay.get(key);
    if (perDay === undefined) {
      perDay = { channel, date, counter: new TotalsCounter() };
      this.byChannelDay.set(key, perDay);
    }
    return [this.overall, perChannel, perDay.counter];
  }
}
