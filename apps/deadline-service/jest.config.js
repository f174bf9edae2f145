module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'deadline-service',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
