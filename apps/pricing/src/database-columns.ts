import type { ValueTransformer } from 'typeorm';

/** bigint columns hold minor units below 2^53; pg returns them as text. */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
