import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { REPORT_TABLES, type ReportTableName } from '../report-table';

const tableQuery = (table: ReportTableName) =>
  z
    .string()
    .max(2_048)
    .optional()
    .meta({
      description: `The query string of GET /v1/dashboard/${table} (URL-encoded as one value; empty for its defaults)`,
      example: table === 'kpis' ? 'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z' : undefined,
    });

export class DashboardQueryDto extends createZodDto(
  z
    .strictObject(
      Object.fromEntries(REPORT_TABLES.map((table) => [table, tableQuery(table)])) as Record<
        ReportTableName,
        ReturnType<typeof tableQuery>
      >,
    )
    .refine((query) => Object.values(query).some((value) => value !== undefined), {
      message: 'name at least one table',
    }),
) {}
export type DashboardQuery = z.output<typeof DashboardQueryDto.schema>;
