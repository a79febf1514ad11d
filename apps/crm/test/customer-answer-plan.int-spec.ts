import { useHarness } from '@omni/testing';
import { CrmCustomerKeysBytewise1766500000000 } from '../src/migrations/1766500000000-crm-customer-keys-bytewise.migration';
import { ANSWER_SQL } from '../src/customers/customer-answers.repository';
import { auth, paid, startCrm } from './support/crm-harness';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

/** Customers that are not the one asked for, so a scan of a whole table would be the costly plan. */
const OTHERS = 5_000;

const TABLES = ['customer_insights', 'consent', 'segment_members'] as const;

describe("GET /v1/customers/{id}'s statement over many customers", () => {
  const customerId = 'cus_plan_subject';

  const crm = useHarness(startCrm);

  beforeAll(async () => {
    await crm.apply(paid(customerId, 'ord-plan-1', 12_000, '2026-03-01T10:00:00Z'));
    const ds = crm.dataSource;
    await ds.query(`INSERT INTO segments (segment_id, name, rule, created_by)
                    VALUES ('seg_plan', 'plan', '{"all":[]}', 'test')`);
    await ds.query(
      `INSERT INTO customer_insights (customer_id, first_seen_at, last_activity_at)
       SELECT 'cus_plan_' || i, now(), now() FROM generate_series(1, $1::int) AS i`,
      [OTHERS],
    );
    await ds.query(
      `INSERT INTO consent (customer_id, channel, purpose, granted, occurred_at, source)
       SELECT 'cus_plan_' || i, 'sms', 'marketing', true, now(), 'event'
       FROM generate_series(1, $1::int) AS i`,
      [OTHERS],
    );
    await ds.query(
      `INSERT INTO segment_members (segment_id, customer_id, joined_at)
       SELECT 'seg_plan', 'cus_plan_' || i, now() FROM generate_series(1, $1::int) AS i`,
      [OTHERS],
    );
    await ds.query(`ANALYZE customer_insights, consent, segment_members`);
  });

  const scannedWhole = async (): Promise<string[]> => {
    const now = new Date();
    const [row]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await crm.dataSource.query(
      `EXPLAIN (FORMAT JSON) ${ANSWER_SQL}`,
      [customerId, new Date(now.getTime() - 365 * 86_400_000), now, '{}', ''],
    );
    const seq: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] !== undefined)
        seq.push(node['Relation Name']);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(row['QUERY PLAN'][0].Plan);
    return seq.filter((table) => (TABLES as readonly string[]).includes(table));
  };

  it("reads the customer's insights, consent and segments through their indexes", async () => {
    expect(await scannedWhole()).toEqual([]);
    const answer = await crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}`,
      headers: auth,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ customerId, points: { balance: 120 } });
  });

  it('scanned them whole under the old collation, which the migration down restores', async () => {
    const runner = crm.dataSource.createQueryRunner();
    const migration = new CrmCustomerKeysBytewise1766500000000();
    try {
      await migration.down(runner);
      await runner.query(`ANALYZE customer_insights, consent, segment_members`);
      expect((await scannedWhole()).sort()).toEqual([...TABLES].sort());
    } finally {
      await migration.up(runner);
      await runner.release();
    }
    expect(await scannedWhole()).toEqual([]);
  });
});
