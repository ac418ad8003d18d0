// Scenario builders for the DeepSeek-compatible test server: SSE framing, DeepSeek-shaped chunks,
// whole answers with the layouts real servers use, error responses, and the named `#tag` scenarios.

import { randomUUID } from 'node:crypto';
import type { Usage } from '../../src/deepseek/types';

/**
 * One thing the server does while answering: write bytes (waiting for 'drain' when the socket is full),
 * wait (`sleepMs: 0` just yields to the event loop), wait `until` a test lets the stream go on (a
 * screenshot mid-stream, whatever the machine's speed), reset the socket (RST), end the response.
 */
export type Step = { write: string | Uint8Array } | { sleepMs: number } | { until: Promise<unknown> } | { reset: true } | { end: true };

/**
 * A whole response. Default status 200 with `text/event-stream`. Status and headers go out with the
 * first `write` or `end` step, so leading sleeps or a reset happen before any headers.
 */
export interface Scenario {
  status?: number;
  headers?: Record<string, string>;
  steps: Step[];
}

export const DEFAULT_MODEL = 'deepseek-flash';

/** `data: <json>\n\n` */
export function sse(chunkObject: unknown): string {
  return `data: ${typeof chunkObject === 'string' ? chunkObject : JSON.stringify(chunkObject)}\n\n`;
}

export const DONE = 'data: [DONE]\n\n';
export const KEEP_ALIVE = ': keep-alive\n\n';

export interface ChunkOptions {
  /** A string, or null to send `"content": null` explicitly; omitted when undefined. */
  content?: string | null;
  reasoning?: string | null;
  /** Where reasoning goes: DeepSeek's `reasoning_content` (default) or vLLM/OpenRouter/Ollama `reasoning`. */
  reasoningField?: 'reasoning_content' | 'reasoning';
  role?: 'assistant';
  /** finish_reason of this chunk (default null). */
  finish?: string | null;
  usage?: Usage | null;
  /** `choices: null` (vLLM usage chunk). */
  choicesNull?: boolean;
  /** `choices: []` (older DeepSeek usage chunk). */
  choicesEmpty?: boolean;
  id?: string;
  model?: string;
  created?: number;
}

/** A DeepSeek-shaped `chat.completion.chunk` object. */
export function chunk(opts: ChunkOptions = {}): Record<string, unknown> {
  const delta: Record<string, unknown> = {};
  if (opts.role) delta.role = opts.role;
  if (opts.content !== undefined) delta.content = opts.content;
  if (opts.reasoning !== undefined) delta[opts.reasoningField ?? 'reasoning_content'] = opts.reasoning;
  const out: Record<string, unknown> = {
    id: opts.id ?? randomUUID(),
    object: 'chat.completion.chunk',
    created: opts.created ?? Math.floor(Date.now() / 1000),
    model: opts.model ?? DEFAULT_MODEL,
    system_fingerprint: 'fp_test_server',
    choices: opts.choicesNull
      ? null
      : opts.choicesEmpty
        ? []
        : [{ index: 0, delta, logprobs: null, finish_reason: opts.finish ?? null }],
  };
  if (opts.usage !== undefined) out.usage = opts.usage;
  return out;
}

/** Splits text into pieces of `size` code points (never inside a surrogate pair). */
export function splitText(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += Math.max(1, size)) out.push(points.slice(i, i + Math.max(1, size)).join(''));
  return out;
}

/** Plausible token counts (DeepSeek's guidance: ~0.3 tokens per English char, ~0.6 per Chinese char). */
export function usageFor(text: string, reasoning = '', promptTokens = 12): Usage {
  const estimate = (s: string): number => {
    let t = 0;
    for (const ch of s) t += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 0.6 : 0.3;
    return Math.max(1, Math.ceil(t));
  };
  const reasoningTokens = reasoning ? estimate(reasoning) : 0;
  const completion = estimate(text) + reasoningTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_cache_hit_tokens: 0,
    prompt_cache_miss_tokens: promptTokens,
    ...(reasoning ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
  };
}

export interface AnswerOptions {
  /** Code points per delta (default 4). */
  deltaSize?: number;
  /** Sleep between deltas (default 0: written back to back). */
  delayMs?: number;
  /** Reasoning text sent first (DeepSeek reasoner layout: an empty first reasoning delta, then reasoning, then content). */
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Where usage goes: on the finish chunk (`last`, default), a separate `choices: []` chunk, a separate `choices: null` chunk, or `none`. */
  usageLayout?: 'last' | 'separate' | 'null' | 'none';
  /** Send `data: [DONE]` at the end (default true). */
  done?: boolean;
  /** finish_reason of the last chunk (default `stop`); null sends no finish chunk at all. */
  finish?: string | null;
  /** CRLF line endings instead of LF. */
  crlf?: boolean;
  /** `: keep-alive` comments before the first delta. */
  keepAlivesBefore?: number;
  /** Sleep between those keep-alives (default 0). */
  keepAliveDelayMs?: number;
  /** Write every byte separately, yielding to the event loop between writes. */
  byteByByte?: boolean;
  model?: string;
  /** The usage to report instead of the one counted from the text (e.g. with cache hits). */
  usage?: Usage;
}

/** A whole streamed answer as a Scenario. */
export function answer(text: string, opts: AnswerOptions = {}): Scenario {
  const id = randomUUID();
  const model = opts.model ?? DEFAULT_MODEL;
  const size = opts.deltaSize ?? 4;
  const finish = opts.finish === undefined ? 'stop' : opts.finish;
  const layout = opts.usageLayout ?? 'last';
  const usage = opts.usage ?? usageFor(text, opts.reasoning ?? '');
  const base = { id, model, created: Math.floor(Date.now() / 1000) };
  const field = opts.reasoningField ?? 'reasoning_content';
  const writes: string[] = [];
  const delays: number[] = []; // sleep before each write

  for (let i = 0; i < (opts.keepAlivesBefore ?? 0); i++) {
    writes.push(KEEP_ALIVE);
    delays.push(opts.keepAliveDelayMs ?? 0);
  }
  const pushDelta = (c: ChunkOptions): void => {
    writes.push(sse(chunk({ ...base, ...c })));
    delays.push(opts.delayMs ?? 0);
  };
  if (opts.reasoning !== undefined) {
    pushDelta({ role: 'assistant', content: null, reasoning: '', reasoningField: field });
    for (const piece of splitText(opts.reasoning, size)) pushDelta({ content: null, reasoning: piece, reasoningField: field });
    for (const piece of splitText(text, size)) pushDelta({ content: piece, reasoning: null, reasoningField: field });
  } else {
    pushDelta({ role: 'assistant', content: '' });
    for (const piece of splitText(text, size)) pushDelta({ content: piece });
  }
  if (finish !== null) {
    pushDelta({ content: '', finish, ...(layout === 'last' ? { usage } : {}) });
  }
  if (layout === 'separate') pushDelta({ choicesEmpty: true, usage });
  if (layout === 'null') pushDelta({ choicesNull: true, usage });
  if (opts.done ?? true) {
    writes.push(DONE);
    delays.push(0);
  }

  const steps: Step[] = [];
  writes.forEach((w, i) => {
    const d = delays[i] ?? 0;
    if (d > 0 && i > 0) steps.push({ sleepMs: d });
    const text = opts.crlf ? w.replace(/\n/g, '\r\n') : w;
    if (opts.byteByByte) {
      const bytes = Buffer.from(text, 'utf8');
      for (let b = 0; b < bytes.length; b++) {
        steps.push({ write: bytes.subarray(b, b + 1) });
        steps.push({ sleepMs: 0 });
      }
    } else {
      steps.push({ write: text });
    }
  });
  return { steps };
}

/** A part of a long document cut off by the output limit: ends with finish_reason "length". */
export function lengthCut(text: string, opts: AnswerOptions = {}): Scenario {
  return answer(text, { deltaSize: 7, ...opts, finish: 'length' });
}

/** An answer whose connection drops after `text`: a reset (RST) or a clean end, with no finish reason. */
export function droppedAnswer(text: string, how: 'reset' | 'end' = 'reset', opts: AnswerOptions = {}): Scenario {
  const s = answer(text, { deltaSize: 5, ...opts, finish: null, done: false });
  if (how === 'reset') s.steps.push({ sleepMs: 10 }, { reset: true });
  else s.steps.push({ end: true });
  return s;
}

/** An answer that sends `text`, then waits `ms` (default a minute) without finishing: for Cancel. */
export function stalledAnswer(text: string, ms = 60_000, opts: AnswerOptions = {}): Scenario {
  const s = answer(text, { deltaSize: 5, ...opts, finish: null, done: false });
  s.steps.push({ sleepMs: ms });
  return s;
}

/** An error response: JSON for objects, HTML for strings starting with `<`, plain text otherwise. */
export function errorResponse(status: number, body: object | string, headers: Record<string, string> = {}): Scenario {
  const isText = typeof body === 'string';
  const contentType = !isText ? 'application/json' : body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  return {
    status,
    headers: { ...(hasType ? {} : { 'Content-Type': contentType }), ...headers },
    steps: [{ write: isText ? body : JSON.stringify(body) }, { end: true }],
  };
}

/** A scenario from a list of raw writes (a recorded stream, split however the test likes). */
export function raw(writes: Array<string | Uint8Array>, opts: { delayMs?: number; end?: boolean } = {}): Scenario {
  const steps: Step[] = [];
  writes.forEach((w, i) => {
    if (i > 0 && opts.delayMs !== undefined) steps.push({ sleepMs: opts.delayMs });
    steps.push({ write: w });
  });
  if (opts.end !== false) steps.push({ end: true });
  return { steps };
}

// ---------------------------------------------------------------------------------------------
// Named scenarios, selected by a `#tag` in the last user message (demo, UI and end-to-end tests).

export const MARKDOWN_ANSWER = [
  '# Streaming answers',
  '',
  'Here is a **rich** answer with *emphasis*, `inline code` and a [link to the DeepSeek docs](https://api-docs.deepseek.com/).',
  '',
  '## Steps',
  '',
  '1. Open the panel.',
  '2. Ask a question.',
  '3. Watch the answer stream in:',
  '   - headings',
  '   - lists',
  '   - tables and code',
  '',
  '## Comparison',
  '',
  '| Model | Thinking | Best for |',
  '|---|---|---|',
  '| deepseek-flash, thinking off | no | quick answers |',
  '| deepseek-flash, thinking on | yes | hard problems |',
  '',
  '## TypeScript',
  '',
  '```typescript',
  'export async function* countdown(n: number): AsyncGenerator<number> {',
  '  for (let i = n; i > 0; i--) {',
  '    await new Promise((r) => setTimeout(r, 10));',
  '    yield i;',
  '  }',
  '}',
  '```',
  '',
  '## Python',
  '',
  '```python',
  'def fib(n: int) -> list[int]:',
  '    a, b = 0, 1',
  '    out = []',
  '    for _ in range(n):',
  '        out.append(a)',
  '        a, b = b, a + b',
  '    return out',
  '```',
  '',
  '> Note: tables, code and links must render safely.',
  '',
].join('\n');

export const REASONING_TEXT =
  'The user wants a short explanation. First, recall what streaming means here: tokens arrive as server-sent events. ' +
  'Then consider the two phases of a thinking model: reasoning first, then the answer. I should keep the answer brief.';

function slowText(): string {
  const parts: string[] = [];
  for (let i = 1; parts.join('').length < 6000; i++) {
    parts.push(`Sentence ${i} of a long, slow answer that streams for about a minute so you can press Stop. `);
    if (i % 5 === 0) parts.push('\n\n');
  }
  return parts.join('');
}

function longText(bytes: number): string {
  const para =
    'This paragraph is part of a very long answer used to test throughput and rendering of big outputs. ' +
    'It repeats with a counter so that every line differs: ';
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const line = `${para}${i}.\n\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/** Named scenario factories (fresh steps each call). */
export const scenarios: Record<string, () => Scenario> = {
  markdown: () => answer(MARKDOWN_ANSWER, { deltaSize: 6, delayMs: 5 }),
  reasoning: () => answer('Streaming sends the answer piece by piece, so you can read it while it is written.', { reasoning: REASONING_TEXT, deltaSize: 5, delayMs: 10, model: 'deepseek-flash' }),
  slow: () => answer(Array.from(slowText()).slice(0, 1200 * 5).join(''), { deltaSize: 5, delayMs: 50 }), // 1200 deltas, ~20/s, ~60 s
  cutoff: () => {
    const s = answer('This answer starts normally but the connection ends before it is finished, without a finish reason', { finish: null, done: false, deltaSize: 6, delayMs: 5 });
    s.steps.push({ end: true });
    return s;
  },
  reset: () => {
    const s = answer('This answer starts normally and then the socket is reset', { finish: null, done: false, deltaSize: 6, delayMs: 5 });
    s.steps.push({ sleepMs: 20 }, { reset: true });
    return s;
  },
  ratelimit: () => errorResponse(429, { error: { message: 'Rate limit reached for requests', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } }, { 'Retry-After': '1' }),
  unauthorized: () =>
    errorResponse(401, { error: { message: 'Authentication Fails, Your api key: ****test is invalid', type: 'authentication_error', param: null, code: 'invalid_request_error' } }),
  html500: () =>
    errorResponse(
      500,
      '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head><body><center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>\n',
    ),
  long: () => answer(longText(5 * 1024 * 1024), { deltaSize: 2048 }),
};

/** The tag in a message: `#name` where name is a registered scenario. */
export function scenarioTag(text: string): string | undefined {
  for (const m of text.matchAll(/#([a-z0-9_-]+)/gi)) {
    const name = m[1]!.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(scenarios, name)) return name;
  }
  return undefined;
}

/** The default answer: a short markdown reply quoting the question. */
export function defaultAnswer(question: string): Scenario {
  const quoted = question.trim() === '' ? '> (empty question)' : question.trim().split('\n').map((l) => `> ${l}`).join('\n');
  const text = `You asked:\n\n${quoted}\n\nThis is the **test server** answering. It streams markdown like a real model:\n\n- a list item\n- another one with \`code\`\n\n\`\`\`ts\nconsole.log('hello');\n\`\`\`\n`;
  return answer(text, { deltaSize: 5, delayMs: 2 });
}

// ---------------------------------------------------------------------------------------------
// Tool calls (function calling): DeepSeek's streamed `delta.tool_calls` layout.

export interface ToolCallSpec {
  id?: string;
  name: string;
  /** The JSON arguments text, exactly as the model writes it. */
  arguments: string;
  /** How the arguments text is cut into fragments (default: pieces of 3 code units). */
  pieces?: string[];
}

export interface ToolCallAnswerOptions {
  /** Reasoning first (thinking mode), as DeepSeek's V3.2/V4 does before a tool call. */
  reasoning?: string;
  /** Text before the calls (often none: `content` stays null). */
  content?: string;
  model?: string;
  /** Fragments of different calls alternate (index 0, 1, 0, 1, …) instead of one call after the other. */
  interleave?: boolean;
  usage?: boolean;
}

/** The SSE text of an answer that ends in tool calls (`finish_reason: "tool_calls"`). */
export function toolCallStream(calls: ToolCallSpec[], opts: ToolCallAnswerOptions = {}): string {
  const base = { id: randomUUID(), model: opts.model ?? DEFAULT_MODEL, created: Math.floor(Date.now() / 1000) };
  const out: string[] = [];
  const delta = (d: Record<string, unknown>, finish: string | null = null, usage?: Usage): void => {
    const c = chunk({ ...base, finish, ...(usage ? { usage } : {}) });
    (c.choices as Array<{ delta: Record<string, unknown> }>)[0]!.delta = d;
    out.push(sse(c));
  };
  if (opts.reasoning !== undefined) {
    delta({ role: 'assistant', content: null, reasoning_content: '' });
    for (const piece of splitText(opts.reasoning, 5)) delta({ content: null, reasoning_content: piece });
  } else delta({ role: 'assistant', content: opts.content === undefined ? null : '' });
  for (const piece of splitText(opts.content ?? '', 5)) delta({ content: piece });
  const fragments = calls.map((c, index) => {
    const pieces = c.pieces ?? (c.arguments.match(/[\s\S]{1,3}/g) ?? []);
    const first = { index, id: c.id ?? `call_${index}_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: c.name, arguments: '' } };
    return [first, ...pieces.map((p) => ({ index, function: { arguments: p } }))];
  });
  if (opts.interleave) {
    for (let i = 0; fragments.some((f) => i < f.length); i++) for (const f of fragments) if (i < f.length) delta({ content: null, tool_calls: [f[i]] });
  } else for (const f of fragments) for (const frag of f) delta({ content: null, tool_calls: [frag] });
  delta({ content: null }, 'tool_calls', opts.usage === false ? undefined : usageFor('', opts.reasoning ?? ''));
  out.push(DONE);
  return out.join('');
}

/** An answer ending in tool calls, each SSE event its own write. */
export function toolCallAnswer(calls: ToolCallSpec[], opts: ToolCallAnswerOptions = {}): Scenario {
  const events = toolCallStream(calls, opts).split(/(?<=\n\n)/);
  return { steps: events.map((write) => ({ write })) };
}

/** How the server answers FIM (`POST /completions`, `/beta/completions`): the text, the wait before it, the pace. */
export interface FimPace {
  /** Time to first byte (headers and first text together). */
  ttfbMs?: number;
  /** Output pace; one delta per token of ~3 characters (0 or absent: all at once). */
  tokensPerSecond?: number;
}

/** A streamed FIM answer (`text_completion` chunks with `choices[0].text`), usage on the last chunk. */
export function fimAnswer(text: string, pace: FimPace = {}, promptTokens = 50): Scenario {
  const steps: Step[] = [];
  if (pace.ttfbMs) steps.push({ sleepMs: pace.ttfbMs });
  const pieces = pace.tokensPerSecond ? splitText(text, 3) : [text];
  const gap = pace.tokensPerSecond ? 1000 / pace.tokensPerSecond : 0;
  const fimChunk = (piece: string, finish: string | null, usage?: Usage) => ({
    id: randomUUID(),
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: DEFAULT_MODEL,
    choices: [{ index: 0, text: piece, logprobs: null, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  });
  pieces.forEach((piece, i) => {
    if (i > 0 && gap > 0) steps.push({ sleepMs: gap });
    steps.push({ write: sse(fimChunk(piece, null)) });
  });
  steps.push({ write: sse(fimChunk('', 'stop', usageFor(text, '', promptTokens))) }, { write: DONE }, { end: true });
  return { steps };
}

/**
 * A response too large to hold in memory: the server plays the steps as the generator makes them
 * (its loop is a plain for…of), so a 200 MB stream costs one step at a time.
 */
export function generated(steps: () => Generator<Step>, opts: { status?: number; headers?: Record<string, string> } = {}): Scenario {
  return { ...opts, steps: steps() as unknown as Step[] };
}
