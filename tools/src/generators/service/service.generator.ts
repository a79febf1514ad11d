import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { formatFiles, generateFiles, names, type GeneratorCallback, type Tree } from '@nx/devkit';
import { registerService } from './service-registrations';

export type ServiceGeneratorOptions = {
  name: string;
  port: number;
  schema: string;
  description?: string;
};

type ServiceInUse = { app: string; port?: number; schema?: string };

const kebabCase = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// A Postgres identifier that never needs quoting, short enough for `omni_<schema>` role names.
const schemaIdentifier = /^[a-z_][a-z0-9_]{0,56}$/;

/** The service descriptor of every app already in apps/, read from its service.ts. */
function servicesInUse(tree: Tree): ServiceInUse[] {
  if (!tree.exists('apps')) return [];
  return tree.children('apps').flatMap((app) => {
    const file = `apps/${app}/src/service.ts`;
    if (!tree.exists(file)) return [];
    const source = tree.read(file, 'utf-8') ?? '';
    const port = /\bport:\s*(\d+)/.exec(source)?.[1];
    const schema = /\bschema:\s*'([^']+)'/.exec(source)?.[1];
    return [{ app, port: port === undefined ? undefined : Number(port), schema }];
  });
}

/** Throws an error naming the option and what was expected; returns the options to use. */
export function validateServiceOptions(
  tree: Tree,
  options: ServiceGeneratorOptions,
): Required<ServiceGeneratorOptions> {
  const { name, schema } = options;
  const port = Number(options.port);
  if (typeof name !== 'string' || !kebabCase.test(name)) {
    throw new Error(`--name must be kebab-case (e.g. loyalty-wallet), got ${JSON.stringify(name)}`);
  }
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`--port must be an integer from 1024 to 65535, got ${options.port}`);
  }
  if (typeof schema !== 'string' || !schemaIdentifier.test(schema)) {
    throw new Error(
      `--schema must be a lower-case Postgres identifier (a-z, 0-9, _; at most 57 characters), got ${JSON.stringify(schema)}`,
    );
  }
  if (tree.exists(`apps/${name}`)) {
    throw new Error(`--name ${name}: apps/${name} already exists`);
  }
  for (const other of servicesInUse(tree)) {
    if (other.port === port) throw new Error(`--port ${port} is already used by ${other.app}`);
    if (other.schema === schema) {
      throw new Error(`--schema ${schema} is already owned by ${other.app}`);
    }
  }
  const description = options.description?.trim() || `The ${name} service.`;
  return { name, port, schema, description };
}

/** `npx nx g @omni/tools:service <name> --port <port> --schema <schema>` */
export async function serviceGenerator(
  tree: Tree,
  rawOptions: ServiceGeneratorOptions,
): Promise<GeneratorCallback> {
  const options = validateServiceOptions(tree, rawOptions);
  const { propertyName, className } = names(options.name);
  generateFiles(tree, path.join(__dirname, 'files'), `apps/${options.name}`, {
    ...options,
    configName: `${propertyName}Config`,
    configType: `${className}Config`,
    // Quoted for a TypeScript single-quoted string literal.
    descriptionLiteral: options.description.replace(/\\/g, '\\\\').replace(/'/g, "\\'"),
  });
  registerService(tree, options);
  await formatFiles(tree);
  // Runs once the files are on disk: the config table is rendered from the config definition.
  return () => {
    execFileSync(
      process.execPath,
      ['-r', './tools/ts-register.cjs', 'tools/scripts/config-docs.ts', options.name],
      { cwd: tree.root, stdio: 'inherit' },
    );
  };
}
