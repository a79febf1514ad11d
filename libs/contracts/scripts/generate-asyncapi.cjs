// Writes libs/contracts/asyncapi.yaml. Run: npx nx run contracts:asyncapi
require('../../../tools/ts-register.cjs');
const fs = require('node:fs');
const path = require('node:path');
const { renderAsyncApiYaml } = require('../src/asyncapi/asyncapi.generator.ts');

const target = path.join(__dirname, '..', 'asyncapi.yaml');
fs.writeFileSync(target, renderAsyncApiYaml());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
