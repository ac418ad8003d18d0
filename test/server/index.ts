// The project's DeepSeek-compatible test server: Node `http` only, loopback, random port by default.
// Used by the unit tests, the in-host and end-to-end suites and the demo. See scenarios.ts for builders.

import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { defaultAnswer, fimAnswer, scenarioTag, scenarios, type FimPace, type Scenario, type Step } from './scenarios';

export * from './scenarios';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text if it was not JSON (undefined if empty). */
  body: any;
  receivedAt: number;
  /** When the client closed/aborted the socket, or the response ended. */
  closedAt?: number;
  clientAborted: boolean;
  /** Response bytes handed to the socket so far (writes wait for 'drain', so this shows backpressure). */
  bytesWritten: number;
  /** Index of the TCP connection (1-based, in accept order) this request arrived on. */
  connection: number;
  /** Name of the scenario used (`queue`, a registry name, `default`, `models`, `not-found`). */
  scenario?: string;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:43123 (use as ClientConfig.baseUrl; /v1 and /beta prefixes also work). */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The next chat requests get these, in order; then `#tag` scenarios, then the default answer. */
  enqueue(...s: Scenario[]): void;
  /**
   * Asked first for every chat request (before the queue): a scenario built from the request (e.g. a
   * tool call for a request that offers tools), or undefined to fall through.
   */
  responder?: (body: any) => Scenario | undefined;
  /**
   * FIM requests (`POST /completions`): `answer` builds the text from the request body, with `pace`;
   * `queue` (first) holds whole scenarios (an error, a stall).
   */
  fim: { answer: (body: any) => string; pace: FimPace; queue: Scenario[] };
  /** Distinct TCP connections accepted so far. */
  connections(): number;
  /** What `GET /models` and `GET /user/balance` answer (a Scenario replaces the JSON answer, e.g. a 404). */
  account: { models: string[] | Scenario; balance: object | Scenario };
  close(): Promise<void>;
}

export const MODELS = ['deepseek-flash', 'deepseek-v4-pro'];

/** DeepSeek's `GET /user/balance` shape (amounts as strings). */
export const BALANCE = {
  is_available: true,
  balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }],
};

function jsonScenario(value: unknown): Scenario {
  return { headers: { 'Content-Type': 'application/json' }, steps: [{ write: JSON.stringify(value) }, { end: true }] };
}

function isScenario(value: unknown): value is Scenario {
  return !!value && typeof value === 'object' && Array.isArray((value as Scenario).steps);
}

function lastUserText(body: any): string {
  const messages = body && Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user') return typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '');
  }
  return '';
}

export async function startTestServer(opts: { port?: number; host?: string; tls?: { key: string; cert: string } } = {}): Promise<TestServer> {
  const host = opts.host ?? '127.0.0.1';
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const socketIds = new WeakMap<Socket, number>();
  let connectionCount = 0;
  let closing = false;
  const account: TestServer['account'] = { models: [...MODELS], balance: BALANCE };
  const fim: TestServer['fim'] = { answer: () => 'completion()', pace: {}, queue: [] };
  // The returned object: the request handler reads `api.responder`, which tests may set at any time.
  const api = {} as TestServer;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      body: undefined,
      receivedAt: Date.now(),
      clientAborted: false,
      bytesWritten: 0,
      connection: socketIds.get(req.socket) ?? 0,
    };
    requests.push(record);
    let finishedByServer = false;
    res.on('close', () => {
      record.closedAt ??= Date.now();
      if (!finishedByServer && !res.writableFinished) record.clientAborted = true;
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text !== '') {
        try {
          record.body = JSON.parse(text);
        } catch {
          record.body = text;
        }
      }
      const path = (record.path.split('?')[0] ?? '/').replace(/^\/(v1|beta)(?=\/)/, '');
      let scenario: Scenario;
      if (record.method === 'POST' && path === '/chat/completions') {
        const answered = api.responder?.(record.body);
        const queued = answered ? undefined : queue.shift();
        if (answered) {
          scenario = answered;
          record.scenario = 'responder';
        } else if (queued) {
          scenario = queued;
          record.scenario = 'queue';
        } else {
          const tag = scenarioTag(lastUserText(record.body));
          const factory = tag ? scenarios[tag] : undefined;
          if (tag && factory) {
            scenario = factory();
            record.scenario = tag;
          } else {
            scenario = defaultAnswer(lastUserText(record.body));
            record.scenario = 'default';
          }
        }
      } else if (record.method === 'POST' && path === '/completions') {
        const queued = fim.queue.shift();
        record.scenario = queued ? 'fim-queue' : 'fim';
        scenario = queued ?? fimAnswer(fim.answer(record.body), fim.pace);
      } else if (record.method === 'GET' && path === '/models') {
        record.scenario = 'models';
        const m = account.models;
        scenario = isScenario(m) ? m : jsonScenario({ object: 'list', data: m.map((id) => ({ id, object: 'model', owned_by: 'deepseek' })) });
      } else if (record.method === 'GET' && path === '/user/balance') {
        record.scenario = 'balance';
        scenario = isScenario(account.balance) ? account.balance : jsonScenario(account.balance);
      } else {
        record.scenario = 'not-found';
        scenario = {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
          steps: [{ write: JSON.stringify({ error: { message: `Not found: ${record.method} ${record.path}`, type: 'invalid_request_error' } }) }, { end: true }],
        };
      }
      void play(scenario, req, res, record, () => {
        finishedByServer = true;
      });
    });
  };
  const serverOptions = { keepAliveTimeout: 60_000, noDelay: true };
  // With `tls` the same server speaks HTTPS (the proxy and certificate tests).
  const server = opts.tls ? https.createServer({ ...serverOptions, ...opts.tls }, handler) : http.createServer(serverOptions, handler);

  server.on('connection', (socket: Socket) => {
    connectionCount++;
    socketIds.set(socket, connectionCount);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function play(s: Scenario, req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, serverEnded: () => void): Promise<void> {
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    const isClosed = (): boolean => closing || res.destroyed || record.closedAt !== undefined;
    const headers: Record<string, string> = { ...(s.headers ?? {}) };
    const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
    if (!hasType) headers['Content-Type'] = 'text/event-stream; charset=utf-8';
    if (/event-stream/i.test(Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '')) {
      headers['Cache-Control'] ??= 'no-cache';
    }
    headers['x-ds-trace-id'] ??= randomUUID().replace(/-/g, '');
    // Headers go out with the first write or end, so a leading sleep or reset happens before any headers.
    const sendHeaders = (): void => {
      if (!res.headersSent) res.writeHead(s.status ?? 200, headers);
    };
    try {
      for (const step of s.steps as Step[]) {
        if (isClosed()) return;
        if ('write' in step) {
          sendHeaders();
          const data = typeof step.write === 'string' ? Buffer.from(step.write, 'utf8') : step.write;
          const ok = res.write(data);
          record.bytesWritten += data.length;
          if (!ok) await Promise.race([new Promise<void>((r) => res.once('drain', () => r())), closed]);
        } else if ('sleepMs' in step) {
          if (step.sleepMs <= 0) await new Promise<void>((r) => setImmediate(r));
          else {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, step.sleepMs))), closed]);
            clearTimeout(timer);
          }
        } else if ('until' in step) {
          await Promise.race([step.until, closed]);
        } else if ('reset' in step) {
          serverEnded();
          record.closedAt ??= Date.now();
          req.socket.resetAndDestroy();
          return;
        } else if ('end' in step) {
          sendHeaders();
          serverEnded();
          res.end();
          return;
        }
      }
      if (!isClosed()) {
        sendHeaders();
        serverEnded();
        res.end();
      }
    } catch {
      if (!res.destroyed) res.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  return Object.assign(api, {
    url: `${opts.tls ? 'https' : 'http'}://${urlHost}:${address.port}`,
    requests,
    enqueue: (...s: Scenario[]) => {
      queue.push(...s);
    },
    connections: () => connectionCount,
    account,
    fim,
    close: async () => {
      closing = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      await done;
    },
  });
}
