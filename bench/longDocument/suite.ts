// extensionTestsPath module of the long-document bench (section 5), run inside code-server's extension
// host: streams a 5 MB document from the test server (served by the bench process, URL in
// $BENCH_LONGDOC_URL) through the same loop, fence stripper and editor sink the Write to New Document
// command uses, into a new untitled editor. Records every batch (chars, applyEdit round trip) and the
// extension host's heap (after forced GCs) as the document grows, then the heap of the same text
// opened as a document in one piece (what VS Code itself keeps for any open document). Writes one
// JSON line to $BENCH_LONGDOC_OUT.
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { runContinuationLoop } from '../../src/host/longDocument/continuationLoop';
import { EditorSink, type BatchInfo } from '../../src/host/longDocument/editorSink';
import { FenceStripper } from '../../src/host/longDocument/fence';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 30));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export async function run(): Promise<void> {
  const out = process.env.BENCH_LONGDOC_OUT!;
  const url = process.env.BENCH_LONGDOC_URL!;
  const rec: Record<string, unknown> = { vscode: vscode.version, node: process.version };
  try {
    await new Promise((r) => setTimeout(r, 3000)); // let the window settle
    const doc = await vscode.workspace.openTextDocument({ content: '' });
    await vscode.window.showTextDocument(doc, { preview: false });
    const batches: Array<BatchInfo & { at: number; docChars: number }> = [];
    let docChars = 0;
    const sink = new EditorSink(doc.uri, () => undefined, (b) => {
      docChars += b.chars;
      batches.push({ ...b, at: performance.now(), docChars });
    });
    const stripper = new FenceStripper();
    const heapCurve: Array<{ chars: number; heapUsed: number }> = [{ chars: 0, heapUsed: await heap() }];
    let appended = 0;
    let nextSample = 500_000;
    let sampling: Promise<void> = Promise.resolve();
    const t0 = performance.now();
    const result = await runContinuationLoop({
      config: { baseUrl: url, apiKey: 'sk-bench', maxRetries: 0, retryBaseDelayMs: 10, idleTimeoutMs: 120_000, firstByteTimeoutMs: 120_000 },
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'A 5 MB document' }],
      maxContinuations: 8,
      append: (t) => {
        const text = stripper.push(t);
        const wait = sink.append(text);
        appended += text.length;
        if (appended >= nextSample) {
          nextSample += 500_000;
          // Sampled while the stream goes on; recorded against the characters in the editor at that moment.
          sampling = sampling.then(async () => {
            const heapUsed = await heap();
            heapCurve.push({ chars: docChars, heapUsed });
          });
        }
        return wait;
      },
      textSoFar: async () => stripper.openingLine + (await sink.textSoFar()) + stripper.held,
    });
    sink.append(stripper.end());
    await sink.flush();
    await sampling;
    const streamMs = performance.now() - t0;
    heapCurve.push({ chars: doc.getText().length, heapUsed: await heap() });
    const text = doc.getText();
    rec.outcome = result.outcome.kind;
    rec.parts = result.parts;
    rec.docChars = text.length;
    rec.docHash = (await import('node:crypto')).createHash('sha256').update(text).digest('hex');
    rec.streamMs = streamMs;
    rec.batches = batches.map((b) => [Math.round(b.at - t0), b.chars, +b.ms.toFixed(3), b.docChars]);
    rec.heapCurve = heapCurve;
    // Control: the same text opened as a document in one piece, then closed (what VS Code keeps).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const beforeControl = await heap();
    const control = await vscode.workspace.openTextDocument({ content: text });
    const withControl = await heap();
    rec.control = { beforeBytes: beforeControl, afterBytes: withControl, chars: control.getText().length };
  } catch (err) {
    rec.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  fs.appendFileSync(out, `${JSON.stringify(rec)}\n`);
}
