import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { serviceGenerator } from './service.generator';

const startScript = [
  '#!/usr/bin/env bash',
  'apps=(ingest pricing)',
  'declare -A ports=([ingest]=3001 [pricing]=3003)',
  '',
].join('\n');

const serviceNames = [
  'export const SERVICE_NAMES = [',
  "  'ingest',",
  "  'pricing',",
  '] as const;',
  '',
].join('\n');

function workspaceWithPricing(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('tools/bin/omni-up.sh', startScript);
  tree.write('libs/contracts/src/topics/service-names.ts', serviceNames);
  tree.write(
    'apps/pricing/src/service.ts',
    "export const service = { name: 'pricing', schema: 'pricing', port: 3003 } as const;\n",
  );
  return tree;
}

describe('service generator', () => {
  it('lays out a service with its config, migrations, foundation test and README', async () => {
    const tree = workspaceWithPricing();
    await serviceGenerator(tree, {
      name: 'loyalty-wallet',
      port: 3010,
      schema: 'loyalty_wallet',
      description: "Points that don't expire.",
    });

    const files = [
      'README.md',
      'jest.config.cjs',
      'jest.int.config.cjs',
      'project.json',
      'src/app.module.ts',
      'src/config/loyalty-wallet-config.spec.ts',
      'src/config/loyalty-wallet-config.ts',
      'src/main.ts',
      'src/migrate.ts',
      'src/migrations/index.ts',
      'src/service.ts',
      'src/tracing.ts',
      'test/service-foundation.int-spec.ts',
      'tsconfig.app.json',
      'tsconfig.json',
    ];
    for (const file of files) expect(tree.exists(`apps/loyalty-wallet/${file}`)).toBe(true);
    expect(tree.children('apps/loyalty-wallet').sort()).toEqual(
      ['README.md', 'jest.config.cjs', 'jest.int.config.cjs', 'project.json', 'src', 'test']
        .concat(['tsconfig.app.json', 'tsconfig.json'])
        .sort(),
    );

    const read = (file: string) => tree.read(`apps/loyalty-wallet/${file}`, 'utf-8');
    expect(read('src/service.ts')).toContain("name: 'loyalty-wallet'");
    expect(read('src/service.ts')).toContain("schema: 'loyalty_wallet'");
    expect(read('src/service.ts')).toContain('port: 3010');
    expect(read('src/service.ts')).toContain("description: 'Points that don\\'t expire.'");
    expect(read('src/config/loyalty-wallet-config.ts')).toContain(
      'export const loyaltyWalletConfig = defineServiceConfig(service, {});',
    );
    expect(read('src/config/loyalty-wallet-config.ts')).toContain(
      'export type LoyaltyWalletConfig = ServiceConfigOf<typeof loyaltyWalletConfig>;',
    );
    expect(read('src/main.ts')).toMatch(/^import '\.\/tracing';/);
    expect(read('src/main.ts')).toContain(
      'void runService({ service, config: loyaltyWalletConfig, module: AppModule });',
    );
    expect(read('test/service-foundation.int-spec.ts')).toContain(
      "entry: 'apps/loyalty-wallet/src/main.ts'",
    );
    expect(read('README.md')).toContain('<http://127.0.0.1:3010/docs>');
    expect(read('README.md')).toContain('<!-- config-table:start -->\n<!-- config-table:end -->');
  });

  it('gives the project its scope and type tags and only target names, the rest coming from targetDefaults', async () => {
    const tree = workspaceWithPricing();
    await serviceGenerator(tree, { name: 'loyalty-wallet', port: 3010, schema: 'loyalty_wallet' });

    const project = readProjectConfiguration(tree, 'loyalty-wallet');
    expect(project.root).toBe('apps/loyalty-wallet');
    expect(project.projectType).toBe('application');
    expect(project.tags).toEqual(['scope:loyalty-wallet', 'type:app']);
    expect(project.targets).toEqual({
      build: {},
      serve: {},
      migrate: {},
      lint: {},
      typecheck: {},
      test: {},
      integration: {},
      'config-docs': {},
    });
  });

  it('lists the new service in npm start and the service names, once', async () => {
    const tree = workspaceWithPricing();
    await serviceGenerator(tree, { name: 'loyalty-wallet', port: 3010, schema: 'loyalty_wallet' });

    expect(tree.read('tools/bin/omni-up.sh', 'utf-8')).toContain(
      'apps=(ingest pricing loyalty-wallet)\ndeclare -A ports=([ingest]=3001 [pricing]=3003 [loyalty-wallet]=3010)',
    );
    expect(tree.read('libs/contracts/src/topics/service-names.ts', 'utf-8')).toBe(
      serviceNames.replace("  'pricing',\n", "  'pricing',\n  'loyalty-wallet',\n"),
    );

    tree.delete('apps/loyalty-wallet');
    await serviceGenerator(tree, { name: 'loyalty-wallet', port: 3010, schema: 'loyalty_wallet' });
    expect(tree.read('tools/bin/omni-up.sh', 'utf-8')?.match(/loyalty-wallet/g)).toHaveLength(2);
    expect(
      tree.read('libs/contracts/src/topics/service-names.ts', 'utf-8')?.match(/loyalty-wallet/g),
    ).toHaveLength(1);
  });

  it.each([
    [{ name: 'LoyaltyWallet' }, '--name must be kebab-case'],
    [{ name: 'loyalty_wallet' }, '--name must be kebab-case'],
    [{ name: 'pricing', port: 3011, schema: 'pricing_two' }, 'apps/pricing already exists'],
    [{ port: 80 }, '--port must be an integer from 1024 to 65535, got 80'],
    [{ port: 70000 }, '--port must be an integer from 1024 to 65535, got 70000'],
    [{ port: 3010.5 }, '--port must be an integer from 1024 to 65535'],
    [{ port: 3003 }, '--port 3003 is already used by pricing'],
    [{ schema: 'Loyalty' }, '--schema must be a lower-case Postgres identifier'],
    [{ schema: 'loyalty-wallet' }, '--schema must be a lower-case Postgres identifier'],
    [{ schema: 'pricing' }, '--schema pricing is already owned by pricing'],
  ])('refuses %j with an error naming the option', async (override, message) => {
    const tree = workspaceWithPricing();
    const options = { name: 'loyalty-wallet', port: 3010, schema: 'loyalty_wallet', ...override };
    await expect(serviceGenerator(tree, options)).rejects.toThrow(message);
    expect(tree.children('apps')).toEqual(['pricing']);
    expect(tree.read('tools/bin/omni-up.sh', 'utf-8')).toBe(startScript);
  });
});
