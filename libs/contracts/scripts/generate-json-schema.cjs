// Writes libs/contracts/generated/json-schema/*.json. Run: npx nx run contracts:json-schema
require('../../../tools/ts-register.cjs');
const fs = require('node:fs');
const path = require('node:path');
const { buildJsonSchemaFiles } = require('../src/json-schema/json-schema.generator.ts');

const outputDir = path.join(__dirname, '..', 'generated', 'json-schema');
fs.rmSync(outputDir, { recursive: true, force: true });
fs.mkdirSync(outputDir, { recursive: true });
const files = buildJsonSchemaFiles();
for (const { fileName, schema } of files) {
  fs.writeFileSync(path.join(outputDir, fileName), `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(
  `wrote ${files.length} JSON Schema files to ${path.relative(process.cwd(), outputDir)}`,
);
