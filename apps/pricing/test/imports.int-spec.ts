import { useHarness } from '@omni/testing';
import { ImportsService } from '../src/imports/imports.service';
import { ADMIN_TOKEN, eventually, startPricingHarness } from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'import test' };

type Job = {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  errors: { row: number; path: string; message: string }[];
  failure: { code: string; message: string } | null;
};

describe('price-list imports and exports', () => {
  const h = useHarness(() =>
    startPricingHarness({
      PRICING_IMPORT_PROGRESS_ROWS: '500',
      PRICING_IMPORT_LEASE_MS: '3000',
    }),
  );

  const draft = async () =>
    (await h.post('/v1/price-lists', { name: 'import', ...change })).json().id as string;

  const importCsv = (listId: string, csv: string, publish = false) =>
    h.app.inject({
      method: 'POST',
      url: `/v1/price-lists/${listId}/imports/csv?reason=weekly%20file&publish=${publish}`,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'text/csv',
        'x-omni-actor': 'ops:csv',
      },
      payload: csv,
    });

  const finished = (id: string) =>
    eventually(async () => {
      const job = (await h.get(`/v1/imports/${id}`)).json() as Job;
      return job.status === 'running' ? undefined : job;
    }, `import ${id}`);

  const priceCount = async (listId: string) =>
    (
      await h.db.dataSource.query(
        `SELECT count(*)::int AS n FROM prices WHERE price_list_id = $1`,
        [listId],
      )
    )[0].n;

  it('imports and publishes 3,000 CSV rows as one job, and exports them back', async () => {
    const listId = await draft();
    const prefix = `IMP-${Date.now().toString(36)}`;
    const lines = ['sku,amount,currency,channel,quantityTiers'];
    for (let i = 0; i < 3_000; i++)
      lines.push(
        `${prefix}-${i},${10_000 + i},CNY,${i % 2 === 0 ? 'tmall' : ''},${i % 3 === 0 ? '3:9000|10:8000' : ''}`,
      );
    const accepted = await importCsv(listId, `${lines.join('\n')}\n`, true);
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({ status: 'running', totalRows: 3_000, format: 'csv' });
    const job = await finished(accepted.json().id);
    expect(job).toMatchObject({
      status: 'completed',
      processedRows: 3_000,
      errorCount: 0,
      failure: null,
    });
    expect((await h.get(`/v1/price-lists/${listId}`)).json()).toMatchObject({
      status: 'published',
      priceCount: 3_000,
    });
    const selected = (
      await h.post('/v1/prices/select', {
        skus: [`${prefix}-3`],
        currency: 'CNY',
        channel: 'jd',
        quantity: 10,
      })
    ).json();
    expect(selected.prices[0].price.amount).toBe(8_000);

    const csv = await h.app.inject({
      method: 'GET',
      url: `/v1/price-lists/${listId}/export?format=csv`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const copy = await draft();
    const reimported = await finished((await importCsv(copy, csv.body)).json().id);
    expect(reimported).toMatchObject({ status: 'completed', processedRows: 3_000 });
    const exportJson = async (id: string) =>
      (await h.get(`/v1/price-lists/${id}/export?format=json`)).json().prices;
    expect(await exportJson(copy)).toEqual(await exportJson(listId));
  });

  it('reports every bad row with its line and imports none of them', async () => {
    const listId = await draft();
    const csv =
      'sku,amount,currency\nGOOD-1,1000,CNY\nBAD-1,10.5,CNY\nBAD-2,1000,yuan\n,1000,CNY\n';
    const job = await finished((await importCsv(listId, csv, true)).json().id);
    expect(job.status).toBe('failed');
    expect(job.failure?.code).toBe('invalid_rows');
    expect(job.errors.map((e) => [e.row, e.path])).toEqual([
      [3, 'amount'],
      [4, 'currency'],
      [5, 'sku'],
    ]);
    expect(await priceCount(listId)).toBe(0);
    expect((await h.get(`/v1/price-lists/${listId}`)).json().status).toBe('draft');
  });

  it('rolls the whole JSON import back when its publication is refused', async () => {
    const listId = await draft();
    const sku = `IMPJ-${Date.now().toString(36)}`;
    const accepted = await h.post(`/v1/price-lists/${listId}/imports/json`, {
      prices: [
        { sku, amount: 1_000, currency: 'CNY' },
        { sku, amount: 1_100, currency: 'CNY' },
      ],
      publish: true,
      ...change,
    });
    expect(accepted.statusCode).toBe(202);
    const job = await finished(accepted.json().id);
    expect(job).toMatchObject({ status: 'failed', failure: { code: 'overlapping_prices' } });
    expect(await priceCount(listId)).toBe(0);
    expect((await h.get(`/v1/price-lists/${listId}`)).json().status).toBe('draft');
  });

  it('races a publishing import against publication and archive of the same draft without a deadlock', async () => {
    // The import once locked the list's row before publication's table lock: with a
    // publication or an archive of the same list waiting the other way, Postgres broke the
    // cycle and the import failed with internal_error.
    const lists = await Promise.all(Array.from({ length: 8 }, draft));
    const answers = await Promise.all(
      lists.flatMap((listId, i) => [
        h.post(`/v1/price-lists/${listId}/imports/json`, {
          prices: [{ sku: `IMPR-${Date.now().toString(36)}-${i}`, amount: 4_200, currency: 'CNY' }],
          publish: true,
          ...change,
        }),
        h.post(`/v1/price-lists/${listId}/${i % 2 === 0 ? 'publish' : 'archive'}`, change),
      ]),
    );
    expect(answers.map((a) => a.statusCode).filter((s) => ![200, 202, 409].includes(s))).toEqual(
      [],
    );
    const jobs = await Promise.all(
      answers.filter((a) => a.statusCode === 202).map((a) => finished(a.json().id)),
    );
    // An import that lost the race fails with the list's state, never with internal_error.
    expect(
      jobs.filter(
        (job) => job.status !== 'completed' && job.failure?.code !== 'price_list_not_draft',
      ),
    ).toEqual([]);
  });

  it('refuses an import into a published list, a CSV without its content type, and an unknown job', async () => {
    const listId = await draft();
    await h.post(`/v1/price-lists/${listId}/publish`, change);
    expect((await importCsv(listId, 'sku,amount,currency\nA,1,CNY\n')).json().code).toBe(
      'price_list_not_draft',
    );
    const wrongType = await h.app.inject({
      method: 'POST',
      url: `/v1/price-lists/${await draft()}/imports/csv?reason=x`,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        'x-omni-actor': 'ops:csv',
      },
      payload: { sku: 'A' },
    });
    expect(wrongType.statusCode).toBe(415);
    expect((await h.get('/v1/imports/imp_missing')).statusCode).toBe(404);
  });

  describe('import leases', () => {
    const csvOf = (prefix: string, rows: number) =>
      [
        'sku,amount,currency',
        ...Array.from({ length: rows }, (_, i) => `${prefix}-${i},${5_000 + i},CNY`),
      ].join('\n');

    /** A job as a process that then died would have left it: running, its lease ending in `leaseSeconds`. */
    async function orphan(
      listId: string,
      csv: string,
      lease: { owner: string; seconds: number; attempts?: number },
    ) {
      const id = `imp_orphan_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
      await h.db.dataSource.query(
        `INSERT INTO import_jobs (id, price_list_id, format, status, publish, total_rows, actor, reason, created_at, input, lease_owner, lease_expires_at, attempts)
         VALUES ($1, $2, 'csv', 'running', true, $3, 'ops:csv', 'lease test', now(), $4, $5, now() + make_interval(secs => $6), $7)`,
        [
          id,
          listId,
          csv.split('\n').length - 1,
          csv,
          lease.owner,
          lease.seconds,
          lease.attempts ?? 1,
        ],
      );
      return id;
    }

    const jobRow = async (id: string) =>
      (
        await h.db.dataSource.query(
          `SELECT status, lease_owner AS "leaseOwner", attempts FROM import_jobs WHERE id = $1`,
          [id],
        )
      )[0] as { status: string; leaseOwner: string; attempts: number };

    it('a job whose process died is taken over once its lease expires, and completes once', async () => {
      const listId = await draft();
      const prefix = `ORPHAN-${Date.now().toString(36)}`;
      const id = await orphan(listId, csvOf(prefix, 1_200), {
        owner: 'dead-host:1:lease',
        seconds: 3,
      });
      // Still leased: a sweep now leaves it alone.
      await h.app.get(ImportsService).takeOver();
      expect(await jobRow(id)).toMatchObject({
        status: 'running',
        leaseOwner: 'dead-host:1:lease',
      });
      const job = await finished(id);
      expect(job).toMatchObject({ status: 'completed', processedRows: 1_200, errorCount: 0 });
      const row = await jobRow(id);
      expect(row.attempts).toBe(2);
      expect(row.leaseOwner).toContain(h.app.get(ImportsService).owner);
      expect(await priceCount(listId)).toBe(1_200);
      expect((await h.get(`/v1/price-lists/${listId}`)).json()).toMatchObject({
        status: 'published',
      });
      const selected = (
        await h.post('/v1/prices/select', { skus: [`${prefix}-7`], currency: 'CNY', channel: 'jd' })
      ).json();
      expect(selected.prices[0]).toMatchObject({ status: 'priced', price: { amount: 5_007 } });
    });

    it('a job leased to a live process is never run by another', async () => {
      const listId = await draft();
      const id = await orphan(listId, csvOf(`LIVE-${Date.now().toString(36)}`, 10), {
        owner: 'live-host:2:lease',
        seconds: 3_600,
      });
      await h.app.get(ImportsService).takeOver();
      // Two sweep intervals of this process (PRICING_IMPORT_LEASE_MS / 2 each).
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect(await jobRow(id)).toMatchObject({
        status: 'running',
        leaseOwner: 'live-host:2:lease',
        attempts: 1,
      });
      expect(await priceCount(listId)).toBe(0);
    });

    it('a process whose lease passed to another stops and commits nothing', async () => {
      const listId = await draft();
      const accepted = await importCsv(
        listId,
        csvOf(`LOST-${Date.now().toString(36)}`, 20_000),
        true,
      );
      expect(accepted.statusCode).toBe(202);
      const id = accepted.json().id as string;
      const [, stolen]: [unknown, number] = await h.db.dataSource.query(
        `UPDATE import_jobs SET lease_owner = 'thief:3:lease', lease_expires_at = now() + interval '1 hour'
         WHERE id = $1 AND status = 'running'`,
        [id],
      );
      expect(stolen).toBe(1);
      const service = h.app.get(ImportsService);
      await eventually(async () => (service.active === 0 ? true : undefined), 'the import to stop');
      expect(await jobRow(id)).toMatchObject({ status: 'running', leaseOwner: 'thief:3:lease' });
      expect(await priceCount(listId)).toBe(0);
      expect((await h.get(`/v1/price-lists/${listId}`)).json()).toMatchObject({ status: 'draft' });
    });

    it('gives a job up after it was taken over three times', async () => {
      const listId = await draft();
      const id = await orphan(listId, csvOf(`GIVEUP-${Date.now().toString(36)}`, 10), {
        owner: 'dead-host:4:lease',
        seconds: -1,
        attempts: 3,
      });
      await h.app.get(ImportsService).takeOver();
      const job = await finished(id);
      expect(job).toMatchObject({ status: 'failed', failure: { code: 'import_abandoned' } });
      expect(await priceCount(listId)).toBe(0);
    });
  });
});
