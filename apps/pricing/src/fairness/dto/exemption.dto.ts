import { changeFields, createZodDto, instant, RowAnswer } from '@omni/platform';
import { z } from 'zod';
import { groupName, skuText } from '../../http/change-request';
import { FairnessExemptionPolicy } from '../fairness-exemption.entity';

export class CreateExemptionDto extends createZodDto(
  z
    .strictObject({
      baselineGroup: groupName.meta({ example: 'new' }),
      sku: skuText.optional().meta({ description: 'Default: every SKU' }),
      validFrom: instant.optional(),
      validTo: instant.optional(),
      ...changeFields,
    })
    .refine(
      (value) =>
        value.validFrom === undefined ||
        value.validTo === undefined ||
        value.validTo > value.validFrom,
      { message: 'validTo must be after validFrom', path: ['validTo'] },
    ),
) {}

export class ExemptionDto extends RowAnswer(FairnessExemptionPolicy) {}
