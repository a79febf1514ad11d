import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

describe('the @omni/observability barrel', () => {
  it('loads no module that tracing must patch, so main.ts can import it before startTracing', () => {
    const script = `
      require('./libs/observability/src/index.ts');
      const loaded = Object.keys(require.cache).map((f) => f.replace(/\\\\/g, '/'));
      const early = ['@nestjs/core', '@nestjs/platform-fastify', 'fastify', '@nestjs/swagger', 'pg', 'kafkajs']
        .filter((name) => loaded.some((f) => f.includes('/node_modules/' + name + '/')));
      process.stdout.write(JSON.stringify(early));
    `;
    const output = execFileSync(process.execPath, ['-r', './tools/ts-register.cjs', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual([]);
  });
});
