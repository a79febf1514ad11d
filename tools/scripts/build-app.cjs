// `nx build <app>`: type-checks and compiles the app with the libraries it imports into
// dist/apps/<app>, rewrites @omni/* imports to relative paths, and writes the two entry points
// ops run: dist/apps/<app>/main.js (the service) and dist/apps/<app>/migrate.js.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const app = process.argv[2];
const root = path.resolve(__dirname, '../..');
const tsconfig = path.join(root, 'apps', app ?? '', 'tsconfig.app.json');
if (!app || !fs.existsSync(tsconfig)) {
  console.error(`usage: build-app.cjs <app>; no ${tsconfig}`);
  process.exit(2);
}
const out = path.join(root, 'dist/apps', app);
fs.rmSync(out, { recursive: true, force: true });
const bin = (name) => path.join(root, 'node_modules/.bin', name);
execFileSync(bin('tsc'), ['-p', tsconfig], { stdio: 'inherit', cwd: root });
execFileSync(bin('tsc-alias'), ['-p', tsconfig], { stdio: 'inherit', cwd: root });
for (const entry of ['main', 'migrate']) {
  fs.writeFileSync(path.join(out, `${entry}.js`), `require('./apps/${app}/src/${entry}.js');\n`);
}
console.log(`built dist/apps/${app}`);
