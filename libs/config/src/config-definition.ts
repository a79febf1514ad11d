import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

/** How one environment variable is documented; `secret` values are never echoed or listed. */
export type SettingInfo = {
  description: string;
  secret?: boolean;
  /** Unset is fine in development and test (the schema's default applies), refused in production. */
  requiredInProduction?: boolean;
};

/** What a setting says about itself when its description comes from a table (see `described`). */
export type SettingFlags = Omit<SettingInfo, 'description'>;

/** Descriptions by variable name, for the settings declared without one. */
export type Descriptions = { readonly [variable: string]: string };

/** One environment variable: its name, how it is parsed and what it means. */
export type Setting<S extends z.ZodType = z.ZodType> = {
  readonly kind: 'setting';
  readonly variable: string;
  readonly schema: S;
  readonly info: Required<SettingInfo>;
};

/** A service's settings as a tree: the shape of the typed object the app receives. */
export type ConfigDefinition = {
  readonly [key: string]: Setting | AnyDerived | ConfigDefinition;
};

type AnyDerived = {
  readonly kind: 'derived';
  readonly definition: ConfigDefinition;
  readonly derive: (parsed: never) => unknown;
};

/** Settings whose parsed values are combined into one value, e.g. keys and the active key's id. */
export type Derived<D extends ConfigDefinition = ConfigDefinition, T = unknown> = {
  readonly kind: 'derived';
  readonly definition: D;
  readonly derive: (parsed: ConfigOf<D>) => T;
};

/** The typed, camelCase configuration a definition parses to. */
export type ConfigOf<D extends ConfigDefinition> = {
  -readonly [K in keyof D]: D[K] extends Setting<infer S>
    ? z.output<S>
    : D[K] extends AnyDerived
      ? ReturnType<D[K]['derive']>
      : D[K] extends ConfigDefinition
        ? ConfigOf<D[K]>
        : never;
};

/**
 * Settings checked together once each is valid: `derive` may throw a ConfigError naming the
 * variables that disagree, and its result is what the app receives in their place.
 */
export function derived<const D extends ConfigDefinition, T>(
  definition: D,
  derive: (parsed: ConfigOf<D>) => T,
): Derived<D, T> {
  return { kind: 'derived', definition, derive };
}

const isDerived = (node: Setting | AnyDerived | ConfigDefinition): node is AnyDerived =>
  (node as AnyDerived).kind === 'derived' && typeof (node as AnyDerived).derive === 'function';

/**
 * One environment variable. Without a description here, one must come from the descriptions
 * table of the definition it belongs to (see `described`).
 */
export function setting<S extends z.ZodType>(
  variable: string,
  schema: S,
  info: string | SettingInfo | SettingFlags = {},
): Setting<S> {
  if (!/^[A-Z][A-Z0-9_]*$/.test(variable))
    throw new Error(`setting ${variable}: expected an upper-case environment variable name`);
  const about = typeof info === 'string' ? { description: info } : info;
  return {
    kind: 'setting',
    variable,
    schema,
    info: { description: '', secret: false, requiredInProduction: false, ...about },
  };
}

const isSetting = (node: Setting | AnyDerived | ConfigDefinition): node is Setting =>
  (node as Setting).kind === 'setting' && typeof (node as Setting).variable === 'string';

/** Declares a service's settings; a variable may appear only once, and only with a description. */
export function defineConfig<const D extends ConfigDefinition>(definition: D): D {
  const seen = new Set<string>();
  for (const { variable, info } of settingsOf(definition)) {
    if (seen.has(variable)) throw new Error(`setting ${variable} is declared twice`);
    if (info.description === '') throw new Error(`setting ${variable} has no description`);
    seen.add(variable);
  }
  return definition;
}

/**
 * `definition` with each setting declared without a description given its line of `descriptions`,
 * so declarations stay one line each and the descriptions read as the README table does.
 */
export function described<const D extends ConfigDefinition>(
  definition: D,
  descriptions: Descriptions,
): D {
  const declared = new Map(settingsOf(definition).map((item) => [item.variable, item]));
  for (const variable of Object.keys(descriptions)) {
    const item = declared.get(variable);
    if (item === undefined) throw new Error(`description of ${variable}: no such setting`);
    if (item.info.description !== '') throw new Error(`setting ${variable} is described twice`);
  }
  return describeEach(definition, descriptions) as D;
}

function describeEach(definition: ConfigDefinition, descriptions: Descriptions): ConfigDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([key, node]) => {
      if (isSetting(node)) {
        const description = descriptions[node.variable];
        return [
          key,
          description === undefined ? node : { ...node, info: { ...node.info, description } },
        ];
      }
      if (isDerived(node))
        return [key, { ...node, definition: describeEach(node.definition, descriptions) }];
      return [key, describeEach(node, descriptions)];
    }),
  );
}

type Located = Setting & { path: string[] };

function settingsOf(definition: ConfigDefinition, path: string[] = []): Located[] {
  return Object.entries(definition).flatMap(([key, node]) =>
    isSetting(node)
      ? [{ ...node, path: [...path, key] }]
      : settingsOf(isDerived(node) ? node.definition : node, [...path, key]),
  );
}

/** Replaces each derived subtree of `config` (parsed from `definition`) with its derived value. */
function applyDerived(definition: ConfigDefinition, config: Record<string, unknown>): void {
  for (const [key, node] of Object.entries(definition)) {
    if (isSetting(node)) continue;
    const inner = isDerived(node) ? node.definition : node;
    const value = (config[key] ??= {}) as Record<string, unknown>;
    applyDerived(inner, value);
    if (isDerived(node)) config[key] = node.derive(value as never);
  }
}

/**
 * Reads every setting from `source` once, at start-up. Every problem is reported at once,
 * naming the variable and what was expected; secret values are never echoed back.
 */
export function parseConfig<const D extends ConfigDefinition>(
  definition: D,
  source: Record<string, string | undefined> = process.env,
): ConfigOf<D> {
  const production = source.NODE_ENV === 'production';
  const issues: ConfigIssue[] = [];
  const config: Record<string, unknown> = {};
  for (const item of settingsOf(definition)) {
    const raw = source[item.variable];
    const received = raw === undefined ? undefined : item.info.secret ? '***' : raw;
    if (production && item.info.requiredInProduction && (raw === undefined || raw === '')) {
      issues.push({ variable: item.variable, expected: 'is required when NODE_ENV=production' });
      continue;
    }
    const result = item.schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues)
        issues.push({ variable: item.variable, expected: issue.message, received });
      continue;
    }
    let node = config;
    for (const key of item.path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[item.path[item.path.length - 1]] = result.data;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  applyDerived(definition, config);
  return config as ConfigOf<D>;
}

/** One row of a service's documented settings. */
export type ConfigVariable = {
  variable: string;
  /** Where the value lands in the typed config, e.g. `consumer.batchSize`. */
  path: string;
  description: string;
  secret: boolean;
  /** The default as an operator would write it, or undefined when the variable has none. */
  default?: string;
  required: 'always' | 'production' | 'never';
};

export function describeConfig(definition: ConfigDefinition): ConfigVariable[] {
  return settingsOf(definition).map((item) => {
    const fallback = defaultOf(item.schema);
    const optional = item.schema.safeParse(undefined).success;
    return {
      variable: item.variable,
      path: item.path.join('.'),
      description: item.info.description,
      secret: item.info.secret,
      default: fallback === undefined || item.info.secret ? undefined : fallback,
      required: !optional ? 'always' : item.info.requiredInProduction ? 'production' : 'never',
    };
  });
}

/** The Markdown table an app's README shows between its config-table markers. */
export function renderConfigTable(definition: ConfigDefinition): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = describeConfig(definition).map((v) => {
    const fallback =
      v.required === 'always'
        ? 'required'
        : v.default !== undefined
          ? `\`${v.default}\``
          : v.secret
            ? 'development value'
            : 'unset';
    const production = v.required === 'production' ? '; required in production' : '';
    const secret = v.secret ? ' (secret)' : '';
    return `| \`${v.variable}\` | ${cell(fallback + production)} | ${cell(v.description + secret)} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

const TABLE_START = '<!-- config-table:start -->';
const TABLE_END = '<!-- config-table:end -->';

/** `readme` with the config table between its config-table markers replaced by `table`. */
export function withConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`expected ${TABLE_START} and then ${TABLE_END} in the README`);
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

// Prettier pads Markdown tables; padding is not content.
const tableContent = (text: string) =>
  text
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---'),
    )
    .filter(Boolean)
    .join('\n');

/** Whether the README's config table says what `definition` does (see `nx run <app>:config-docs`). */
export function configTableIsCurrent(readme: string, definition: ConfigDefinition): boolean {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) return false;
  const shown = readme.slice(start + TABLE_START.length, end);
  return tableContent(shown) === tableContent(renderConfigTable(definition));
}

/** The default of a schema built from `.default()`, looking through optional, pipes and transforms. */
function defaultOf(schema: z.core.$ZodType): string | undefined {
  const def = schema._zod.def as {
    type: string;
    defaultValue?: unknown;
    innerType?: z.core.$ZodType;
    in?: z.core.$ZodType;
  };
  if (def.type === 'default') {
    const value = def.defaultValue;
    return Array.isArray(value) ? value.join(',') : String(value);
  }
  if (def.type === 'pipe' && def.in) return defaultOf(def.in);
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType)
    return defaultOf(def.innerType);
  return undefined;
}
