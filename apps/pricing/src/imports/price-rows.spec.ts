import { csvField, parseCsv } from './csv';
import { csvRows, pricesToCsv, validateRows, type ParsedRows } from './price-rows';

describe('price lists as CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF rows and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","line\nbreak"\r\n\r\nlast,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'line\nbreak'] },
      { line: 5, fields: ['last', ''] },
    ]);
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });

  it('validates every row and reports each problem with its line', () => {
    const { rows, headerErrors } = csvRows(
      'sku,amount,currency,channel,quantityTiers\nA,1999,CNY,tmall,3:1899|10:1799\nB,19.99,CNY,,\nC,100,cny,,\n',
    );
    expect(headerErrors).toEqual([]);
    const parsed: ParsedRows = { prices: [], errors: [], total: rows.length };
    validateRows(rows, parsed);
    expect(parsed.prices).toEqual([
      expect.objectContaining({
        sku: 'A',
        amount: 1999,
        channel: 'tmall',
        quantityTiers: [
          { minQuantity: 3, amount: 1899 },
          { minQuantity: 10, amount: 1799 },
        ],
      }),
    ]);
    expect(parsed.errors.map((e) => [e.row, e.path])).toEqual([
      [3, 'amount'],
      [4, 'currency'],
    ]);
  });

  it('refuses a header with unknown or missing columns', () => {
    expect(csvRows('sku,price\nA,1\n').headerErrors[0].message).toContain(
      'unknown: price; missing: amount, currency',
    );
  });

  it('writes what it reads back', () => {
    const csv = pricesToCsv([
      {
        id: 'p1',
        sku: 'A,1',
        amount: 1999,
        currency: 'CNY',
        channel: null,
        customerGroup: 'gold',
        country: 'CN',
        validFrom: '2026-06-18T00:00:00.000Z',
        validTo: null,
        quantityTiers: [{ minQuantity: 3, amount: 1899 }],
      },
    ]);
    const parsed: ParsedRows = { prices: [], errors: [], total: 1 };
    validateRows(csvRows(csv).rows, parsed);
    expect(parsed.errors).toEqual([]);
    expect(parsed.prices[0]).toMatchObject({
      sku: 'A,1',
      amount: 1999,
      customerGroup: 'gold',
      country: 'CN',
    });
  });
});
