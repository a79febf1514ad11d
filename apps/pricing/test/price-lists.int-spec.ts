import { validateDownstreamEvent } from '@omni/contracts';
import { useHarness, waitForMessage } from '@omni/testing';
import { startPricingHarness } from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'integration test' };
let skuCounter = 0;
const newSku = () => `SKU-${Date.now().toString(36)}-${(skuCounter += 1)}`;
const hours = (n: number) => new Date(Date.now() + n * 60 * 60 * 1000).toISOString();

describe('price lists, selection and the fairness guard through Postgres and Kafka', () => {
  const h = useHarness(startPricingHarness);

  async function publishList(prices: object[], list: object = {}) {
    const created = await h.post('/v1/price-lists', {
      name: 'test list',
      prices,
      ...list,
      ...change,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    return { id, response: await h.post(`/v1/price-lists/${id}/publish`, change) };
  }

  const select = (skus: string[], extra: object = {}) =>
    h.post('/v1/prices/select', { skus, currency: 'CNY', channel: 'tmall', ...extra });

  it('refuses the admin API without the admin token', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/audit' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_admin_token');
  });

  it('answers a malformed price list with 400 naming the field, and stores nothing', async () => {
    const before = await h.db.dataSource.query(`SELECT count(*)::int AS n FROM price_lists`);
    const response = await h.post('/v1/price-lists', {
      name: 'bad',
      prices: [{ sku: 'A', amount: 19.99, currency: 'CNY' }],
      ...change,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
    expect(response.json().message).toContain('amount');
    const after = await h.db.dataSource.query(`SELECT count(*)::int AS n FROM price_lists`);
    expect(after).toEqual(before);
  });

  it('refuses a change without an actor in the body or the X-Omni-Actor header', async () => {
    const response = await h.post('/v1/price-lists', { name: 'anonymous', reason: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('actor');
    const viaHeader = await h.app.inject({
      method: 'POST',
      url: '/v1/price-lists',
      headers: {
        authorization: `Bearer test-pricing-admin-token-0123456789`,
        'x-omni-actor': 'ops:header',
      },
      payload: { name: 'by header', reason: 'x' },
    });
    expect(viaHeader.statusCode).toBe(201);
    const listed = (await h.get('/v1/price-lists')).json();
    expect(listed[0]).toMatchObject({ id: viaHeader.json().id, name: 'by header', priceCount: 0 });
  });

  it('keeps a SKU floor of cost / (1 − minMargin) rounded up, audited with before and after', async () => {
    const sku = newSku();
    const put = (body: object) =>
      h.app.inject({
        method: 'PUT',
        url: `/v1/skus/${sku}/settings`,
        headers: { authorization: `Bearer test-pricing-admin-token-0123456789` },
        payload: { currency: 'CNY', ...body, ...change },
      });
    expect((await put({ cost: 18_500, minMargin: 0.35, ceiling: 99_900 })).json()).toMatchObject({
      floor: 28_462,
      minMargin: '0.35',
    });
    const refused = await put({ cost: 18_500, minMargin: 0.35, ceiling: 20_000 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('ceiling_below_floor');
    await put({ cost: 20_000, minMargin: '0.2', ceiling: 99_900 });
    const audit = (await h.get(`/v1/audit?sku=${sku}`)).json();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      action: 'sku.settings-changed',
      actor: 'ops:test',
      reason: 'integration test',
      before: { cost: 18_500, floor: 28_462 },
      after: { cost: 20_000, floor: 25_000 },
    });
  });

  it('selection picks the most specific valid price and explains the rejected ones; a SKU without a price is a no_price entry', async () => {
    const sku = newSku();
    const { response } = await publishList([
      { sku, amount: 10_000, currency: 'CNY' },
      { sku, amount: 9_800, currency: 'CNY', channel: 'tmall' },
      { sku, amount: 9_500, currency: 'CNY', customerGroup: 'gold' },
      { sku, amount: 9_300, currency: 'CNY', customerGroup: 'gold', channel: 'tmall' },
      { sku, amount: 9_600, currency: 'CNY', channel: 'jd' },
    ]);
    expect(response.statusCode).toBe(200);
    const missing = newSku();
    const explained = await select([sku, missing], { customerGroups: ['gold'] });
    expect(explained.headers['content-type']).toBe('application/json; charset=utf-8');
    const [priced, none] = explained.json().prices;
    expect(priced).toMatchObject({
      sku,
      status: 'priced',
      price: { amount: 9_300, currency: 'CNY' },
      level: 'customer-group+channel',
      fairness: { corrected: false, baselinePrice: 9_800 },
    });
    expect(
      priced.rejected.map((r: { amount: number; reason: string }) => [r.amount, r.reason]),
    ).toEqual(
      expect.arrayContaining([
        [9_600, 'for channel jd, not tmall'],
        [10_000, expect.stringContaining('less specific (unscoped')],
        [9_800, expect.stringContaining('less specific (channel')],
        [9_500, expect.stringContaining('less specific (customer-group')],
      ]),
    );
    expect(none).toMatchObject({ sku: missing, status: 'no_price', rejected: [] });

    // The checkout path: the same prices, without the explanations.
    const quiet = (
      await select([sku, missing], { customerGroups: ['gold'], explain: false })
    ).json().prices;
    const { rejected: _explained, ...selected } = priced;
    const { rejected: _none, ...unpriced } = none;
    expect(quiet).toEqual([selected, unpriced]);
    expect((await select([sku], { explain: 'no' })).json()).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('explain'),
    });
  });

  it('publishes price.changed for each new effective price through the outbox, valid against its contract', async () => {
    const sku = newSku();
    const { id } = await publishList([{ sku, amount: 12_300, currency: 'CNY' }]);
    const message = await waitForMessage<{ payload: { sku: string; channel: string } }>(
      h.topics.priceChanges,
      (m) => m.value.payload.sku === sku && m.value.payload.channel === 'jd',
    );
    expect(message.key).toBe(sku);
    expect(validateDownstreamEvent(message.value).ok).toBe(true);
    expect(message.value.payload).toMatchObject({ newPrice: { amount: 12_300 }, priceListId: id });
  });

  it('publishes price.withdrawn when a price stops applying (its list archived), valid against its contract', async () => {
    const sku = newSku();
    const { id, response } = await publishList([
      { sku, amount: 8_800, currency: 'CNY', channel: 'jd' },
    ]);
    expect(response.statusCode).toBe(200);
    expect((await h.post(`/v1/price-lists/${id}/archive`, change)).statusCode).toBe(200);
    const message = await waitForMessage<{
      type: string;
      payload: { sku: string; channel: string };
    }>(
      h.topics.priceChanges,
      (m) => m.value.type === 'price.withdrawn' && m.value.payload.sku === sku,
    );
    expect(message.key).toBe(sku);
    expect(validateDownstreamEvent(message.value).ok).toBe(true);
    expect(message.value.payload).toMatchObject({
      channel: 'jd',
      oldPrice: { amount: 8_800, currency: 'CNY' },
      priceListId: id,
    });
    // Only the channel that had a price loses one.
    const others = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM effective_prices WHERE sku = $1 AND channel <> 'jd'`,
      [sku],
    );
    expect(others[0].n).toBe(0);
  });

  it('archives and publishes one draft at the same moment without a deadlock: one wins, the other answers 409', async () => {
    // Archive once locked the list's row before publication's table lock, so the two could
    // each wait for the other until Postgres broke the cycle with a 500.
    const drafts = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const created = await h.post('/v1/price-lists', {
          name: 'raced list',
          prices: [{ sku: newSku(), amount: 9_900, currency: 'CNY' }],
          ...change,
        });
        return created.json().id as string;
      }),
    );
    const answers = await Promise.all(
      drafts.flatMap((id) =>
        ['publish', 'archive', 'publish', 'archive'].map(async (action) => ({
          id,
          action,
          status: (await h.post(`/v1/price-lists/${id}/${action}`, change)).statusCode,
        })),
      ),
    );
    expect(answers.filter((a) => a.status !== 200 && a.status !== 409)).toEqual([]);
    const lists = await h.db.dataSource.query(
      `SELECT id, status FROM price_lists WHERE id = ANY($1)`,
      [drafts],
    );
    // Every list ended archived (the archive won, or came after the publication).
    expect(lists.map((l: { status: string }) => l.status)).toEqual(drafts.map(() => 'archived'));
    for (const id of drafts)
      expect(
        answers.filter((a) => a.id === id && a.action === 'archive' && a.status === 200),
      ).toHaveLength(1);
  });

  it('refuses overlapping prices in one scope at publish, naming both, and changes nothing', async () => {
    const sku = newSku();
    const created = await h.post('/v1/price-lists', {
      name: 'overlap',
      prices: [
        {
          sku,
          amount: 9_000,
          currency: 'CNY',
          channel: 'tmall',
          validFrom: hours(1),
          validTo: hours(5),
        },
        {
          sku,
          amount: 8_000,
          currency: 'CNY',
          channel: 'tmall',
          validFrom: hours(4),
          validTo: hours(9),
        },
      ],
      ...change,
    });
    const list = created.json();
    const response = await h.post(`/v1/price-lists/${list.id}/publish`, change);
    expect(response.statusCode).toBe(409);
    const body = response.json();
    expect(body.code).toBe('overlapping_prices');
    const [overlap] = body.details.overlaps;
    const ids = (await h.get(`/v1/price-lists/${list.id}`))
      .json()
      .prices.map((p: { id: string }) => p.id);
    expect([overlap.first, overlap.second].sort()).toEqual([...ids].sort());
    expect(body.message).toContain(overlap.first);
    expect(body.message).toContain(overlap.second);
    expect((await h.get(`/v1/price-lists/${list.id}`)).json().status).toBe('draft');
    const history = await h.db.dataSource.query(`SELECT 1 FROM effective_prices WHERE sku = $1`, [
      sku,
    ]);
    expect(history).toEqual([]);
  });

  it('refuses a member price above the anonymous price at publish with fairness_violation', async () => {
    const sku = newSku();
    const { id, response } = await publishList([
      { sku, amount: 9_000, currency: 'CNY' },
      { sku, amount: 9_500, currency: 'CNY', customerGroup: 'gold' },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'fairness_violation',
      details: {
        violations: [{ sku, customerGroup: 'gold', memberPrice: 9_500, baselinePrice: 9_000 }],
      },
    });
    expect(response.json().message).toContain(sku);
    expect((await h.get(`/v1/price-lists/${id}`)).json().status).toBe('draft');
  });

  it('catches two lists that are only unfair together at selection: the member gets the lower price and the correction is recorded', async () => {
    const sku = newSku();
    expect(
      (
        await publishList([
          { sku, amount: 10_000, currency: 'CNY' },
          { sku, amount: 9_500, currency: 'CNY', customerGroup: 'gold' },
        ])
      ).response.statusCode,
    ).toBe(200);
    expect(
      (
        await publishList([
          {
            sku,
            amount: 8_800,
            currency: 'CNY',
            channel: 'tmall',
            validFrom: hours(-1),
            validTo: hours(24),
          },
        ])
      ).response.statusCode,
    ).toBe(200);
    const [member] = (await select([sku], { customerGroups: ['gold'] })).json().prices;
    expect(member).toMatchObject({
      price: { amount: 8_800 },
      fairness: { memberPrice: 9_500, baselinePrice: 8_800, corrected: true },
    });
    const [anonymous] = (await select([sku])).json().prices;
    expect(anonymous.price.amount).toBe(8_800);
    const corrections = (await h.get(`/v1/fairness/corrections?sku=${sku}`)).json();
    expect(corrections).toEqual([
      expect.objectContaining({
        sku,
        channel: 'tmall',
        memberPrice: 9_500,
        baselinePrice: 8_800,
        times: 1,
      }),
    ]);
  });

  it('an exemption policy for a new-customer welcome price is explicit and audited', async () => {
    const sku = newSku();
    const refused = await publishList([
      { sku, amount: 9_000, currency: 'CNY', customerGroup: 'gold' },
      { sku, amount: 6_900, currency: 'CNY', customerGroup: 'new' },
      { sku, amount: 10_000, currency: 'CNY' },
    ]);
    expect(refused.response.statusCode).toBe(422);
    const exemption = await h.post('/v1/fairness/exemptions', {
      baselineGroup: 'new',
      sku,
      ...change,
    });
    expect(exemption.statusCode).toBe(201);
    expect((await h.post(`/v1/price-lists/${refused.id}/publish`, change)).statusCode).toBe(200);
    const audit = (await h.get(`/v1/audit?sku=${sku}`)).json();
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['fairness.exemption-created', 'price.published', 'price.added']),
    );
  });

  it('a reduction carries the lowest earlier price as its reference, frozen while the reduction lasts', async () => {
    const sku = newSku();
    // One clock for every window, so one window ends exactly where the next begins.
    const start = Date.now();
    const at = (h: number) => new Date(start + h * 60 * 60 * 1000).toISOString();
    await publishList([{ sku, amount: 10_000, currency: 'CNY', channel: 'tmall' }]);
    await publishList([
      {
        sku,
        amount: 8_000,
        currency: 'CNY',
        channel: 'tmall',
        validFrom: at(1),
        validTo: at(2),
      },
    ]);
    await publishList([
      {
        sku,
        amount: 7_500,
        currency: 'CNY',
        channel: 'tmall',
        validFrom: at(2),
        validTo: at(3),
      },
    ]);
    const history = (
      await h.get(`/v1/prices/history?sku=${sku}&currency=CNY&channel=tmall`)
    ).json() as {
      amount: number;
      referenceAmount: number | null;
      reductionStartedAt: string | null;
      effectiveFrom: string;
    }[];
    expect(history.map((p) => [p.amount, p.referenceAmount])).toEqual([
      [10_000, null],
      [8_000, 10_000],
      [10_000, null],
      // Appended when the next list was published: at the same instant, it corrects the row above.
      [7_500, 10_000],
      [10_000, null],
    ]);
    expect(history[3].effectiveFrom).toBe(history[2].effectiveFrom);
    expect(history[3].reductionStartedAt).toBe(history[1].reductionStartedAt);
    const jd = (await h.get(`/v1/prices/history?sku=${sku}&currency=CNY&channel=jd`)).json();
    expect(jd).toEqual([]);
    const [during] = (await select([sku], { at: at(2.5) })).json().prices;
    expect(during).toMatchObject({ price: { amount: 7_500 }, referencePrice: { amount: 10_000 } });
  });

  it('keeps the audit log and the price history append-only: Postgres refuses to change them', async () => {
    for (const table of ['audit_log', 'effective_prices']) {
      await expect(h.db.dataSource.query(`UPDATE ${table} SET id = id`)).rejects.toThrow(
        `${table} is append-only`,
      );
      await expect(h.db.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(
        `${table} is append-only`,
      );
    }
  });

  it('documents every endpoint in OpenAPI', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/skus/{sku}/settings',
        '/v1/price-lists',
        '/v1/price-lists/{id}',
        '/v1/price-lists/{id}/prices',
        '/v1/price-lists/{id}/publish',
        '/v1/price-lists/{id}/archive',
        '/v1/price-lists/{id}/imports/csv',
        '/v1/price-lists/{id}/imports/json',
        '/v1/price-lists/{id}/export',
        '/v1/imports/{id}',
        '/v1/prices/select',
        '/v1/prices/history',
        '/v1/rules',
        '/v1/rules/catalog',
        '/v1/rules/dry-run',
        '/v1/fairness/exemptions',
        '/v1/fairness/corrections',
        '/v1/consistency',
        '/v1/audit',
      ]),
    );
    expect(Object.keys(doc.components.schemas.SelectRequestDto.properties)).toEqual(
      expect.arrayContaining([
        'skus',
        'currency',
        'channel',
        'customerGroups',
        'country',
        'at',
        'quantity',
      ]),
    );
  });

  it('no pricing table has a customer identifier column', async () => {
    const columns: { table_name: string; column_name: string }[] = await h.db.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1`,
      [h.db.schema],
    );
    expect(columns.length).toBeGreaterThan(20);
    const personal = columns.filter(({ column_name }) =>
      /customer_?id|member_?id|phone|email|identifier|union_?id|open_?id|device_?id|cookie/i.test(
        column_name,
      ),
    );
    expect(personal).toEqual([]);
  });
});
