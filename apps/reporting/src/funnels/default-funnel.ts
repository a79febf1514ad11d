import type { FunnelStep } from './funnel';

/** The seeds' funnel, saved as the default: awareness → interest → consideration → conversion. */
export const DEFAULT_FUNNEL: readonly (FunnelStep & { name: string })[] = [
  {
    name: 'awareness',
    types: ['marketing.touch', 'page.viewed', 'search.performed', 'store.visited'],
  },
  { name: 'interest', types: ['product.viewed'] },
  { name: 'consideration', types: ['cart.item-added', 'checkout.started'] },
  { name: 'conversion', types: ['order.placed'] },
];
