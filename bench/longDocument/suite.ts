// extensionTestsPath module of the long-document bench, run inside code-server's extension host:
// opens a new untitled markdown editor (what "Write a README…" gets) beside a small notes file the
// bench types into, tells the bench it is ready ("ready" line), waits for its go (a file), then
// streams a document from the test server ($BENCH_LONGDOC_URL) through the same loop, fence stripper
// and editor sink the Write to New Document command uses (a large document streams in Plain Text and
// gets its language at the end, as in the command; the bench goes on typing TAIL_MS after that).
// Records every batch (chars, applyEdit round trip) and the extension host's heap (after forced GCs)
// as the document grows; first, as the control, the heap of the same text ($BENCH_LONGDOC_TEXT)
// opened as a document in one piece (what VS Code itself keeps for any open document).
// Writes JSON lines to $BENCH_LONGDOC_OUT: {"phase":"ready"}, {"phase":"flushed"} (last edit applied),
// {"phase":"streamed"} (end of the measuring window), then the result.
// $BENCH_LONGDOC_PROFILE=1: a CPU profile of the extension host while streaming (node:inspector).
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { runContinuationLoop } from '../../src/host/longDocument/common/continuationLoop';
import { EditorSink, type BatchInfo } from '../../src/host/longDocument/editorSink';
import { FenceStripper } from '../../src/host/longDocument/common/fence';
import { documentLanguage } from '../../src/host/longDocument/documentLanguage';
import { StreamLanguage } from '../../src/host/longDocument/common/streamLanguage';

const NOTES_HEADER = '# Notes\n\n';
/** After the document has its language back at the end, the bench goes on typing this long (the language features' one pass). */
const TAIL_MS = 5000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 30));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

export async function run(): Promise<void> {
  const out = process.env.BENCH_LONGDOC_OUT!;
  const url = process.env.BENCH_LONGDOC_URL!;
  const goFile = process.env.BENCH_LONGDOC_GO!;
  const sampleEvery = Number(process.env.BENCH_LONGDOC_SAMPLE_CHARS ?? 1_000_000);
  const rec: Record<string, unknown> = { vscode: vscode.version, node: process.version };
  const line = (o: object) => fs.appendFileSync(out, `${JSON.stringify(o)}\n`);
  try {
    // Control first, on a quiet host: the same text opened as a document in one piece (what VS Code
    // itself keeps for any open document), then closed again before the stream.
    {
      let text: string | undefined = fs.readFileSync(process.env.BENCH_LONGDOC_TEXT!, 'utf8');
      const beforeBytes = await heap();
      const control = await vscode.workspace.openTextDocument({ content: text });
      const afterBytes = await heap();
      rec.control = { beforeBytes, afterBytes, chars: control.getText().length };
      text = undefined;
      const closed = new Promise<boolean>((resolve) => {
        const sub = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d.uri.toString() === control.uri.toString()) {
            sub.dispose();
            resolve(true);
          }
        });
        setTimeout(() => resolve(false), 30_000);
      });
      await vscode.window.showTextDocument(control, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rec.controlClosed = await closed;
    }
    const doc = await vscode.workspace.openTextDocument({ content: '', language: 'markdown' });
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const notes = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'notes.md'));
    await vscode.window.showTextDocument(notes, { preview: false, viewColumn: vscode.ViewColumn.Two });
    line({ phase: 'ready' });
    const goBy = Date.now() + 180_000;
    while (!fs.existsSync(goFile)) {
      if (Date.now() > goBy) throw new Error('the bench did not say go within 180 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const batches: Array<BatchInfo & { at: number; docChars: number }> = [];
    let docChars = 0;
    const sink = new EditorSink(doc.uri, () => undefined, (b) => {
      docChars += b.chars;
      batches.push({ ...b, at: performance.now(), docChars });
    });
    const stripper = new FenceStripper();
    // As the command does: a large document streams in Plain Text and gets its language at the end.
    const current = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString() && !d.isClosed);
    const lang = new StreamLanguage(documentLanguage(doc.uri), 'markdown');
    const heapCurve: Array<{ chars: number; heapUsed: number }> = [{ chars: 0, heapUsed: await heap() }];
    let profiler: inspector.Session | undefined;
    if (process.env.BENCH_LONGDOC_PROFILE === '1') {
      profiler = new inspector.Session();
      profiler.connect();
      await post(profiler, 'Profiler.enable');
      await post(profiler, 'Profiler.start');
    }
    let appended = 0;
    let nextSample = sampleEvery;
    let sampling: Promise<void> = Promise.resolve();
    const t0 = performance.now();
    const result = await runContinuationLoop({
      config: { baseUrl: url, apiKey: 'sk-bench', maxRetries: 0, retryBaseDelayMs: 10, idleTimeoutMs: 120_000, firstByteTimeoutMs: 120_000 },
      model: 'deepseek-flash',
      messages: [{ role: 'user', content: 'A long document' }],
      maxContinuations: 8,
      append: (t) => {
        const text = stripper.push(t);
        const wait = sink.append(text);
        appended += text.length;
        lang.grow(appended);
        if (appended >= nextSample) {
          nextSample += sampleEvery;
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
    const streamMs = performance.now() - t0;
    line({ phase: 'flushed' });
    rec.deferredLanguage = lang.deferred;
    await sampling;
    rec.streamedHeap = await heap();
    lang.finish();
    const langBy = Date.now() + 60_000;
    while (current()?.languageId !== 'markdown' && Date.now() < langBy) await new Promise((r) => setTimeout(r, 20));
    rec.languageAtEnd = current()?.languageId;
    rec.languageBackMs = performance.now() - t0 - streamMs;
    await new Promise((r) => setTimeout(r, TAIL_MS));
    line({ phase: 'streamed' });
    if (profiler) {
      const { profile } = await post<{ profile: unknown }>(profiler, 'Profiler.stop');
      fs.writeFileSync(path.join(path.dirname(out), `exthost-${process.env.BENCH_LONGDOC_SCENARIO ?? 'run'}.cpuprofile`), JSON.stringify(profile));
      profiler.disconnect();
    }
    await sampling;
    const text = current()!.getText();
    heapCurve.push({ chars: text.length, heapUsed: await heap() });
    rec.outcome = result.outcome.kind;
    rec.parts = result.parts;
    rec.docChars = text.length;
    rec.docHash = (await import('node:crypto')).createHash('sha256').update(text).digest('hex');
    rec.streamMs = streamMs;
    rec.batches = batches.map((b) => [Math.round(b.at - t0), b.chars, +b.ms.toFixed(3), b.docChars]);
    rec.heapCurve = heapCurve;
    // The keys the bench typed into the notes editor meanwhile: wait until they have all reached this side.
    const typedBy = Date.now() + 60_000;
    while (!fs.existsSync(`${goFile}.typed`) && Date.now() < typedBy) await new Promise((r) => setTimeout(r, 50));
    const typed = Number(fs.readFileSync(`${goFile}.typed`, 'utf8'));
    while (notes.getText().length < NOTES_HEADER.length + typed && Date.now() < typedBy) await new Promise((r) => setTimeout(r, 50));
    rec.notesText = notes.getText();
  } catch (err) {
    rec.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  line(rec);
}
