import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { auth, pollUntil, paid, profileChange, startCrm } from './support/crm-harness';

type Page<T> = { items: T[]; next: string | null };

describe('lists of a customer, a page at a time (keyset)', () => {
  const crm = useHarness(startCrm);

  const get = (url: string) => crm.app.inject({ method: 'GET', url, headers: auth });

  /** Every page of `path` with `limit`, following `next` until it is null. */
  async function allPages<T>(path: string, limit: number): Promise<{ pages: T[][] }> {
    const pages: T[][] = [];
    let after: string | null = null;
    do {
      const response = await get(
        `${path}?limit=${limit}${after === null ? '' : `&after=${after}`}`,
      );
      expect(response.statusCode).toBe(200);
      const page = response.json() as Page<T>;
      pages.push(page.items);
      after = page.next;
    } while (after !== null && pages.length < 50);
    return { pages };
  }

  it('lots, ledger entries and tier changes page through every item once, in order', async () => {
    const customerId = `cus-page-${randomUUID()}`;
    // Five orders earn five lots; the last ones lift the customer to Silver and Gold.
    const amounts = [50_000, 60_000, 70_000, 300_000, 400_000];
    await crm.apply(
      ...amounts.map((amount, i) =>
        paid(customerId, `o${i}`, amount, `2026-06-0${i + 1}T10:00:00Z`),
      ),
    );

    const lots = await allPages<{ orderId: string }>(`/v1/customers/${customerId}/points/lots`, 2);
    expect(lots.pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(lots.pages.flat().map((lot) => lot.orderId)).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);

    const entries = await allPages<{ entryType: string; orderId: string }>(
      `/v1/customers/${customerId}/points/entries`,
      3,
    );
    expect(entries.pages.map((page) => page.length)).toEqual([3, 2]);
    expect(entries.pages.flat().map((e) => [e.entryType, e.orderId])).toEqual(
      ['o0', 'o1', 'o2', 'o3', 'o4'].map((orderId) => ['earn', orderId]),
    );

    const changes = await allPages<{ tier: string }>(`/v1/customers/${customerId}/tier-changes`, 1);
    const tiers = changes.pages.flat().map((change) => change.tier);
    expect(tiers[0]).toBe('regular');
    expect(tiers).toContain('gold');
    expect(changes.pages.every((page) => page.length === 1)).toBe(true);

    // One page of everything when the limit covers it.
    const whole = (await get(`/v1/customers/${customerId}/points/lots?limit=1000`)).json();
    expect([whole.items.length, whole.next]).toEqual([5, null]);
  });

  it.each([
    ['a cursor that is not one', 'after=abc'],
    ['a negative cursor', 'after=-1'],
    ['a limit of zero', 'limit=0'],
    ['a limit above the maximum', 'limit=1001'],
  ])('refuses %s with 400 invalid_request', async (_what, query) => {
    for (const list of ['points/lots', 'points/entries', 'tier-changes']) {
      const response = await get(`/v1/customers/cus-any/${list}?${query}`);
      expect([list, response.statusCode, response.json().code]).toEqual([
        list,
        400,
        'invalid_request',
      ]);
    }
  });

  it('an unknown customer is a 404; a merged one leads to the same list of its survivor', async () => {
    for (const list of ['points/lots', 'points/entries', 'tier-changes']) {
      const response = await get(`/v1/customers/cus-unknown-${randomUUID()}/${list}`);
      expect([list, response.statusCode, response.json().code]).toEqual([
        list,
        404,
        'customer_not_found',
      ]);
    }
    const [a, b] = [`cus-pa-${randomUUID()}`, `cus-pb-${randomUUID()}`];
    await crm.apply(paid(a, 'oa', 10_000), paid(b, 'ob', 10_000));
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.merged', a, { survivorId: a, mergedIds: [b], version: 2 }),
    );
    await pollUntil(
      () => get(`/v1/customers/${b}`),
      (response) => response.statusCode === 308,
    );
    for (const list of ['points/lots', 'points/entries', 'tier-changes']) {
      const response = await get(`/v1/customers/${b}/${list}?limit=5`);
      expect([list, response.statusCode, response.headers.location]).toEqual([
        list,
        308,
        `/v1/customers/${a}/${list}`,
      ]);
    }
  });
});
