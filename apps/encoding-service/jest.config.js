module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'encoding-service',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
