import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * A whole-number command-line option of a benchmark (as `parseArgs` gives it, a string), or a
 * stop with the option's name when it is not a positive whole number.
 */
export function positiveOption(args: Record<string, unknown>, name: string): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive whole number, got ${String(args[name])}`);
  return value;
}

/**
 * A benchmark's command line (`argv`, by default the process's): `counts` are its whole-number
 * options with their defaults, each checked to be positive; `options` any others, as
 * node:util `parseArgs` takes them, answered as it types them.
 */
export function benchArgs<
  N extends string,
  const O extends ParseArgsOptionsConfig = Record<never, never>,
>(
  counts: Record<N, number>,
  options?: O,
  argv?: string[],
): {
  counts: Record<N, number>;
  values: ReturnType<typeof parseArgs<{ options: O }>>['values'];
} {
  const countOptions = Object.fromEntries(
    Object.entries<number>(counts).map(([name, fallback]) => [
      name,
      { type: 'string' as const, default: String(fallback) },
    ]),
  );
  const { values } = parseArgs({ args: argv, options: { ...countOptions, ...options } });
  return {
    counts: Object.fromEntries(
      Object.keys(counts).map((name) => [name, positiveOption(values, name)]),
    ) as Record<N, number>,
    values: values as ReturnType<typeof parseArgs<{ options: O }>>['values'],
  };
}
