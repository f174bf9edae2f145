module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'notification-service',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
