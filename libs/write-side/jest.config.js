module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'write-side',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
