// One jest setup for every project: SWC (with decorator metadata for NestJS) and the
// @prestaflow/* aliases of tsconfig.base.json, so tests import libs exactly as apps do.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  // Integration tests share two cores with a broker, a database and each other: 5 s is too tight.
  testTimeout: 30_000,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@prestaflow/([a-z-]+)$': path.join(root, 'libs/$1/src/index.ts'),
    // Test support kept out of a lib's main entry, so production code never loads it.
    '^@prestaflow/([a-z-]+)/testing$': path.join(root, 'libs/$1/src/testing/index.ts'),
  },
};
