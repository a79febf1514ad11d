import { priceInput, type PriceInput } from '../price-lists/dto/price-list.dto';
import type { PriceDto } from '../price-lists/dto/price-list.dto';
import { csvField, parseCsv } from './csv';

export type RowError = { row: number; path: string; message: string };

/** The columns of a price list as CSV; quantityTiers as minQuantity:amount pairs joined by |. */
export const CSV_COLUMNS = [
  'sku',
  'amount',
  'currency',
  'channel',
  'customerGroup',
  'country',
  'validFrom',
  'validTo',
  'quantityTiers',
] as const;

const integer = (text: string) => (/^-?\d+$/.test(text) ? Number(text) : text);

/** A CSV row as the JSON a price would be sent as; what it cannot read it leaves for the schema to refuse. */
function csvRecord(header: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const value = fields[i]?.trim() ?? '';
    if (value === '') return;
    if (column === 'amount') record[column] = integer(value);
    else if (column === 'quantityTiers')
      record[column] = value.split('|').map((pair) => {
        const [minQuantity, amount] = pair.split(':');
        return { minQuantity: integer(minQuantity ?? ''), amount: integer(amount ?? '') };
      });
    else record[column] = value;
  });
  return record;
}

export type ParsedRows = { prices: PriceInput[]; errors: RowError[]; total: number };

/** Validates rows one by one; `row` numbers are 1-based (CSV: the line in the file). */
export function validateRows(
  rows: readonly { row: number; record: unknown }[],
  into: ParsedRows,
): void {
  for (const { row, record } of rows) {
    const parsed = priceInput.safeParse(record);
    if (parsed.success) into.prices.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        into.errors.push({
          row,
          path: issue.path.map(String).join('.') || '(row)',
          message: issue.message,
        });
  }
}

/** The data rows of a CSV price list, checked against its header. */
export function csvRows(text: string): {
  rows: { row: number; record: unknown }[];
  headerErrors: RowError[];
} {
  const [header, ...data] = parseCsv(text);
  if (header === undefined)
    return { rows: [], headerErrors: [{ row: 1, path: '(header)', message: 'the file is empty' }] };
  const columns = header.fields.map((name) => name.trim());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  const missing = ['sku', 'amount', 'currency'].filter((name) => !columns.includes(name));
  if (unknown.length > 0 || missing.length > 0)
    return {
      rows: [],
      headerErrors: [
        {
          row: header.line,
          path: '(header)',
          message: `expected the columns ${CSV_COLUMNS.join(', ')} (sku, amount and currency required)${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}`,
        },
      ],
    };
  return {
    rows: data.map(({ line, fields }) => ({ row: line, record: csvRecord(columns, fields) })),
    headerErrors: [],
  };
}

/** A price list's prices as CSV, readable by the import. */
export function pricesToCsv(prices: readonly PriceDto[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const price of prices)
    lines.push(
      [
        price.sku,
        String(price.amount),
        price.currency,
        price.channel ?? '',
        price.customerGroup ?? '',
        price.country ?? '',
        price.validFrom ?? '',
        price.validTo ?? '',
        price.quantityTiers.map((tier) => `${tier.minQuantity}:${tier.amount}`).join('|'),
      ]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}
