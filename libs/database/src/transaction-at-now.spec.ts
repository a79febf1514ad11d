import type { DataSource, EntityManager } from 'typeorm';
import { transactionAtNow } from './transaction-at-now';

const tx = {} as EntityManager;
const dataSource = {
  transaction: <T>(work: (manager: EntityManager) => Promise<T>) => work(tx),
} as unknown as DataSource;

describe('transactionAtNow', () => {
  afterEach(() => jest.useRealTimers());

  it('hands the work the transaction and the instant taken before it began', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-04T05:06:07.000Z') });
    const seen = await transactionAtNow(dataSource, async (manager, now) => {
      jest.advanceTimersByTime(5_000);
      return { manager, now };
    });
    expect(seen.manager).toBe(tx);
    expect(seen.now.toISOString()).toBe('2026-03-04T05:06:07.000Z');
  });

  it('answers what the work answers and fails as it fails', async () => {
    await expect(transactionAtNow(dataSource, async () => 42)).resolves.toBe(42);
    await expect(
      transactionAtNow(dataSource, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });
});
