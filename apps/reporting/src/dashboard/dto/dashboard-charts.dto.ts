import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { ReportTableDto } from '../../tables/dto/table-queries.dto';

const tableQuery = (table: string) =>
  z
    .string()
    .max(2_000)
    .meta({ description: `The query string of GET /v1/dashboard/${table}` });

export class DashboardChartsQueryDto extends createZodDto(
  z.strictObject({
    lang: z.enum(['en', 'zh']).default('en').meta({ description: 'Language of the labels' }),
    width: z.coerce.number().int().min(100).max(4_000).meta({ description: 'Chart width, px' }),
    height: z.coerce.number().int().min(100).max(2_000).meta({ description: 'Chart height, px' }),
    kpis: tableQuery('kpis'),
    funnel: tableQuery('funnel'),
    attribution: tableQuery('attribution'),
    retention: tableQuery('retention'),
    experiments: tableQuery('experiments'),
    'channel-decisions': tableQuery('channel-decisions'),
    inventory: tableQuery('inventory'),
  }),
) {}
export type DashboardChartsQuery = z.output<typeof DashboardChartsQueryDto.schema>;

export class DashboardChartsAnswerDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Each chart of the dashboard as an SVG document, by chart name',
  })
  charts!: Record<string, string>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ReportTableDto) },
    description:
      'The tables the charts were drawn from, by table name, as GET /v1/dashboard/{table} answers them',
  })
  tables!: Record<string, ReportTableDto>;
}
