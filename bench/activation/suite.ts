// extensionTestsPath module for the activation sample (section 4): VS Code (code-server) calls run()
// inside a fresh extension host; it times vscode.extensions.getExtension(ID).activate() and appends
// one JSON line to $BENCH_ACTIVATION_OUT. Bundled by bench/footprint.ts into bench/tmp/activation/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const ID = 'deepseek-assistant.deepseek-assistant';

export async function run(): Promise<void> {
  const out = process.env.BENCH_ACTIVATION_OUT;
  const rec: Record<string, unknown> = { vscode: vscode.version, node: process.version, at: Date.now() };
  try {
    const ext = vscode.extensions.getExtension(ID);
    if (!ext) rec.error = `extension ${ID} not found`;
    else {
      // Activation follows a user action (a command or the panel), not window start: let the window settle first.
      const settleMs = Number(process.env.BENCH_ACTIVATION_SETTLE_MS ?? 3000);
      await new Promise((r) => setTimeout(r, settleMs));
      rec.settleMs = settleMs;
      rec.wasActive = ext.isActive;
      rec.extensionPath = ext.extensionPath;
      const t0 = performance.now();
      await ext.activate();
      rec.activateMs = performance.now() - t0;
      rec.isActive = ext.isActive;
      // Module load alone: require() a copy of the bundle under a new name (not in the require cache).
      const bundle = path.join(ext.extensionPath, 'dist', 'extension.js');
      const copy = path.join(ext.extensionPath, 'dist', `extension-copy-${process.pid}.js`);
      fs.copyFileSync(bundle, copy);
      try {
        const t1 = performance.now();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(copy);
        rec.requireMs = performance.now() - t1;
      } finally {
        fs.rmSync(copy, { force: true });
      }
    }
  } catch (err) {
    rec.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  if (out) fs.appendFileSync(out, `${JSON.stringify(rec)}\n`);
}
