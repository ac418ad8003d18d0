// The browser layer (`npm run test:browser`). Under CI a committed `.only` fails the layer instead of
// silently running one test (locally `.only` stays usable while working on a test).
module.exports = {
  require: ['tsx/cjs', 'test/browser/setup.ts'],
  spec: ['test/browser/**/*.test.ts'],
  timeout: 120000,
  slow: 5000,
  reporter: 'spec',
  forbidOnly: !['', '0', 'false'].includes(process.env.CI ?? ''),
};
