import { z } from 'zod';

/** A report's [from, to) range, refused unless from comes first: `.check(fromBeforeTo)`. */
export const fromBeforeTo = z.refine<{ from: string; to: string }>(
  ({ from, to }) => Date.parse(from) < Date.parse(to),
  { message: 'from must be before to', path: ['from'] },
);
