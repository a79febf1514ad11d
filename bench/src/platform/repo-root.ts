import { existsSync } from 'node:fs';
import path from 'node:path';

/** The workspace root (the folder with nx.json), wherever this file is run from. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`no nx.json above ${from}: run the bench from the Omni repository`);
    dir = parent;
  }
  return dir;
}
