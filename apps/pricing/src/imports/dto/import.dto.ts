import { ApiProperty } from '@nestjs/swagger';
import { changeFields, createZodDto, freeText, RowAnswer } from '@omni/platform';
import { z } from 'zod';
import { ImportJob } from '../import-job.entity';

const publishFlag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true')
  .meta({ description: 'Publish the list in the same transaction as the import' });

export class JsonImportDto extends createZodDto(
  z.strictObject({
    prices: z.array(z.unknown()).min(1).meta({
      description: 'Price rows as POST /v1/price-lists takes them; each is checked on its own',
    }),
    publish: z.boolean().default(false),
    ...changeFields,
  }),
) {}

export class CsvImportQueryDto extends createZodDto(
  z.strictObject({
    reason: freeText(2000).meta({ example: 'weekly price file' }),
    publish: publishFlag,
  }),
) {}

export class ExportQueryDto extends createZodDto(
  z.strictObject({ format: z.enum(['csv', 'json']).default('json') }),
) {}

class RowErrorDto {
  @ApiProperty({ description: '1-based; for CSV the line in the file' }) row!: number;
  @ApiProperty() path!: string;
  @ApiProperty() message!: string;
}

export class ImportJobDto extends RowAnswer(ImportJob, {
  omit: ['actor', 'reason', 'input', 'leaseOwner', 'leaseExpiresAt', 'attempts'],
  properties: {
    format: { enum: ['csv', 'json'] },
    status: { enum: ['running', 'completed', 'failed'] },
    processedRows: { description: 'Rows validated so far' },
    errors: { type: [RowErrorDto], description: 'The first 1,000 row errors' },
    failure: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      description: '{ code, message, details? } when failed',
    },
  },
}) {}
