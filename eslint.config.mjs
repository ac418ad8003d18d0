// ESLint (flat config) for src/**/*.ts and src/**/*.mts only. Three kinds of rule, nothing else:
//
// 1. Promises (type-aware, via typescript-eslint's project service and tsconfig.json): a promise that
//    nobody awaits or catches, a promise passed where a void callback or a condition is expected, and
//    `await` on something that is not a promise.
//
// 2. Import zones, all with @typescript-eslint/no-restricted-imports (the core rule plus
//    `import x = require(...)`; type-only imports are restricted too):
//    - src/deepseek, src/shared, src/webview and every src/host/**/common/ folder never import `vscode`
//      (they run in plain Node or in the webview);
//    - src/host/<feature>/ imports its own folder, src/host/core, src/host/conversation, src/deepseek and
//      src/shared, never another feature; core and conversation import no feature. Every folder of
//      src/host other than core and conversation is a feature (read from the disk below, so a new
//      feature folder is covered without editing this file). src/extension.ts and src/host/api.ts
//      are the composition root and may import anything.
//
// 3. No function longer than 80 lines (max-lines-per-function).
//
// A file gets the options of the LAST config object that sets a rule, so one object per folder sets
// the whole no-restricted-imports entry for its files: src/host/<x>/common/** repeats <x>'s feature
// ban next to its vscode ban (see hostBlocks below).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const HOST_DIR = join(import.meta.dirname, 'src', 'host');
/** Folders of src/host every feature may import. */
const SHARED_HOST = ['core', 'conversation'];
/** Every other folder of src/host: panel, context, edits, models, vscodeChat, longDocument, … */
const FEATURES = readdirSync(HOST_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !SHARED_HOST.includes(d.name))
  .map((d) => d.name)
  .sort();

const TS = ['**/*.ts', '**/*.mts'];
const under = (dir) => TS.map((ext) => `${dir}/${ext}`);

// ---- vscode-free zones ----------------------------------------------------------------------------

const NO_VSCODE = {
  deepseek: 'src/deepseek runs in plain Node (unit tests, bench, scripts): no vscode import.',
  shared:
    'src/shared is loaded by the webview (a browser) and by plain-Node code: no vscode import.',
  webview:
    'src/webview runs in the webview (a browser), where there is no vscode module: no vscode import ' +
    '(talk to the host through vscodeApi.ts).',
  common:
    'src/host/**/common/ holds the pure modules that unit tests load in plain Node: no vscode import ' +
    '(code that needs vscode goes in the feature folder, next to common/).',
};

const vscodePath = (message) => ({ name: 'vscode', message });

/** `import('vscode')`, `require('vscode')` and `typeof import('vscode')`, which no-restricted-imports does not see. */
const vscodeSyntax = (message) => [
  'error',
  { selector: "ImportExpression[source.value='vscode']", message },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message },
  { selector: "TSImportType[argument.literal.value='vscode']", message },
];

// ---- features ---------------------------------------------------------------------------------------

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An import of one of `names` from a file inside src/host/<some folder>/, written as a relative path:
 * one or more `../`, then optionally `host/` or `src/host/`, then the folder name (then `/` or the end).
 * The pattern sees the import string, not the resolved path, so it is anchored to the first folder
 * after the `../` run: `./common/foo`, `../register`, `../../core/common/settings` and
 * `../../../shared/protocol` pass; `../panel/x` (from src/host/edits/) and `../../models/common/pricing`
 * (from src/host/edits/common/) do not. (A file or folder inside a feature that has another feature's
 * name and is reached through `../` would be flagged too: do not name things after other features.)
 */
const folderImport = (names) =>
  `^(?:\\./)?(?:\\.\\./)+(?:(?:src/)?host/)?(?:${names.map(escape).join('|')})(?:/|$)`;

/**
 * A common/ module may import other common/ modules, src/deepseek and src/shared, nothing that can
 * import vscode: not its own feature's files next to common/ (`../chatPanel`), not core's or
 * conversation's (`../../core/services`).
 */
const COMMON_STAYS_PURE = {
  regex: `^\\.\\./(?!\\.)|^\\.\\./\\.\\./(?:${SHARED_HOST.join('|')})/(?!common/)`,
  caseSensitive: true,
  message: NO_VSCODE.common.replace('no vscode import', 'import only other common/ modules, src/deepseek and src/shared'),
};

/** src/deepseek, src/shared and src/webview are below the host: they never import from it. */
const NOT_FROM_HOST = {
  regex: '^(?:\\./)?(?:\\.\\./)+(?:src/)?host(?:/|$)',
  message: 'src/deepseek, src/shared and src/webview do not import from src/host (they run without it).',
};

function featureBan(folder) {
  const others = FEATURES.filter((f) => f !== folder);
  if (others.length === 0) return [];
  const message = SHARED_HOST.includes(folder)
    ? `src/host/${folder} is shared by every feature, so it imports none (${others.join(', ')}). ` +
      'Move what it needs from the feature into core/ or conversation/, or pass it in from the ' +
      'composition root (src/extension.ts, src/host/api.ts).'
    : `src/host/${folder} is a feature: it imports its own folder, src/host/core, src/host/conversation, ` +
      `src/deepseek and src/shared, not another feature (${others.join(', ')}). Move what both need ` +
      'into core/ or conversation/, or connect them in the composition root (src/extension.ts, src/host/api.ts).';
  return [{ regex: folderImport(others), caseSensitive: true, message }];
}

const restrictImports = ({ paths = [], patterns = [] }) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

/** Two objects per folder of src/host: the whole folder, then its common/ folders (same ban + no vscode). */
const hostBlocks = [...SHARED_HOST, ...FEATURES].flatMap((folder) => [
  {
    name: `zones/host/${folder}`,
    files: under(`src/host/${folder}`),
    rules: restrictImports({ patterns: featureBan(folder) }),
  },
  {
    name: `zones/host/${folder}/common`,
    files: under(`src/host/${folder}/**/common`),
    rules: {
      ...restrictImports({ paths: [vscodePath(NO_VSCODE.common)], patterns: [...featureBan(folder), COMMON_STAYS_PURE] }),
      'no-restricted-syntax': vscodeSyntax(NO_VSCODE.common),
    },
  },
]);

const vscodeFreeBlocks = ['deepseek', 'shared', 'webview'].map((dir) => ({
  name: `zones/${dir}`,
  files: under(`src/${dir}`),
  rules: {
    ...restrictImports({ paths: [vscodePath(NO_VSCODE[dir])], patterns: [NOT_FROM_HOST] }),
    'no-restricted-syntax': vscodeSyntax(NO_VSCODE[dir]),
  },
}));

export default defineConfig(
  // Only src/**/*.ts and src/**/*.mts are linted: the objects below all have `files` under src/, and
  // JavaScript files (which ESLint would lint by default) are ignored everywhere.
  globalIgnores(
    ['dist/', 'out/', '.vscode-test/', 'test-output/', '.stryker-tmp/', 'reports/', 'media/', 'test/', 'bench/', '**/*.js', '**/*.cjs', '**/*.mjs'],
    'ignores',
  ),
  {
    name: 'promises',
    files: ['src/**/*.ts', 'src/**/*.mts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A function that does not fit on a screen does more than one thing: split it into named steps.
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  ...vscodeFreeBlocks,
  ...hostBlocks,
);
