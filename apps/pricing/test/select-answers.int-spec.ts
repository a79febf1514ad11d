import { eventually, useHarness } from '@omni/testing';
import { PriceCatalog } from '../src/selection/price-catalog.service';
import { SelectionService } from '../src/selection/selection.service';
import { auth, startPricingHarness } from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'select answers test' };
const AT = '2027-03-01T12:00:00.000Z';
const run = Date.now().toString(36);
const SKUS = Array.from({ length: 12 }, (_, i) => `POOL-${run}-${i}`);

// Each select's answer is written into a buffer from a pool and handed out without a copy; the
// buffer is written again once its response is closed (ADR 0037). Over real kept-alive
// connections, many at once and some abandoned, every answer must stay its own request's.
describe("select's pooled answers over real connections", () => {
  const h = useHarness(startPricingHarness);
  let base = '';

  beforeAll(async () => {
    const prices = SKUS.flatMap((sku, i) => [
      { sku, amount: 10_000 + i, currency: 'CNY' },
      { sku, amount: 9_000 + i, currency: 'CNY', channel: 'tmall' },
      { sku, amount: 8_000 + i, currency: 'CNY', channel: 'jd' },
      { sku, amount: 7_500 + i, currency: 'CNY', customerGroup: 'gold' },
    ]);
    const created = await h.post('/v1/price-lists', { name: 'pooled answers', prices, ...change });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await h.post(`/v1/price-lists/${id}/publish`, change)).statusCode).toBe(200);
    await h.app.get(PriceCatalog).refresh();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = await h.app.getUrl();
  });

  const bodies = Array.from({ length: 24 }, (_, n) => ({
    skus: SKUS.slice(n % SKUS.length).concat(SKUS.slice(0, n % 5)),
    currency: 'CNY',
    channel: n % 3 === 0 ? 'jd' : 'tmall',
    customerGroups: n % 2 === 0 ? ['gold'] : [],
    at: AT,
    explain: n % 4 !== 3,
  }));

  const select = (body: object, signal?: AbortSignal) =>
    fetch(`${base}/v1/prices/select`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });

  it('are each their own request’s, many at once, while other requests are abandoned mid-way', async () => {
    // What each request answers alone, one at a time.
    const expected: string[] = [];
    for (const body of bodies) {
      const alone = await select(body);
      expect(alone.status).toBe(200);
      expected.push(await alone.text());
    }
    // Most requests answer differently, so an answer written into another's buffer would show.
    expect(new Set(expected).size).toBeGreaterThan(bodies.length / 2);
    expect(expected[0]).toContain('"rejected":[{');

    for (let round = 0; round < 5; round++) {
      const abandoned = bodies.slice(0, 8).map((body) => {
        const controller = new AbortController();
        const answer = select(body, controller.signal).catch((error: Error) => error);
        setImmediate(() => controller.abort());
        return answer;
      });
      const texts = await Promise.all(
        bodies.map(async (body) => {
          const response = await select(body);
          expect(response.status).toBe(200);
          return response.text();
        }),
      );
      texts.forEach((text, n) => expect(text).toBe(expected[n]));
      await Promise.all(abandoned);
    }
    // Sent answers' buffers came back to the pool, to be written again.
    const selection = h.app.get(SelectionService);
    await eventually(
      async () => (selection.pooledAnswerBuffers > 0 ? true : undefined),
      'answer buffers given back to the pool',
      5_000,
    );
    expect(selection.pooledAnswerBuffers).toBeLessThanOrEqual(64);
  });
});
