import { readdirSync } from 'node:fs';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Every app is a service with its own scope tag, so a generated one is constrained at once.
const services = readdirSync(new URL('./apps', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Module boundaries by tag. Test files may also use the shared test kit (type:testing). */
function boundaries(inTests) {
  const withTesting = (tags) => (inTests ? [...tags, 'type:testing'] : tags);
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    // Specs of messaging, health and platform use @omni/testing, which builds on them (topic
    // readers, test apps on the platform): test-only edges Nx would otherwise report as cycles.
    ignoredCircularDependencies: [
      ['messaging', 'testing'],
      ['health', 'testing'],
      ['platform', 'testing'],
      ['platform', 'health'],
    ],
    depConstraints: [
      // An app may use its own scope and shared libraries; never another app.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ...services.map((s) => ({
        sourceTag: `scope:${s}`,
        onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
      })),
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: withTesting([
          'type:feature',
          'type:data-access',
          'type:util',
          'type:contracts',
        ]),
      },
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: withTesting([
          'type:feature',
          'type:data-access',
          'type:util',
          'type:contracts',
        ]),
      },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: withTesting(['type:data-access', 'type:util', 'type:contracts']),
      },
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: withTesting(['type:contracts', 'type:util']),
      },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: withTesting(['type:util']) },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: [
          'type:testing',
          'type:feature',
          'type:data-access',
          'type:util',
          'type:contracts',
        ],
      },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.omni',
      '**/coverage',
      '**/generated',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/tools/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
    },
  },
];
