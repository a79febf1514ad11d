import type { EntityManager } from 'typeorm';
import { insertRows } from './insert-rows';

type Row = {
  customerId: string;
  occurredAt: Date;
  policyVersion?: string | null;
  granted: boolean;
};

const recording = (answer: unknown = []) => {
  const calls: { sql: string; parameters: unknown[] }[] = [];
  const tx = {
    query: async (sql: string, parameters: unknown[]) => {
      calls.push({ sql, parameters });
      return answer;
    },
  } as unknown as EntityManager;
  return { tx, calls };
};

describe('insertRows', () => {
  it('sends each named field as one typed array, in snake_case columns', async () => {
    const { tx, calls } = recording();
    const at = new Date('2026-01-02T03:04:05.000Z');
    await insertRows<Row>(
      tx,
      'consent AS c',
      { customerId: 'text', occurredAt: 'timestamptz', policyVersion: 'text', granted: 'boolean' },
      [
        { customerId: 'a', occurredAt: at, policyVersion: 'v1', granted: true },
        { customerId: 'b', occurredAt: at, granted: false },
      ],
      'ON CONFLICT DO NOTHING',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].sql.replace(/\s+/g, ' ')).toBe(
      'INSERT INTO consent AS c (customer_id, occurred_at, policy_version, granted) ' +
        'SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::boolean[]) ON CONFLICT DO NOTHING',
    );
    expect(calls[0].parameters).toEqual([
      ['a', 'b'],
      [at.toISOString(), at.toISOString()],
      ['v1', null],
      [true, false],
    ]);
  });

  it('answers the returned rows, and runs nothing for no rows', async () => {
    const { tx, calls } = recording([{ customer_id: 'a' }]);
    const columns = { customerId: 'text' } as const;
    const none: { customerId: string }[] = [];
    expect(await insertRows(tx, 'consent', columns, none, 'RETURNING customer_id')).toEqual([]);
    expect(calls).toHaveLength(0);
    expect(
      await insertRows(tx, 'consent', columns, [{ customerId: 'a' }], 'RETURNING customer_id'),
    ).toEqual([{ customer_id: 'a' }]);
  });
});
