import { randomUUID } from 'node:crypto';
import { goldenFixture, HEADERS } from '@omni/contracts';
import { topicEndOffsets } from '@omni/messaging';
import { testInfra, testReader, useHarness, waitForMessage } from '@omni/testing';
import { eventually, startPricingHarness } from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'feed batch test' };
let counter = 0;
const newSku = () => `BATCH-${Date.now().toString(36)}-${(counter += 1)}`;

function feedEvent(type: string, payload: Record<string, unknown>, eventId = randomUUID()) {
  const fixture = goldenFixture(type, 1);
  const now = new Date().toISOString();
  return {
    ...fixture,
    type,
    eventId,
    ...(type === 'product.viewed' ? { customerId: 'cus_batch_test' } : {}),
    occurredAt: now,
    correlationId: eventId,
    causationId: eventId,
    payload: { ...(fixture['payload'] as object), ...payload },
  };
}

const observed = (sku: string, amount: number, competitor = 'C1', at = new Date()) =>
  feedEvent('competitor.price-observed', {
    sku,
    competitor,
    price: { amount, currency: 'CNY' },
    observedAt: at.toISOString(),
  });

/**
 * The feed consumer applies a consumed batch (several partitions' batches combined) in one
 * transaction. What a batch promises when it is delivered again, when one of its events fails
 * in the database, and for the order of one SKU's events.
 */
describe('feed batches', () => {
  // Several partitions consumed at once, so batches are combined and applied concurrently.
  const h = useHarness(() => startPricingHarness({ PRICING_FEED_PARTITIONS_CONCURRENTLY: '3' }));
  const changes = useHarness(() => testReader(h.topics.priceChanges));

  const send = (events: ReturnType<typeof feedEvent>[]) =>
    h.producer.send(
      h.topics.feed,
      events.map((value) => ({
        key: (value.payload as { sku: string }).sku,
        value,
        headers: { [HEADERS.eventType]: value.type, [HEADERS.eventVersion]: '1' },
      })),
    );

  /** SKUs with settings, one published list and a competitor rule that matches the lowest price. */
  async function competitorSkus(count: number) {
    const skus = Array.from({ length: count }, newSku);
    for (const sku of skus) {
      const put = await h.app.inject({
        method: 'PUT',
        url: `/v1/skus/${sku}/settings`,
        headers: { authorization: 'Bearer test-pricing-admin-token-0123456789' },
        payload: { currency: 'CNY', cost: 1_000, minMargin: 0, ceiling: 20_000, ...change },
      });
      expect(put.statusCode).toBe(200);
    }
    const list = await h.post('/v1/price-lists', {
      name: 'batch base',
      prices: skus.map((sku) => ({ sku, amount: 10_000, currency: 'CNY' })),
      ...change,
    });
    expect((await h.post(`/v1/price-lists/${list.json().id}/publish`, change)).statusCode).toBe(
      200,
    );
    for (const sku of skus)
      expect(
        (
          await h.post('/v1/rules', {
            sku,
            rule: 'competitor',
            args: { beatBy: 0, maxAgeMinutes: 60, maxReduction: 5_000 },
            ...change,
          })
        ).statusCode,
      ).toBe(201);
    return skus;
  }

  const counts = async (skus: string[]) =>
    (
      await h.db.dataSource.query(
        `SELECT (SELECT count(*) FROM audit_log WHERE sku = ANY($1::text[]) AND action LIKE 'rule.%')::int AS results,
                (SELECT count(*) FROM effective_prices WHERE sku = ANY($1::text[]))::int AS history,
                (SELECT count(*) FROM rule_prices WHERE sku = ANY($1::text[]))::int AS rule_prices`,
        [skus],
      )
    )[0] as { results: number; history: number; rule_prices: number };

  const ruleAmounts = async (skus: string[]) =>
    Object.fromEntries(
      (
        (await h.db.dataSource.query(
          `SELECT sku, amount::int AS amount FROM rule_prices WHERE sku = ANY($1::text[])`,
          [skus],
        )) as { sku: string; amount: number }[]
      ).map((row) => [row.sku, row.amount]),
    );

  const viewsOf = async (skus: string[]) =>
    (
      await h.db.dataSource.query(
        `SELECT coalesce(sum(views), 0)::int AS n FROM demand_hours WHERE sku = ANY($1::text[])`,
        [skus],
      )
    )[0].n as number;

  /**
   * The price.changed events published for these SKUs, once every outbox row of theirs is on
   * the topic and the reader has read the topic to its end.
   */
  const publishedFor = async (skus: string[]) => {
    await eventually(async () => {
      const [{ n }] = await h.db.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox WHERE key = ANY($1::text[])`,
        [skus],
      );
      return n === 0 ? true : undefined;
    }, 'the outbox rows of the SKUs published');
    const ends = await topicEndOffsets({ brokers: testInfra().brokers }, h.topics.priceChanges);
    await eventually(
      async () =>
        [...ends].every(
          ([partition, end]) =>
            end === '0' ||
            changes.messages.some(
              (m) => m.partition === partition && BigInt(m.offset) + 1n >= BigInt(end),
            ),
        )
          ? true
          : undefined,
      'the price changes read to the end of the topic',
    );
    const wanted = new Set(skus);
    return changes.messages
      .map(
        (m) =>
          JSON.parse((m.value as Buffer).toString('utf8')) as {
            eventId: string;
            type: string;
            payload: { sku: string };
          },
      )
      .filter((event) => event.type === 'price.changed' && wanted.has(event.payload.sku));
  };

  it('a batch for many SKUs delivered again as a whole audits, records and publishes nothing twice', async () => {
    const skus = await competitorSkus(12);
    // Attaching a rule runs it once already (audited as skipped: no competitor seen yet).
    const attached = await counts(skus);
    const batch = skus.map((sku, i) => observed(sku, 9_000 + i));
    await send(batch);
    await eventually(
      async () => (Object.keys(await ruleAmounts(skus)).length === skus.length ? true : undefined),
      'a rule price for every SKU',
    );
    const applied = await counts(skus);
    expect(applied.results - attached.results).toBe(skus.length);
    // One price.changed per sales channel (tmall, jd, pos) of every SKU.
    const first = await publishedFor(skus);
    expect(first).toHaveLength(applied.history);

    // The whole batch again, then one view per SKU behind it on each SKU's partition.
    await send(batch);
    await send(skus.map((sku) => feedEvent('product.viewed', { sku })));
    await eventually(
      async () => ((await viewsOf(skus)) === skus.length ? true : undefined),
      'the views behind the redelivered batch',
    );
    expect(await counts(skus)).toEqual(applied);
    expect(await ruleAmounts(skus)).toEqual(
      Object.fromEntries(skus.map((sku, i) => [sku, 9_000 + i])),
    );
    const published = await publishedFor(skus);
    expect(published).toHaveLength(applied.history);
    expect(new Set(published.map((event) => event.eventId)).size).toBe(published.length);
    const inbox = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::text[])`,
      [batch.map((event) => event.eventId)],
    );
    expect(inbox).toEqual([{ n: batch.length }]);
  });

  it('an event the database refuses is dead-lettered and the rest of its batch applies once', async () => {
    const skus = await competitorSkus(8);
    const attached = await counts(skus);
    // Valid by the contract (an id may hold any character), but Postgres's text refuses a NUL:
    // the batch's transaction fails, and its events are applied one by one.
    const refused = feedEvent('inventory.snapshot', {
      sku: skus[0],
      storeId: 'S\u00001',
      onHand: 3,
    });
    const batch = [refused, ...skus.map((sku, i) => observed(sku, 8_000 + i))];
    await send(batch);
    const dead = await waitForMessage<{ eventId: string }>(
      h.deadLetterTopic,
      (m) => m.value.eventId === refused.eventId,
      { timeoutMs: 60_000 },
    );
    expect(dead.headers[HEADERS.dltOriginalTopic]).toBe(h.topics.feed);
    await eventually(
      async () => (Object.keys(await ruleAmounts(skus)).length === skus.length ? true : undefined),
      'a rule price for every SKU of the batch',
    );
    expect(await ruleAmounts(skus)).toEqual(
      Object.fromEntries(skus.map((sku, i) => [sku, 8_000 + i])),
    );
    expect((await counts(skus)).results - attached.results).toBe(skus.length);
    const inbox = (await h.db.dataSource.query(
      `SELECT event_id FROM inbox WHERE event_id = ANY($1::text[])`,
      [batch.map((event) => event.eventId)],
    )) as { event_id: string }[];
    expect(inbox.map((row) => row.event_id).sort()).toEqual(
      batch
        .slice(1)
        .map((event) => event.eventId)
        .sort(),
    );
    const stock = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM stock_levels WHERE sku = $1`,
      [skus[0]],
    );
    expect(stock).toEqual([{ n: 0 }]);
    const recorded = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM dead_letters WHERE position($1 IN convert_from(value, 'UTF8')) > 0`,
      [refused.eventId],
    );
    expect(recorded).toEqual([{ n: 1 }]);
  });

  it("a SKU's observations in one batch and in the batches after it apply in order: the latest wins", async () => {
    const [sku] = await competitorSkus(1);
    const start = Date.now();
    const at = (ms: number) => new Date(start + ms);
    // One batch: the competitor's later observation (9,300) follows an earlier one (9,100).
    await send([observed(sku, 9_100, 'C1', at(0)), observed(sku, 9_300, 'C1', at(10))]);
    await eventually(
      async () => ((await ruleAmounts([sku]))[sku] === 9_300 ? true : undefined),
      'the later observation of the batch',
    );
    // A late, older observation in a later batch changes nothing.
    await send([observed(sku, 8_500, 'C1', at(5))]);
    await send([feedEvent('product.viewed', { sku })]);
    await eventually(
      async () => ((await viewsOf([sku])) === 1 ? true : undefined),
      'the view behind the late observation',
    );
    expect((await ruleAmounts([sku]))[sku]).toBe(9_300);
    const competitor = await h.db.dataSource.query(
      `SELECT amount::int AS amount FROM competitor_prices WHERE sku = $1`,
      [sku],
    );
    expect(competitor).toEqual([{ amount: 9_300 }]);
  });
});
