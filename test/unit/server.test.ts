// The test server itself (test/server): routes, scenario selection, recording, close(), the CLI.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { answer, errorResponse, MARKDOWN_ANSWER, scenarios, startTestServer, type TestServer } from '../server';
import { chat, run, waitFor } from './helpers';

const ROOT = join(__dirname, '..', '..');

describe('test server', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('listens on loopback on a random port', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const other = await startTestServer();
    assert.notEqual(other.url, server.url);
    await other.close();
  });

  it('GET /models and /v1/models list models OpenAI-style', async () => {
    for (const path of ['/models', '/v1/models']) {
      const res = await request(server.url + path);
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as { object: string; data: Array<{ id: string; object: string }> };
      assert.equal(body.object, 'list');
      assert.ok(body.data.some((m) => m.id === 'deepseek-flash' && m.object === 'model'));
    }
  });

  it('unknown paths get an OpenAI-shaped 404', async () => {
    const res = await request(server.url + '/nope');
    assert.equal(res.statusCode, 404);
    const body = (await res.body.json()) as { error: { message: string } };
    assert.match(body.error.message, /Not found/);
  });

  it('records every request: method, path, headers, parsed body, times, connection', async () => {
    server.enqueue(answer('ok'));
    const before = Date.now();
    await run(server, {}, {}, chat('record me'));
    const r = server.requests[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/chat/completions');
    assert.equal(r.body.messages[0].content, 'record me');
    assert.ok(r.receivedAt >= before);
    await waitFor('closedAt', () => r.closedAt !== undefined);
    assert.ok(r.closedAt! >= r.receivedAt);
    assert.equal(r.clientAborted, false);
    assert.equal(r.connection, 1);
    assert.equal(r.scenario, 'queue');
  });

  it('queued scenarios come first, then #tags, then the default answer quoting the question', async () => {
    server.enqueue(answer('from the queue'));
    const a = await run(server, {}, {}, chat('#reasoning please'));
    const b = await run(server, {}, {}, chat('now #reasoning please'));
    const c = await run(server, {}, {}, chat('What is a monad?\nExplain briefly.'));
    assert.equal(a.content, 'from the queue');
    assert.ok(b.reasoning.length > 50 && b.content.length > 10);
    assert.match(c.content, /^You asked:\n\n> What is a monad\?\n> Explain briefly\.\n/);
    assert.deepEqual(server.requests.map((r) => r.scenario), ['queue', 'reasoning', 'default']);
  });

  it('the tag is read from the last user message only', async () => {
    const r = await run(server, {}, {}, {
      model: 'm',
      messages: [
        { role: 'user', content: 'earlier #unauthorized' },
        { role: 'assistant', content: 'answer' },
        { role: 'user', content: 'plain question' },
      ],
    });
    assert.equal(r.error, undefined);
    assert.equal(server.requests[0]!.scenario, 'default');
  });

  it('#markdown has headings, a list, a table, TypeScript and Python code blocks and a link', async () => {
    const r = await run(server, {}, {}, chat('#markdown'));
    assert.equal(r.content, MARKDOWN_ANSWER);
    for (const re of [/^# /m, /^## /m, /^1\. /m, /^- |^ {3}- /m, /^\|.*\|$/m, /```typescript\n/, /```python\n/, /\[[^\]]+\]\(https?:\/\/[^)]+\)/]) assert.match(r.content, re);
  });

  it('#ratelimit is a 429 with Retry-After: 1', async () => {
    const r = await run(server, { maxRetries: 0 }, {}, chat('#ratelimit'));
    assert.equal(r.error?.kind, 'rate_limit');
    assert.equal(r.error?.retryAfterMs, 1000);
  });

  it('#slow streams ~20 deltas/s for ~60 s; #long is 5 MB (by construction)', () => {
    const slow = scenarios.slow!();
    const writes = slow.steps.filter((s) => 'write' in s).length;
    const sleepMs = slow.steps.reduce((n, s) => n + ('sleepMs' in s ? s.sleepMs : 0), 0);
    assert.ok(writes >= 1150 && writes <= 1300, `${writes} writes`);
    assert.ok(sleepMs >= 55_000 && sleepMs <= 65_000, `${sleepMs} ms`);
    const long = scenarios.long!();
    const bytes = long.steps.reduce((n, s) => n + ('write' in s ? Buffer.byteLength(s.write as string) : 0), 0);
    assert.ok(bytes >= 5 * 1024 * 1024);
  });

  it('every registered scenario is selectable by its #tag', async () => {
    const names = Object.keys(scenarios);
    for (const n of ['markdown', 'reasoning', 'slow', 'cutoff', 'reset', 'ratelimit', 'unauthorized', 'html500', 'long']) assert.ok(names.includes(n), n);
    for (const n of ['cutoff', 'reset', 'html500', 'unauthorized']) {
      await run(server, { maxRetries: 0 }, {}, chat(`try #${n}`));
      assert.equal(server.requests.at(-1)!.scenario, n);
    }
  });

  it('errorResponse sets the status, content type and extra headers', async () => {
    server.enqueue(errorResponse(503, '<html>down</html>', { 'Retry-After': '7' }), errorResponse(400, { error: { message: 'x' } }));
    const a = await request(server.url + '/chat/completions', { method: 'POST', body: '{}' });
    assert.equal(a.statusCode, 503);
    assert.match(String(a.headers['content-type']), /text\/html/);
    assert.equal(a.headers['retry-after'], '7');
    await a.body.text();
    const b = await request(server.url + '/chat/completions', { method: 'POST', body: '{}' });
    assert.match(String(b.headers['content-type']), /application\/json/);
    assert.deepEqual(await b.body.json(), { error: { message: 'x' } });
  });

  it('close() does not hang while a stream is in progress', async () => {
    const ac = new AbortController();
    const pending = run(server, {}, { signal: ac.signal }, chat('#slow'));
    await waitFor('the stream to be flowing', () => server.requests.length === 1 && server.requests[0]!.bytesWritten > 0);
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 10_000, 'close() waited for the 60 s stream');
    const r = await pending;
    assert.ok(r.error, 'the client saw the connection go away');
    server = await startTestServer();
  });

  it('CLI: prints exactly `DEEPSEEK_TEST_SERVER <url>`, serves, and exits on SIGTERM', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'test', 'server', 'cli.ts'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('the url line', () => out.includes('\n'), 15_000);
      const m = /^DEEPSEEK_TEST_SERVER (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
      assert.ok(m, JSON.stringify(out));
      const res = await request(m[1] + '/v1/models');
      assert.equal(res.statusCode, 200);
      await res.body.text();
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.equal(out.split('\n').filter(Boolean).length, 1, 'exactly one line on stdout');
  });
});
