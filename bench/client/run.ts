// Section 2: the client's CPU cost per delta and throughput on a recorded ~10 MB stream (many small
// deltas) served by the test server (in a child process) on loopback as fast as possible:
// ours (streamChat) vs the official `openai` client, alternating, several repetitions, medians.
// CPU time is process.cpuUsage() (user + system) of this process around one whole request; wall
// time is performance.now(). Run as a child of bench/run.ts; prints one JSON object on stdout.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import OpenAI from 'openai';
import { streamChat } from '../../src/deepseek';
import { answer } from '../../test/server';
import { generateMarkdown } from '../lib/markdownGen';
import { median } from '../lib/stats';

const TMP = path.join(__dirname, '..', 'tmp');
const TARGET_BYTES = 10 * 1024 * 1024;

/** Records the stream once: the test server's DeepSeek-shaped answer of generated markdown, 4 characters a delta. */
function recordStream(): { file: string; bytes: number; deltas: number; text: string } {
  let text = generateMarkdown(160 * 1024, 99);
  let sse = '';
  for (let i = 0; i < 5; i++) {
    const s = answer(text, { deltaSize: 4 });
    sse = s.steps.map((st) => ('write' in st ? String(st.write) : '')).join('');
    if (Math.abs(sse.length - TARGET_BYTES) < TARGET_BYTES * 0.03) break;
    text = generateMarkdown(Math.ceil((text.length * TARGET_BYTES) / sse.length), 99);
  }
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, 'stream-10mb.sse');
  fs.writeFileSync(file, sse);
  const deltas = sse.split('\n\n').filter((e) => e.includes('"content":"') && !e.includes('"content":""')).length;
  return { file, bytes: Buffer.byteLength(sse), deltas, text };
}

interface Sample {
  client: 'ours' | 'openai';
  cpuMs: number;
  wallMs: number;
  deltas: number;
  chars: number;
  ok: boolean;
}

async function runOurs(url: string, expected: string): Promise<Sample> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let deltas = 0;
  const parts: string[] = [];
  for await (const ev of streamChat(
    { baseUrl: url, apiKey: 'sk-bench', maxRetries: 0, retryBaseDelayMs: 0, idleTimeoutMs: 60_000 },
    { model: 'deepseek-flash', messages: [{ role: 'user', content: '#benchstream' }] },
  )) {
    if (ev.type === 'content') {
      deltas++;
      parts.push(ev.text);
    }
  }
  const c = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  const text = parts.join('');
  return { client: 'ours', cpuMs: (c.user + c.system) / 1000, wallMs, deltas, chars: text.length, ok: text === expected };
}

async function runOpenAI(client: OpenAI, expected: string): Promise<Sample> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let deltas = 0;
  const parts: string[] = [];
  const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: '#benchstream' }], stream: true });
  for await (const chunk of stream) {
    const content = chunk.choices?.[0]?.delta?.content;
    if (content) {
      deltas++;
      parts.push(content);
    }
  }
  const c = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  const text = parts.join('');
  return { client: 'openai', cpuMs: (c.user + c.system) / 1000, wallMs, deltas, chars: text.length, ok: text === expected };
}

async function main(): Promise<void> {
  const reps = Number(process.env.BENCH_CLIENT_REPS ?? 7);
  const rec = recordStream();
  process.stderr.write(`[bench client] recorded ${(rec.bytes / 1048576).toFixed(2)} MB, ${rec.deltas} content deltas\n`);
  const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'server.ts'), rec.file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (l) => l.startsWith('BENCH_SERVER ') && resolve(l.slice(13).trim()));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const openai = new OpenAI({ baseURL: url, apiKey: 'sk-bench', maxRetries: 0, timeout: 120_000 });
  const samples: Sample[] = [];
  try {
    // Warm-up (JIT, connection pools), not counted.
    await runOurs(url, rec.text);
    await runOpenAI(openai, rec.text);
    for (let i = 0; i < reps; i++) {
      const order = i % 2 === 0 ? (['ours', 'openai'] as const) : (['openai', 'ours'] as const);
      for (const who of order) {
        const s = who === 'ours' ? await runOurs(url, rec.text) : await runOpenAI(openai, rec.text);
        samples.push(s);
        process.stderr.write(`[bench client] ${who} rep ${i + 1}: cpu ${s.cpuMs.toFixed(0)} ms, wall ${s.wallMs.toFixed(0)} ms, ${s.deltas} deltas, text ok ${s.ok}\n`);
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  const summary = (who: 'ours' | 'openai') => {
    const xs = samples.filter((s) => s.client === who);
    const cpuMs = median(xs.map((s) => s.cpuMs));
    const wallMs = median(xs.map((s) => s.wallMs));
    const deltas = xs[0]!.deltas;
    return {
      reps: xs.length,
      cpuMs,
      wallMs,
      deltas,
      cpuUsPerDelta: (cpuMs * 1000) / deltas,
      wallUsPerDelta: (wallMs * 1000) / deltas,
      mbPerS: rec.bytes / 1048576 / (wallMs / 1000),
      deltasPerS: deltas / (wallMs / 1000),
      allTextOk: xs.every((s) => s.ok),
      cpuMsAll: xs.map((s) => s.cpuMs),
      wallMsAll: xs.map((s) => s.wallMs),
    };
  };
  const out = { streamBytes: rec.bytes, streamDeltas: rec.deltas, streamChars: rec.text.length, ours: summary('ours'), openai: summary('openai'), node: process.version };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
