// The unit layer (`npm run test:unit`). Under CI a committed `.only` fails the layer instead of
// silently running one test (locally `.only` stays usable while working on a test).
module.exports = {
  require: ['tsx/cjs'],
  spec: ['test/unit/**/*.test.ts'],
  timeout: 20000,
  reporter: 'spec',
  forbidOnly: !['', '0', 'false'].includes(process.env.CI ?? ''),
};
