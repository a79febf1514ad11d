import {
  changeFields,
  createZodDto,
  instant,
  RowAnswer,
  validToAfterValidFrom,
} from '@omni/platform';
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
    .refine(validToAfterValidFrom, {
      message: 'validTo must be after validFrom',
      path: ['validTo'],
    }),
) {}

export class ExemptionDto extends RowAnswer(FairnessExemptionPolicy) {}
