import { createHash } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { QuotesService } from '../src/quotes/quotes.service';
import { change, liveCampaign, startPromotionsHarness, unique } from './support/promotions-harness';

type Answer = { at: string; hash: string; refusedCoupons: unknown[] } & Record<string, unknown>;

describe('POST /v1/quotes on a quote worker thread', () => {
  const h = useHarness(() => startPromotionsHarness({ PROMOTIONS_QUOTE_WORKERS: '1' }));

  it('answers every cart with the bytes the service’s own thread gives, and the same quotes as with PROMOTIONS_QUOTE_WORKERS=0', async () => {
    const skus = Array.from({ length: 6 }, (_, n) => unique(`SKU${n}-`));
    const code = unique('W');
    const { id } = await liveCampaign(h, [
      {
        name: '滿300減50',
        priority: 50,
        exclusiveGroup: 'checkout',
        actions: [{ code: 'spend-tiers', args: { tiers: [{ threshold: 30_000, off: 5_000 }] } }],
      },
      {
        name: 'coupon 60',
        priority: 50,
        exclusiveGroup: 'checkout',
        conditions: [{ code: 'coupon-code', args: { code } }],
        actions: [{ code: 'amount-off', args: { amount: 6_000, per: 'order' } }],
      },
      {
        name: 'buy 2 get 1',
        priority: 40,
        conditions: [{ code: 'items-in-cart', args: { skus: skus.slice(0, 3) } }],
        actions: [{ code: 'buy-x-get-y', args: { buy: 2, get: 1, skus: skus.slice(0, 3) } }],
      },
      {
        name: 'free shipping and a gift over 200',
        priority: 30,
        conditions: [{ code: 'min-subtotal', args: { amount: 20_000 } }],
        actions: [
          { code: 'free-shipping', args: {} },
          { code: 'gift', args: { sku: 'GIFT-1', quantity: 1 } },
        ],
      },
      {
        name: '3% off on tmall',
        priority: 10,
        conditions: [{ code: 'channel', args: { channels: ['tmall'] } }],
        actions: [{ code: 'percent-off', args: { basisPoints: 300, target: 'order' } }],
      },
    ]);
    const issued = await h.post(
      `/v1/campaigns/${id}/coupons`,
      { code, maxUses: 10, ...change },
      'ops:author',
    );
    expect(issued.statusCode).toBe(201);
    const requests = Array.from({ length: 12 }, (_, n) => ({
      channel: n % 3 === 0 ? 'jd' : 'tmall',
      currency: 'CNY',
      couponCodes: n % 2 === 0 ? [code] : ['NO-SUCH-CODE'],
      shipping: 1_000,
      lines: Array.from({ length: 1 + (n % skus.length) }, (_, line) => ({
        lineId: `l${line}`,
        sku: skus[(n + line) % skus.length]!,
        quantity: 1 + ((n + line) % 3),
        unitPrice: 4_000 + line * 2_500,
      })),
    }));
    const quoteAll = async () => {
      const answers: { text: string; answer: Answer }[] = [];
      for (const request of requests) {
        const response = await h.post('/v1/quotes', request);
        expect(response.statusCode).toBe(200);
        answers.push({ text: response.body, answer: response.json() as Answer });
      }
      return answers;
    };

    const onWorker = await quoteAll();
    for (const [n, { text, answer }] of onWorker.entries()) {
      const { body, quote } = await h.app
        .get(QuotesService)
        .evaluate(requests[n]!, new Date(answer.at), new Map(), 'cached');
      const refused = JSON.stringify(answer.refusedCoupons);
      expect(text).toBe(`${body.slice(0, -1)},"refusedCoupons":${refused},"hash":"${quote.hash}"}`);
      expect(createHash('sha256').update(body).digest('hex')).toBe(answer.hash);
    }
    expect(onWorker.some(({ answer }) => (answer['applied'] as unknown[]).length >= 3)).toBe(true);

    await h.restart({ PROMOTIONS_QUOTE_WORKERS: '0' });
    const inThread = await quoteAll();
    const withoutInstant = ({ at: _at, hash: _hash, ...rest }: Answer) => rest;
    expect(inThread.map(({ answer }) => withoutInstant(answer))).toEqual(
      onWorker.map(({ answer }) => withoutInstant(answer)),
    );
  });
});
