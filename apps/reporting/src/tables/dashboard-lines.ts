import { ApiError, invalidRequest, type ErrorBody } from '@omni/platform';
import type { z } from 'zod';
import type { ReportTable, ReportTableName } from './report-table';

/** One line of GET /v1/dashboard: a table, or why that table could not be read. */
export type DashboardLine = ReportTable | { table: ReportTableName; error: ErrorBody };

/** A table's query string, parsed as the table's own endpoint parses it, ready to answer. */
export type TableReader = (query: string) => () => Promise<ReportTable>;

/** A table's reader: its endpoint's query schema and the answer to a valid query. */
export function tableReader<Q>(
  table: ReportTableName,
  schema: z.ZodType<Q>,
  answer: (query: Q) => Promise<ReportTable>,
): TableReader {
  return (query) => {
    const parsed = schema.safeParse(queryObject(query));
    if (!parsed.success) throw prefixed(table, invalidRequest(parsed.error));
    return () => answer(parsed.data);
  };
}

/** A query string as Fastify parses one: a repeated name becomes a list of its values. */
export function queryObject(query: string): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const before = object[name];
    object[name] = before === undefined ? value : [before, value].flat();
  }
  return object;
}

function prefixed(table: ReportTableName, error: ApiError): ApiError {
  const { issues } = error.body.details as { issues: { path: string; message: string }[] };
  const named = issues.map((issue) => ({ ...issue, path: `${table}.${issue.path}` }));
  return new ApiError(
    400,
    'invalid_request',
    named.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    { details: { issues: named } },
  );
}

/**
 * Each table as it is answered, fastest first: all are read at once, and a table that fails
 * is a line with its error body rather than the end of the others.
 */
export async function* inAnswerOrder(
  reads: readonly (readonly [ReportTableName, () => Promise<ReportTable>])[],
  unexpected: (table: ReportTableName, error: unknown) => void,
): AsyncGenerator<DashboardLine> {
  const pending = new Map(
    reads.map(([table, read], index) => [
      index,
      Promise.resolve()
        .then(read)
        .then(
          (answer): { index: number; line: DashboardLine } => ({ index, line: answer }),
          (error: unknown) => {
            if (!(error instanceof ApiError)) unexpected(table, error);
            const body: ErrorBody =
              error instanceof ApiError
                ? error.body
                : { code: 'internal_error', message: 'the table could not be read' };
            return { index, line: { table, error: body } };
          },
        ),
    ]),
  );
  while (pending.size > 0) {
    const { index, line } = await Promise.race(pending.values());
    pending.delete(index);
    yield line;
  }
}
