import { z } from 'zod';
import { idText } from './text';

/**
 * The path parameters of an endpoint about one resource, named by its id:
 * `class CustomerParamsDto extends createZodDto(idParams('customerId')) {}`.
 */
export function idParams<Name extends string>(name: Name, id: z.ZodType<string> = idText(128)) {
  return z.strictObject({ [name]: id } as Record<Name, z.ZodType<string>>);
}
