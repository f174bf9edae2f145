// The web app's unit tests (pure: i18n keys, formats, routes) and its browser tests against the
// real platform (e2e/*.browser.spec.ts: Debian's Chromium driven by playwright-core).
const path = require('node:path');
const preset = require('../../jest.preset.js');

const [pattern, [transformer, options]] = Object.entries(preset.transform)[0];
module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.spec.ts'],
  // .mts: the build's own code (src/service-worker/service-worker-plugin.mts, loaded by vite.config.mts) is tested too.
  transform: { [pattern.replace('ts', 'm?tsx?')]: [transformer, { ...options, jsc: { ...options.jsc, parser: { ...options.jsc.parser, tsx: true }, transform: { ...options.jsc.transform, react: { runtime: 'automatic' } } } }] },
  moduleFileExtensions: ['ts', 'tsx', 'mts', 'js', 'json'],
  moduleNameMapper: {
    '^@prestaflow/domain/status-labels$': path.join(__dirname, '../../libs/domain/src/status-labels.ts'),
    '^@prestaflow/contracts/schema$': path.join(__dirname, '../../libs/contracts/src/schema.ts'),
    ...preset.moduleNameMapper,
  },
};
