import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { idText } from './text';

/**
 * The path parameters of an endpoint about one resource, named by its id:
 * `class CampaignIdParamsDto extends createZodDto(idParams('campaignId')) {}`.
 */
export function idParams<Name extends string>(name: Name, id: z.ZodType<string> = idText(128)) {
  return z.strictObject({ [name]: id } as Record<Name, z.ZodType<string>>);
}

/** A resolved customer's id as identity resolution issues it, in a path or a body. */
export const customerIdText = idText(128).meta({ example: 'cus_01J0Y5R8Z3' });

/** `:customerId`: every service that answers about one customer names it the same way. */
export class CustomerIdParamsDto extends createZodDto(idParams('customerId', customerIdText)) {}

/** `:id`, for a resource whose path names nothing else. */
export class IdParamsDto extends createZodDto(idParams('id')) {}
