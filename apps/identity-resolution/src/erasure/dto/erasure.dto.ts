import { ApiProperty } from '@nestjs/swagger';
import { createZodDto, customerIdText, freeText, idText } from '@omni/platform';
import { z } from 'zod';

export class ErasureRequestDto extends createZodDto(
  z.strictObject({
    customerId: customerIdText.meta({ example: 'cus_1a2b3c' }),
    actor: idText(200).default('data-subject-request').meta({ example: 'dpo:zhang.min' }),
    reason: freeText(2000)
      .default('right to be forgotten')
      .meta({ example: 'PIPL deletion request #4711' }),
  }),
) {}
export type ErasureRequest = z.output<typeof ErasureRequestDto.schema>;

export class ErasureResultDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ description: 'Identifiers deleted and added to the suppression list.' })
  erasedIdentifiers!: number;
  @ApiProperty() version!: number;
}
