import nx from '@nx/eslint-plugin';

const persistence = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'nodemailer', 'express'];

/**
 * The layering of house-style.md, enforced: the domain stays pure. Spec files of the pure libs
 * may also use the given/when/then helpers of `testing`, which build domain commands, hence the
 * one cycle that is allowed (domain -> testing exists through spec files only).
 */
function moduleBoundaries({ testsUseTestingLib }) {
  const pure = (sourceTag, allowed) => ({
    sourceTag,
    onlyDependOnLibsWithTags: testsUseTestingLib ? [...allowed, 'type:testing'] : allowed,
    bannedExternalImports: persistence,
  });
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    ignoredCircularDependencies: [['domain', 'testing']],
    depConstraints: [
      pure('type:contracts', ['type:contracts']),
      pure('type:domain', ['type:domain', 'type:contracts']),
      pure('type:testing', ['type:testing', 'type:domain', 'type:contracts']),
      { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', 'type:testing'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', 'type:testing'] },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.cache', '.data', 'reports', 'tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      // The layering of house-style.md, enforced: the domain stays pure.
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testsUseTestingLib: false })],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testsUseTestingLib: true })],
    },
  },
  {
    // NestJS injects by the emitted constructor metadata: a type-only import would erase it.
    files: ['apps/**/*.ts', 'libs/platform/**/*.ts', 'libs/event-store/**/*.ts', 'libs/write-side/**/*.ts', 'libs/views/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
];
