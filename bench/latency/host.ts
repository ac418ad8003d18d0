// Section 3 (host side, plain Node): the real ChatController against the project's test server.
//  (a) coalescing delay: server write of a delta → the `delta` message posted that carries its text.
//      Server writes are timestamped by wrapping http.ServerResponse.prototype.write in this process.
//  (b) Stop: controller.stop() → the server sees the socket close (its own `closedAt`, Date.now()
//      resolution, plus a performance.now() stamp of the response's 'close' event), 30 repetitions;
//      and stop() → the `turnEnd` (stopped) message posted.
// Run as a child of bench/run.ts; prints one JSON object on stdout.
import * as http from 'node:http';
import { ChatController } from '../../src/host/panel/common/chatController';
import { DeltaCoalescer } from '../../src/host/panel/common/deltaCoalescer';
import { readSettings } from '../../src/host/core/common/settings';
import type { HostMessage } from '../../src/shared/protocol';
import { answer, startTestServer, type TestServer } from '../../test/server';
import { generateMarkdown } from '../lib/markdownGen';
import { median, p95 } from '../lib/stats';
import { tokenSource } from '../../test/unit/host/panel/common/tokenSource';


// Timestamps of every response write and response close in this process (the test server's).
const writes: { at: number; data: string }[] = [];
const closes: number[] = [];
const origWrite = http.ServerResponse.prototype.write;
http.ServerResponse.prototype.write = function (this: http.ServerResponse, chunk: unknown, ...rest: unknown[]) {
  writes.push({ at: performance.now(), data: typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '' });
  return (origWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
} as typeof origWrite;
const origEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
  if (event === 'request') (args[1] as http.ServerResponse).once('close', () => closes.push(performance.now()));
  return (origEmit as (...a: unknown[]) => boolean).call(this, event, ...args);
} as typeof origEmit;

// Experiment (BENCH_COALESCER=leading, not used by npm run bench): the coalescer posts at once when a
// frame has passed since its last post, and otherwise at lastPost + frameMs (still at most one post a
// frame). Patched onto the prototype in this process only; src/ is unchanged.
if (process.env.BENCH_COALESCER === 'leading') {
  type C = { pending?: unknown; timer?: ReturnType<typeof setTimeout>; frameMs: number; flush(): void; __last?: number };
  const proto = DeltaCoalescer.prototype as unknown as C & { push: (...a: unknown[]) => void };
  const origPush = proto.push;
  const origFlush = proto.flush;
  proto.flush = function (this: C) {
    this.__last = performance.now();
    return origFlush.call(this);
  };
  proto.push = function (this: C, ...args: unknown[]) {
    const hadTimer = this.timer !== undefined;
    origPush.apply(this, args);
    if (!hadTimer && this.timer !== undefined) {
      clearTimeout(this.timer);
      const wait = Math.max(0, (this.__last ?? -Infinity) + this.frameMs - performance.now());
      this.timer = setTimeout(() => this.flush(), wait);
    }
  };
}

function controllerFor(server: TestServer, posts: { at: number; m: HostMessage }[]): ChatController {
  const values: Record<string, unknown> = { baseUrl: server.url, model: 'deepseek-flash', systemPrompt: 'sys', maxRetries: 0, idleTimeoutSeconds: 30 };
  return new ChatController(
    {
      settings: () => readSettings((k) => values[k]),
      apiKey: async () => 'sk-bench',
      offerToSetKey: () => undefined,
    },
    {
      post: (m) => posts.push({ at: performance.now(), m }),
      createCancellation: tokenSource,
      // frameMs left at the extension's default (FRAME_MS).
    },
  );
}

async function coalescing(server: TestServer, deltaSize: number, delayMs: number, chars: number) {
  const text = generateMarkdown(chars, 5);
  writes.length = 0;
  const posts: { at: number; m: HostMessage }[] = [];
  const controller = controllerFor(server, posts);
  server.enqueue(answer(text, { deltaSize, delayMs }));
  await controller.ask('latency please');
  // Content end offset of every server write that carried content.
  const events: { at: number; end: number }[] = [];
  let offset = 0;
  for (const w of writes) {
    for (const ev of w.data.split('\n\n')) {
      if (!ev.startsWith('data: {')) continue;
      const c = JSON.parse(ev.slice(6)).choices?.[0]?.delta?.content;
      if (typeof c === 'string' && c.length > 0) {
        offset += c.length;
        events.push({ at: w.at, end: offset });
      }
    }
  }
  const deltaPosts: { at: number; end: number }[] = [];
  let posted = 0;
  for (const p of posts) {
    if (p.m.type === 'delta' && p.m.content) {
      posted += p.m.content.length;
      deltaPosts.push({ at: p.at, end: posted });
    }
  }
  const lat: number[] = [];
  let j = 0;
  for (const e of events) {
    while (j < deltaPosts.length && deltaPosts[j]!.end < e.end) j++;
    if (j < deltaPosts.length) lat.push(deltaPosts[j]!.at - e.at);
  }
  controller.dispose();
  return {
    deltaSize,
    delayMs,
    serverDeltas: events.length,
    postedMessages: deltaPosts.length,
    textOk: posted === text.length,
    medianMs: median(lat),
    p95Ms: p95(lat),
    maxMs: Math.max(...lat),
  };
}

async function stopLatency(server: TestServer, reps: number) {
  const toClose: number[] = [];
  const toClosedAt: number[] = [];
  const toStoppedMsg: number[] = [];
  let allAborted = true;
  for (let i = 0; i < reps; i++) {
    const posts: { at: number; m: HostMessage }[] = [];
    const controller = controllerFor(server, posts);
    server.enqueue(answer('slow words for stopping '.repeat(400), { deltaSize: 5, delayMs: 15 }));
    const reqIndex = server.requests.length;
    const closesBefore = closes.length;
    const done = controller.ask('stop me');
    const deadline = Date.now() + 10_000;
    // Stop at a random point of the stream (after 40–200 characters arrived).
    const after = 40 + Math.floor(((i * 7919) % 160));
    while ((controller.state().turns[0]?.answer.length ?? 0) < after && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    const stopPerf = performance.now();
    const stopDate = Date.now();
    controller.stop();
    await done;
    while ((server.requests[reqIndex]?.closedAt === undefined || closes.length === closesBefore) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    const rec = server.requests[reqIndex]!;
    allAborted &&= rec.clientAborted;
    toClose.push(closes[closesBefore]! - stopPerf);
    toClosedAt.push(rec.closedAt! - stopDate);
    const end = posts.find((p) => p.m.type === 'turnEnd');
    if (end && end.m.type === 'turnEnd' && end.m.status === 'stopped') toStoppedMsg.push(end.at - stopPerf);
    controller.dispose();
  }
  return {
    reps,
    allClientAborted: allAborted,
    closeHighRes: { medianMs: median(toClose), p95Ms: p95(toClose), maxMs: Math.max(...toClose) },
    closedAtField: { medianMs: median(toClosedAt), p95Ms: p95(toClosedAt), maxMs: Math.max(...toClosedAt) },
    stoppedMessage: { n: toStoppedMsg.length, medianMs: median(toStoppedMsg), p95Ms: p95(toStoppedMsg) },
  };
}

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    await coalescing(server, 4, 0, 2000); // warm-up
    const fast = await coalescing(server, 4, 10, 2400); // ~100 deltas/s, 4 chars each
    process.stderr.write(`[bench latency] coalescing @10 ms: median ${fast.medianMs.toFixed(2)} ms, p95 ${fast.p95Ms.toFixed(2)} ms\n`);
    const slower = await coalescing(server, 4, 20, 1600); // ~50 deltas/s
    process.stderr.write(`[bench latency] coalescing @20 ms: median ${slower.medianMs.toFixed(2)} ms, p95 ${slower.p95Ms.toFixed(2)} ms\n`);
    const stop = await stopLatency(server, Number(process.env.BENCH_STOP_REPS ?? 30));
    process.stderr.write(`[bench latency] stop → close: median ${stop.closeHighRes.medianMs.toFixed(2)} ms, p95 ${stop.closeHighRes.p95Ms.toFixed(2)} ms\n`);
    process.stdout.write(JSON.stringify({ coalescing: [fast, slower], stop }) + '\n');
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
