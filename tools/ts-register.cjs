// Lets plain `node -r ./tools/ts-register.cjs file.ts` run workspace TypeScript: SWC compiles
// each file on load (with decorator metadata, for Nest) and `@omni/*` imports resolve to
// libs/*/src as in tsconfig.base.json. Used by scripts, benchmarks and test child processes.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { compilerOptions } = JSON.parse(
  fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'),
);
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    alias,
    path.join(root, target),
  ]),
);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const target = aliases.get(request);
  return resolve.call(this, target ?? request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
