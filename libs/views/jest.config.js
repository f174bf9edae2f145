module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'views',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
