// The whole suite in one jest run (the README's test command reads one JSON report).
// Each project keeps its own jest.config.js for `nx run <project>:test`.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js', '<rootDir>/tools/jest.config.js'],
};
