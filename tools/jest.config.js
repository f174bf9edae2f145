// Checks of the platform as a whole, run as an operator would: the deploy files, the operator CLI, the embedded PostgreSQL.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'platform-checks',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
};
