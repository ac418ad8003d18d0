// Section 4 (memory), run in a child process with --expose-gc: the real ChatController answers 50
// questions from the test server (each answer ~20 KB of markdown, 4 characters a delta, as fast as
// possible); heapUsed after forced GCs before the first and after the last answer, compared with the
// text the conversation holds. Prints one JSON object on stdout.
import { ChatController } from '../src/host/panel/common/chatController';
import { readSettings } from '../src/host/core/common/settings';
import { answer, startTestServer } from '../test/server';
import { generateMarkdown } from './lib/markdownGen';
import { tokenSource } from '../test/unit/host/panel/common/tokenSource';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');


async function settle(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const answers = Number(process.env.BENCH_MEMORY_ANSWERS ?? 50);
  const server = await startTestServer();
  const values: Record<string, unknown> = { baseUrl: server.url, model: 'deepseek-flash', systemPrompt: 'sys', maxRetries: 0, idleTimeoutSeconds: 30 };
  let posted = 0;
  const make = () =>
    new ChatController(
      {
        settings: () => readSettings((k) => values[k]),
        apiKey: async () => 'sk-bench',
        offerToSetKey: () => undefined,
      },
      {
        post: () => void posted++,
        // a panel that is not showing drops messages; the text stays in the host
      createCancellation: tokenSource
      },
    );
  const texts = Array.from({ length: answers }, (_, i) => generateMarkdown(20 * 1024, 5000 + i));
  // Warm-up with a throwaway controller (JIT, agent, pools).
  {
    const warm = make();
    for (let i = 0; i < 5; i++) {
      server.enqueue(answer(texts[i]!, { deltaSize: 4 }));
      await warm.ask(`warm-up ${i}`);
    }
    server.requests.length = 0;
    warm.dispose();
  }
  const controller = make();
  const before = await settle();
  const t0 = performance.now();
  let storedChars = 0;
  const curve: { answers: number; storedChars: number; heapUsed: number }[] = [{ answers: 0, storedChars: 0, heapUsed: before }];
  for (let i = 0; i < answers; i++) {
    const question = `Question number ${i}: explain the streaming renderer in detail.`;
    server.enqueue(answer(texts[i]!, { deltaSize: 4 }));
    await controller.ask(question);
    // The test server records every request with its parsed body (the history sent): not the host's memory.
    server.requests.length = 0;
    storedChars += question.length + (controller.conversation.all()[i]?.answer.length ?? 0);
    if ((i + 1) % 10 === 0 && i + 1 < answers) curve.push({ answers: i + 1, storedChars, heapUsed: await settle() });
  }
  const ok = controller.conversation.all().length === answers && controller.conversation.all().every((t, i) => t.status === 'done' && t.answer === texts[i]);
  const seconds = (performance.now() - t0) / 1000;
  const after = await settle();
  curve.push({ answers, storedChars, heapUsed: after });
  // Least-squares slope of heapUsed over stored characters from 10 answers on (the first ones also
  // warm up code and caches): heap bytes per character kept.
  const pts = curve.filter((c) => c.answers >= 10);
  const n = pts.length;
  const mx = pts.reduce((a, c) => a + c.storedChars, 0) / n;
  const my = pts.reduce((a, c) => a + c.heapUsed, 0) / n;
  const slope = pts.reduce((a, c) => a + (c.storedChars - mx) * (c.heapUsed - my), 0) / pts.reduce((a, c) => a + (c.storedChars - mx) ** 2, 0);
  // New Chat drops the conversation: the heap should fall back to where it started.
  await controller.newChat();
  const afterNewChat = await settle();
  await server.close();
  process.stdout.write(
    JSON.stringify({ answers, ok, storedChars, beforeBytes: before, afterBytes: after, afterNewChatBytes: afterNewChat, slopeBytesPerChar: slope, curve, seconds, posted, node: process.version }) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
