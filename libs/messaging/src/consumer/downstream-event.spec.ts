import { goldenFixture, parseDownstreamEvent, type DownstreamEventEnvelope } from '@omni/contracts';
import type { ConsumedEvent } from './consumed-event';
import { applyProfileChanges } from './downstream-event';

const consumed = (type: string, version = 1): ConsumedEvent<DownstreamEventEnvelope> =>
  ({
    // A channel event's fixture is what a connector sends; identity adds these.
    value: parseDownstreamEvent({
      customerId: 'cus_1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      ...goldenFixture(type, version),
    }),
  }) as ConsumedEvent<DownstreamEventEnvelope>;

describe('applyProfileChanges', () => {
  it('hands each profile change to its handler in the batch order, with the transaction, and skips other events', async () => {
    const calls: string[] = [];
    const record = (kind: string) => async (tx: string, event: DownstreamEventEnvelope) => {
      calls.push(`${kind}:${event.type}.v${event.version}@${tx}`);
    };
    await applyProfileChanges(
      [
        consumed('profile.split', 2),
        consumed('order.placed'),
        consumed('profile.merged'),
        consumed('profile.erased'),
        consumed('profile.split', 1),
      ],
      'tx-1',
      { merged: record('merged'), split: record('split'), erased: record('erased') },
    );
    expect(calls).toEqual([
      'split:profile.split.v2@tx-1',
      'merged:profile.merged.v1@tx-1',
      'erased:profile.erased.v1@tx-1',
      'split:profile.split.v1@tx-1',
    ]);
  });
});
