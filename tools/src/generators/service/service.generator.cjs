// Nx loads generators with a TypeScript transpiler this workspace does not install; the
// workspace's own SWC hook compiles the generator instead.
require('../../../ts-register.cjs');
module.exports = require('./service.generator.ts');
