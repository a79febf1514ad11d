import { decodeDownstreamMessage, type DownstreamEventEnvelope } from '@omni/contracts';
import type { ConsumedEvent, EventHandlerOptionsFactory } from '@omni/messaging';
import type { EntityManager } from 'typeorm';
import { HandlesEachEvent, type DownstreamBatch } from './handles-topic';

type Config = { topics: { orders: string }; consumerGroup: string };
const config: Config = { topics: { orders: 'channel.orders.v1' }, consumerGroup: 'crm' };

class OrdersHandler {
  readonly seen: { eventId: string; tx: EntityManager }[] = [];

  @HandlesEachEvent<Config>('orders')
  async onOrder(event: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    this.seen.push({ eventId: event.eventId, tx });
  }
}

const consumed = (eventId: string) =>
  ({ value: { eventId } }) as unknown as ConsumedEvent<DownstreamEventEnvelope>;

/** The subscription a method declares, resolved against the config as the explorer does. */
function subscriptionOf(method: unknown) {
  const [options] = Reflect.getMetadataKeys(method as object).map(
    (key) => Reflect.getMetadata(key, method as object) as EventHandlerOptionsFactory,
  );
  return (options.useFactory as (config: Config) => unknown)(config);
}

describe('HandlesEachEvent', () => {
  it('hands the method each event of the batch in order, in the batch transaction', async () => {
    const handler = new OrdersHandler();
    const tx = {} as EntityManager;
    const batch: DownstreamBatch = [consumed('e1'), consumed('e2')];
    const onOrder = handler.onOrder as unknown as (b: DownstreamBatch, t: EntityManager) => unknown;

    await onOrder.call(handler, batch, tx);

    expect(handler.seen).toEqual([
      { eventId: 'e1', tx },
      { eventId: 'e2', tx },
    ]);
  });

  it('subscribes the method as @HandlesTopic does: the topic in batches, in the service group', () => {
    expect(subscriptionOf(OrdersHandler.prototype.onOrder)).toEqual({
      topic: 'channel.orders.v1',
      groupId: 'crm',
      batch: true,
      decode: decodeDownstreamMessage,
    });
  });
});
