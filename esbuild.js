// Builds the bundles: the extension host (Node, `vscode` external), the webview (browser),
// and the in-host test suite. `--production` minifies and drops source maps (what the .vsix ships).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];
if (!production) {
  builds.push({
    entryPoints: ['test/suite/index.ts'],
    outfile: 'out/test/suite/index.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // mocha is loaded from node_modules inside the extension host (it requires its reporters dynamically);
    // proxy (ES module, reads import.meta.url) is import()ed from there too.
    external: ['vscode', 'mocha', 'proxy'],
  });
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

async function main() {
  const fs = require('fs');
  const contexts = [];
  for (const b of builds) {
    if (!fs.existsSync(b.entryPoints[0])) continue;
    const options = { ...common, ...b };
    if (b.platform === 'browser') delete options.define;
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
      contexts.push(ctx);
    } else {
      await esbuild.build(options);
    }
  }
  if (!watch) console.log(`built ${production ? 'production' : 'development'} bundles into dist/`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
