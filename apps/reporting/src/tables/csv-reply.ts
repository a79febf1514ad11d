import { Readable } from 'node:stream';
import type { EndpointDoc } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { csvLines, type CsvCell } from './csv';
import type { ReportTable, StreamedTable } from './report-table';

/** How an endpoint that answers with sendCsv documents its answer. */
export const CSV_ANSWER = {
  produces: ['text/csv'],
  description: 'text/csv',
  schema: { type: 'string' },
} satisfies EndpointDoc;

/** The table's records in column order, the hidden columns of each in a last `suppressed` one. */
async function* records(table: ReportTable | StreamedTable): AsyncGenerator<CsvCell[]> {
  for await (const row of table.rows) {
    yield [...table.columns.map((column) => row.cells[column] ?? null), row.suppressed.join(';')];
  }
}

/**
 * Streams a table as an RFC 4180 CSV attachment: each record is written as the response
 * pulls it (and, for a streamed table, as it is read), so a large export never becomes one
 * string.
 */
export function sendCsv(reply: FastifyReply, table: ReportTable | StreamedTable): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${table.table}.csv"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(csvLines([...table.columns, 'suppressed'], records(table))));
}
