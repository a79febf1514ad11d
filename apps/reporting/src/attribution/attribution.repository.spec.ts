import { unpackCustomerPaths } from './attribution.repository';

/** As Postgres packs one customer: its number, its orders' bytes, then per order µs since 2000 and total. */
function customer(n: number, orders: [micros: bigint, total: bigint][]): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(n, 0);
  head.writeInt32BE(orders.length * 16, 4);
  const body = Buffer.alloc(orders.length * 16);
  orders.forEach(([micros, total], i) => {
    body.writeBigInt64BE(micros, i * 16);
    body.writeBigInt64BE(total, i * 16 + 8);
  });
  return Buffer.concat([head, body]);
}

function month(n: number, day: number, entries: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeInt32BE(n, 0);
  head.writeInt32BE(day, 4);
  head.writeInt32BE(entries.length, 8);
  return Buffer.concat([head, entries]);
}

const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

describe('unpacking the customers of a range', () => {
  it('reads each customer’s orders together, times to the millisecond, before 2000 too', () => {
    const paths = unpackCustomerPaths(
      Buffer.concat([
        customer(2, [
          [1_000_000n, 1001n],
          [-1_500n, 7n],
        ]),
        customer(1, [
          [(BigInt(Date.UTC(2026, 2, 10)) - BigInt(POSTGRES_EPOCH_MS)) * 1000n + 1n, 2n ** 40n],
        ]),
      ]),
      Buffer.alloc(0),
    );
    expect([...paths.orderEnd]).toEqual([2, 3]);
    expect([...paths.placedMs]).toEqual([
      POSTGRES_EPOCH_MS + 1000,
      POSTGRES_EPOCH_MS - 1.5,
      Date.UTC(2026, 2, 10) + 0.001,
    ]);
    expect([...paths.totals]).toEqual([1001, 7, 2 ** 40]);
    expect(paths.timelines).toEqual([undefined, undefined]);
  });

  it('gives each customer its months, ascending, by Postgres’s number', () => {
    const march = Date.UTC(2026, 2, 1) / 86_400_000;
    const paths = unpackCustomerPaths(
      Buffer.concat([customer(2, [[0n, 1n]]), customer(1, [[0n, 1n]])]),
      Buffer.concat([
        month(1, march + 31, Buffer.from([1])),
        month(1, march, Buffer.from([2, 3])),
        month(2, march, Buffer.from([4])),
      ]),
    );
    expect(paths.timelines).toEqual([
      [{ month: Date.UTC(2026, 2, 1), entries: Buffer.from([4]) }],
      [
        { month: Date.UTC(2026, 2, 1), entries: Buffer.from([2, 3]) },
        { month: Date.UTC(2026, 3, 1), entries: Buffer.from([1]) },
      ],
    ]);
  });

  it('refuses a timeline of a customer it has no orders of', () => {
    expect(() =>
      unpackCustomerPaths(customer(1, [[0n, 1n]]), month(2, 0, Buffer.alloc(0))),
    ).toThrow('a touch timeline of customer number 2, not among the orders');
  });
});
