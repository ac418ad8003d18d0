// The unit layer as StrykerJS runs it (stryker.config.json). Leaves out the test that reads the
// sources for l10n texts: in Stryker's sandbox the sources are instrumented, so it fails on every
// run and says nothing about a mutant.
const base = require('./.mocharc.cjs');
module.exports = { ...base, ignore: ['test/unit/l10n.test.ts'] };
