import type { Channel } from '@omni/contracts';
import type { SimulationContext } from '../engine/simulation-context';
import { nextSequence, type PersonState } from '../people/person';

/**
 * Order ids in each platform's style. The person's unique digits plus their own sequence
 * number make every id unique without any shared counter.
 */
export function orderIdFor(
  ctx: SimulationContext,
  person: PersonState,
  channel: Channel,
  at: number,
): string {
  const digits = ctx.ids.personDigits(person.index);
  const seq = nextSequence(person).toString().padStart(5, '0');
  switch (channel) {
    case 'tmall':
      return `39${digits}${seq}`;
    case 'jd':
      return `30${digits}${seq}`;
    case 'pinduoduo':
      return `${ctx.time.compactDate(at).slice(2)}-${digits}${seq}`;
    case 'douyin':
      return `69${digits}${seq}`;
    case 'kuaishou':
      return `25${digits}${seq}`;
    case 'xiaohongshu':
      return `P${digits}${seq}`;
    default:
      return `SO${ctx.time.compactDate(at)}${digits}${seq}`;
  }
}

/** A cart, checkout, review or contact id: `cart-<person hex>-<seq>`. */
export function localId(ctx: SimulationContext, person: PersonState, prefix: string): string {
  return `${prefix}-${ctx.ids.personHex(person.index)}-${nextSequence(person)}`;
}
