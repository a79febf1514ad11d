import { parseArgs } from 'node:util';

/** A command-line mistake, naming the flag so the user knows what to fix. */
export class CliArgumentError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'CliArgumentError';
  }
}

export type FlagSpec =
  | {
      readonly type: 'string';
      readonly description: string;
      readonly default?: string;
      readonly placeholder?: string;
    }
  | { readonly type: 'boolean'; readonly description: string };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]: S[K] extends { type: 'boolean' }
    ? boolean
    : S[K] extends { default: string }
      ? string
      : string | undefined;
};

/** What node:util says about the offending option, rewritten to start with the flag itself. */
function rewrite(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag =
    /'(-{1,2}[^' =]+)/.exec(message)?.[1] ?? /'([^']+)'/.exec(message)?.[1] ?? '(arguments)';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    throw new CliArgumentError(flag, 'unknown flag; see --help for the flags this command takes');
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    throw new CliArgumentError(flag, 'expects a value, e.g. --rate 200 or --rate=200');
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    throw new CliArgumentError(flag, 'unexpected argument; every setting is a --flag');
  throw new CliArgumentError(flag, message);
}

/** Strict flag parsing: unknown flags, missing values and stray words are errors naming the flag. */
export function parseFlags<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedFlags<S> {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] =
      spec.type === 'string' && spec.default !== undefined
        ? { type: 'string', default: spec.default }
        : { type: spec.type };
  }
  try {
    const { values } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: false,
    });
    const parsed: Record<string, string | boolean | undefined> = {};
    for (const [name, spec] of Object.entries(specs)) {
      const value = values[name];
      parsed[name] =
        spec.type === 'boolean' ? value === true : typeof value === 'string' ? value : undefined;
    }
    return parsed as ParsedFlags<S>;
  } catch (error) {
    return rewrite(error);
  }
}

/** `--help` text generated from the specs, so it never drifts from what is parsed. */
export function usage(command: string, summary: string, specs: FlagSpecs): string {
  const lines = Object.entries(specs).map(([name, spec]) => {
    const left =
      spec.type === 'string' ? `--${name} <${spec.placeholder ?? 'value'}>` : `--${name}`;
    const fallback =
      spec.type === 'string' && spec.default !== undefined ? ` (default ${spec.default})` : '';
    return `  ${left.padEnd(28)} ${spec.description}${fallback}`;
  });
  return [`usage: ${command}`, summary, '', ...lines].join('\n');
}

const flagName = (name: string) => `--${name}`;

export function positiveInteger(name: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new CliArgumentError(
      flagName(name),
      `expected a whole number from 1 to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

export function nonNegativeInteger(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new CliArgumentError(
      flagName(name),
      `expected a whole number of 0 or more, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

export function positiveNumber(name: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new CliArgumentError(
      flagName(name),
      `expected a number above 0 and at most ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

export function oneOf<T extends string>(name: string, text: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === text);
  if (found === undefined)
    throw new CliArgumentError(
      flagName(name),
      `expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`,
    );
  return found;
}

/** A comma-separated list of known names, without repeats, in the order given. */
export function listOf<T extends string>(name: string, text: string, choices: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0)
    throw new CliArgumentError(
      flagName(name),
      `expected a comma-separated list of ${choices.join(', ')}, got nothing`,
    );
  const picked: T[] = [];
  for (const item of items) {
    const choice = oneOf(name, item, choices);
    if (!picked.includes(choice)) picked.push(choice);
  }
  return picked;
}

/** A comma-separated list of positive numbers, e.g. offered loads. */
export function numberList(name: string, text: string): number[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0)
    throw new CliArgumentError(
      flagName(name),
      'expected a comma-separated list of numbers, got nothing',
    );
  return items.map((item) => positiveNumber(name, item));
}

/** An ISO calendar date, e.g. 2025-06-01. */
export function isoDate(name: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    throw new CliArgumentError(
      flagName(name),
      `expected a date as YYYY-MM-DD, got ${JSON.stringify(text)}`,
    );
  }
  return text;
}
