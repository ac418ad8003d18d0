// Experiment (not part of `npm run bench`): what a MessageChannel per frame costs the garbage
// collector. A streaming answer waits for the task after each frame (afterFrame in
// src/webview/frame.ts) to learn what the frame cost; this runs N such frames with the shipped
// afterFrame (one channel for every call) and with a new channel per frame (the earlier version),
// and sums the V8 GC events of a Chromium trace of each run. The GC figure that matters is the
// embedder (Blink) epilogue of major GCs: finalizing the ports, inside the pause of a major GC.
// Run: tsx bench/experiments/afterFrameGc.ts [frames]. Debian's Chromium, headless, 60 Hz frames,
// alternating modes, three runs each, a fresh browser per run.
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/browser/harness';

interface TraceEvent {
  name: string;
  dur?: number;
}

async function runOnce(script: string, mode: string, frames: number): Promise<Record<string, string>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-v8.gc'] });
    const ms = await page.evaluate(([m, n]) => (window as unknown as { __run: (mode: string, frames: number) => Promise<number> }).__run(m, n), [mode, frames] as const);
    const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const sum = (name: string): string => {
      const hits = events.filter((e) => e.name === name);
      return `${hits.length} / ${(hits.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000).toFixed(1)} ms`;
    };
    return {
      mode,
      'wall s': (ms / 1000).toFixed(1),
      'major GCs': sum('MajorGC'),
      'their embedder epilogue': sum('V8.GC_HEAP_EMBEDDER_TRACING_EPILOGUE'),
      'minor GCs': sum('MinorGC'),
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const frames = Number(process.argv[2] ?? 3000);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = await esbuild.build({ entryPoints: [path.join(__dirname, '..', 'page', 'afterFramePage.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  const rows: Record<string, string>[] = [];
  for (let round = 0; round < 3; round++) {
    for (const mode of round % 2 ? ['shipped', 'channel per frame'] : ['channel per frame', 'shipped']) rows.push(await runOnce(out.outputFiles[0]!.text, mode, frames));
  }
  console.log(`${frames} frames per run`);
  console.table(rows);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
