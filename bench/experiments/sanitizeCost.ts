// Experiment (not part of `npm run bench`): what sanitizing a streaming answer's tail costs per frame,
// as shipped (the browser's HTML Sanitizer API where it has one) and with the DOMPurify fallback.
// Run: tsx bench/experiments/sanitizeCost.ts [KB]. Uses Debian's Chromium, headless, best of 3 rounds.
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/browser/harness';

async function main(): Promise<void> {
  const kb = Number(process.argv[2] ?? 80);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = await esbuild.build({ entryPoints: [path.join(__dirname, '..', 'page', 'sanitizePage.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: out.outputFiles[0]!.text });
    const r = await page.evaluate((k) => (window as unknown as { __run: (kb: number) => unknown }).__run(k), kb);
    console.log(JSON.stringify({ kb, ...(r as object) }, null, 1));
  } finally {
    await browser.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
