import { idText } from '@omni/platform';
import { z } from 'zod';

// The kit's value schemas that selection's request takes from here.
export { currencyCode, instant } from '@omni/platform';

export const skuText = idText(64).meta({ example: 'LUM-SERUM-50ML' });
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code, e.g. CN')
  .meta({ example: 'CN' });
export const groupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a group name: lower-case letters, digits, - or _')
  .meta({ example: 'gold' });
