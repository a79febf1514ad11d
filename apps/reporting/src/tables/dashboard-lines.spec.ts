import { ApiError } from '@omni/platform';
import { z } from 'zod';
import { inAnswerOrder, queryObject, tableReader } from './dashboard-lines';
import type { ReportTable, ReportTableName } from './report-table';

const table = (name: ReportTableName): ReportTable => ({
  table: name,
  columns: [],
  rows: [],
  minCellCustomers: 5,
});
const after = <T>(ms: number, value: () => T) =>
  new Promise<T>((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(value());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }, ms),
  );
const collect = async <T>(lines: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const line of lines) all.push(line);
  return all;
};

describe('the lines of GET /v1/dashboard', () => {
  it('reads a query string as Fastify does: a repeated name is a list, a lone one a string', () => {
    expect(queryObject('from=a&groupBy=channel&groupBy=campaign&x=%20y')).toEqual({
      from: 'a',
      groupBy: ['channel', 'campaign'],
      x: ' y',
    });
    expect(queryObject('')).toEqual({});
  });

  it('refuses a malformed table query before reading anything, the table named in each issue', () => {
    const read = jest.fn(() => Promise.resolve(table('alerts')));
    const reader = tableReader('alerts', z.strictObject({ limit: z.coerce.number().int() }), read);
    let refused: unknown;
    try {
      reader('limit=many');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).body).toMatchObject({
      code: 'invalid_request',
      details: { issues: [{ path: 'alerts.limit' }] },
    });
    expect(read).not.toHaveBeenCalled();
    expect(() => reader('limit=3&extra=1')).toThrow(/^alerts\.\(root\): /);
  });

  it('hands the parsed query to the table', async () => {
    const read = jest.fn((_query: { limit: number }) => Promise.resolve(table('alerts')));
    await tableReader(
      'alerts',
      z.strictObject({ limit: z.coerce.number().int() }),
      read,
    )('limit=7')();
    expect(read).toHaveBeenCalledWith({ limit: 7 });
  });

  it('writes each table as it is answered, and a failing table as its error line without stopping the others', async () => {
    const unexpected = jest.fn();
    const lines = await collect(
      inAnswerOrder(
        [
          ['kpis', () => after(30, () => table('kpis'))],
          [
            'funnel',
            () =>
              after(5, () => {
                throw new ApiError(400, 'range_too_large', 'too long');
              }),
          ],
          ['alerts', () => after(0, () => table('alerts'))],
          [
            'inventory',
            () =>
              after(10, () => {
                throw new Error('connection reset');
              }),
          ],
        ],
        unexpected,
      ),
    );
    expect(lines).toEqual([
      table('alerts'),
      { table: 'funnel', error: { code: 'range_too_large', message: 'too long' } },
      {
        table: 'inventory',
        error: { code: 'internal_error', message: 'the table could not be read' },
      },
      table('kpis'),
    ]);
    expect(unexpected).toHaveBeenCalledTimes(1);
    expect(unexpected).toHaveBeenCalledWith('inventory', expect.any(Error));
  });

  it('turns a table that throws before its promise into its error line', async () => {
    const lines = await collect(
      inAnswerOrder(
        [
          [
            'alerts',
            () => {
              throw new ApiError(400, 'invalid_request', 'no');
            },
          ],
        ],
        jest.fn(),
      ),
    );
    expect(lines).toEqual([{ table: 'alerts', error: { code: 'invalid_request', message: 'no' } }]);
  });
});
