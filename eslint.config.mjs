import nx from '@nx/eslint-plugin';

const persistence = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'nodemailer', 'express'];

/**
 * The layering of house-style.md, enforced: each lib holds one kind of thing, tagged with it, and may
 * import only the kinds below it (README, "Libraries"):
 *   contracts <- domain (domain, calendar) <- testing (the domain's test builders)
 *   contracts <- platform (platform, mail) <- event-store (knows no domain) <- event-codecs
 *   write-side and read-side (views) sit on all of those; reference-data on the domain and the platform;
 *   apps on anything.
 * The pure kinds (contracts, domain, testing, event-codecs) ban the persistence packages. Spec files may
 * also use `testing` (hence the one cycle allowed: domain -> testing through spec files), and a view's
 * spec may write its events through the write side.
 */
function moduleBoundaries({ specFiles }) {
  const constraint = (sourceTag, allowed, { pure = false, inSpecs = [] } = {}) => ({
    sourceTag,
    onlyDependOnLibsWithTags: [sourceTag, ...allowed, ...(specFiles ? ['type:testing', ...inSpecs] : [])],
    ...(pure ? { bannedExternalImports: persistence } : {}),
  });
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    ignoredCircularDependencies: [['domain', 'testing']],
    depConstraints: [
      constraint('type:contracts', [], { pure: true }),
      constraint('type:domain', ['type:contracts'], { pure: true }),
      constraint('type:testing', ['type:domain', 'type:contracts'], { pure: true }),
      constraint('type:platform', ['type:contracts']),
      constraint('type:event-store', ['type:platform', 'type:contracts']),
      constraint('type:event-codecs', ['type:event-store', 'type:contracts'], { pure: true }),
      constraint('type:write-side', ['type:event-codecs', 'type:event-store', 'type:platform', 'type:domain', 'type:contracts']),
      constraint('type:read-side', ['type:event-codecs', 'type:event-store', 'type:platform', 'type:domain', 'type:contracts'], { inSpecs: ['type:write-side'] }),
      constraint('type:reference-data', ['type:platform', 'type:domain', 'type:contracts']),
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
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
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ specFiles: false })],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test helpers stay behind each lib's `/testing` entry: production code never loads them.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@prestaflow/*/testing'], message: 'test support: import it from spec files or a testing/ folder only' }] }],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ specFiles: true })],
    },
  },
  {
    // NestJS injects by the emitted constructor metadata: a type-only import would erase it.
    files: ['apps/**/*.ts', 'libs/platform/**/*.ts', 'libs/event-store/**/*.ts', 'libs/write-side/**/*.ts', 'libs/views/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
];
