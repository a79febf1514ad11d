import { z } from 'zod';
import type { PromotionCondition } from '../promotion-rule';

const args = z.strictObject({ channels: z.array(z.string().min(1).max(64)).min(1).max(50) });

/** The cart is on one of the listed channels. */
export const channelCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'channel',
  description: 'The cart is on one of `channels`.',
  args,
  check(context, { channels }) {
    const channel = context.cart.channel;
    return channels.includes(channel)
      ? { ok: true, explanation: `channel ${channel} is one of ${channels.join(', ')}` }
      : {
          ok: false,
          reason: 'channel-mismatch',
          explanation: `channel ${channel} is not one of ${channels.join(', ')}`,
        };
  },
};
