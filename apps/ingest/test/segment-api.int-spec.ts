import { Analytics } from '@segment/analytics-node';
import { TOPICS } from '@omni/contracts';
import { uniqueSuffix, waitForMessage } from '@omni/testing';
import {
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Envelope = {
  eventId: string;
  type: string;
  identifiers: Record<string, string>;
  payload: Record<string, unknown>;
  channel: string;
};

describe('Segment-compatible API', () => {
  const ingest = useIngestApp();
  let connector: RegisteredConnector;
  let host: string;

  beforeAll(async () => {
    await ingest.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ingest.app.getHttpServer().address();
    host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    connector = await registerConnector(ingest.app, { channels: ['web', 'app'] });
  });

  it('takes calls from the real @segment/analytics-node SDK and maps them onto Omni events', async () => {
    const run = uniqueSuffix();
    const analytics = new Analytics({
      writeKey: connector.key,
      host,
      flushAt: 20,
      flushInterval: 200,
      maxRetries: 0,
    });
    const statuses: number[] = [];
    analytics.on('http_response', (response) => statuses.push(response.status));
    const userId = `member-${run}`;
    analytics.identify({
      messageId: `seg-${run}-identify`,
      userId,
      traits: { email: ' Ann@Example.com ', phone: '13800138000', name: 'Ann' },
    });
    analytics.track({
      messageId: `seg-${run}-order`,
      userId,
      event: 'Order Completed',
      properties: {
        order_id: `o-${run}`,
        total: 151.0,
        currency: 'CNY',
        products: [{ sku: 'LUM-SERUM-50ML', price: 76.0, quantity: 2 }],
      },
    });
    analytics.track({
      messageId: `seg-${run}-viewed`,
      anonymousId: `anon-${run}`,
      event: 'Product Viewed',
      properties: { sku: 'LUM-CREAM-30ML', price: 430 },
    });
    analytics.track({
      messageId: `seg-${run}-custom`,
      anonymousId: `anon-${run}`,
      event: 'Live Stream Joined',
      properties: { room: 'double-11' },
    });
    analytics.page({
      messageId: `seg-${run}-page`,
      anonymousId: `anon-${run}`,
      name: 'Home',
      properties: { path: '/', url: 'https://shop.example.cn/' },
    });
    analytics.alias({ messageId: `seg-${run}-alias`, userId, previousId: `anon-${run}` });
    analytics.group({ messageId: `seg-${run}-group`, userId, groupId: 'vip-club' });
    analytics.screen({ messageId: `seg-${run}-screen`, userId, name: 'Cart' });
    await analytics.closeAndFlush();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);

    const find = async (suffix: string) =>
      (
        await waitForMessage<Envelope>(
          TOPICS.ingestEvents.name,
          (m) => m.value.eventId === `seg-${run}-${suffix}`,
        )
      ).value;
    const identify = await find('identify');
    expect(identify).toMatchObject({
      type: 'customer.identified',
      channel: 'web',
      identifiers: { memberId: userId, email: 'ann@example.com', phone: '+8613800138000' },
      payload: { method: 'login', traits: { name: 'Ann' } },
    });
    const order = await find('order');
    expect(order).toMatchObject({
      type: 'order.placed',
      identifiers: { memberId: userId },
      payload: {
        orderId: `o-${run}`,
        total: { amount: 15100, currency: 'CNY' },
        lines: [
          { sku: 'LUM-SERUM-50ML', quantity: 2, unitPrice: { amount: 7600, currency: 'CNY' } },
        ],
      },
    });
    expect(await find('viewed')).toMatchObject({
      type: 'product.viewed',
      identifiers: { anonymousId: `anon-${run}` },
      payload: { sku: 'LUM-CREAM-30ML', price: { amount: 43000, currency: 'CNY' } },
    });
    expect(await find('custom')).toMatchObject({
      type: 'custom',
      payload: { name: 'Live Stream Joined', properties: { room: 'double-11' } },
    });
    expect(await find('page')).toMatchObject({
      type: 'page.viewed',
      payload: { path: '/', title: 'Home' },
    });
    expect(await find('alias')).toMatchObject({
      type: 'customer.identified',
      identifiers: { memberId: userId, anonymousId: `anon-${run}` },
    });
    expect(await find('group')).toMatchObject({
      type: 'custom',
      payload: { name: 'Group', properties: { groupId: 'vip-club' } },
    });
    expect(await find('screen')).toMatchObject({
      type: 'page.viewed',
      payload: { path: 'screen:Cart' },
    });
  });

  it('answers per call on /v1/batch, rejects unconvertible money with a reason, and dedupes on messageId', async () => {
    const run = uniqueSuffix();
    const basic = `Basic ${Buffer.from(`${connector.key}:`).toString('base64')}`;
    const batch = [
      {
        type: 'track',
        messageId: `b-${run}-1`,
        userId: 'u1',
        event: 'Product Added',
        properties: { cart_id: 'c1', sku: 'S1', price: 19.999 },
        timestamp: new Date().toISOString(),
      },
      {
        type: 'track',
        messageId: `b-${run}-2`,
        userId: 'u1',
        event: 'Products Searched',
        properties: { query: '精华' },
        timestamp: new Date().toISOString(),
      },
      { type: 'fly', messageId: `b-${run}-3` },
    ];
    const post = () =>
      ingest.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: basic },
        payload: { batch, sentAt: new Date().toISOString() },
      });
    const first = await post();
    expect(first.statusCode).toBe(200);
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      'accepted',
      'rejected',
    ]);
    expect(first.json().results[0].errors).toEqual([
      { path: 'properties.price', message: '19.999 has more decimals than CNY allows (2)' },
    ]);
    expect(first.json().success).toBe(true);
    expect((await post()).json().results.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      'duplicate',
      'rejected',
    ]);
    const noAuth = await ingest.app.inject({ method: 'POST', url: '/v1/track', payload: batch[1] });
    expect([noAuth.statusCode, noAuth.json().code]).toEqual([401, 'missing_key']);
  });
});
