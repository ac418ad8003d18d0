// The host itself: proves the suite runs inside a real VS Code extension host.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('VS Code host', () => {
  test('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok(typeof vscode.commands.executeCommand === 'function');
  });

  test('the test runner environment reaches the extension host', () => {
    // Both runners pass the results path by environment; index.ts falls back to a fixed path.
    assert.ok(process.env.DEEPSEEK_TEST_RESULTS, 'DEEPSEEK_TEST_RESULTS is not set in the extension host');
  });
});
