import type { Tree } from '@nx/devkit';

type NewService = { name: string; port: number };

const startScript = 'tools/bin/omni-up.sh';
const serviceNames = 'libs/contracts/src/topics/service-names.ts';

function edit(tree: Tree, file: string, change: (source: string) => string): void {
  if (!tree.exists(file)) return;
  const before = tree.read(file, 'utf-8') ?? '';
  const after = change(before);
  if (after !== before) tree.write(file, after);
}

/** Adds `item` before the closing parenthesis of the bash array assigned on `prefix`'s line. */
function appendToBashArray(source: string, prefix: string, item: string): string {
  return source.replace(
    new RegExp(`^(${prefix.replace(/[[\]()]/g, '\\$&')}[^\\n]*)\\)$`, 'm'),
    `$1 ${item})`,
  );
}

/**
 * Lists the service wherever the platform enumerates its services: `npm start` builds,
 * migrates and starts it, and the topic catalog gives it a dead-letter topic. Re-running for a
 * listed service changes nothing, so a regenerated skeleton keeps its single entry.
 */
export function registerService(tree: Tree, service: NewService): void {
  edit(tree, startScript, (source) => {
    const apps = /^apps=\(([^)]*)\)$/m.exec(source)?.[1].split(/\s+/) ?? [];
    if (apps.includes(service.name)) return source;
    const withApp = appendToBashArray(source, 'apps=(', service.name);
    return appendToBashArray(withApp, 'declare -A ports=(', `[${service.name}]=${service.port}`);
  });
  edit(tree, serviceNames, (source) =>
    source.includes(`'${service.name}'`)
      ? source
      : source.replace(/\n\] as const;/, `\n  '${service.name}',\n] as const;`),
  );
}
