// Checks of the platform as a whole: every service booted for real, the deploy files.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'platform-checks',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
};
