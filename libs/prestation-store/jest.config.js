module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'prestation-store',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
