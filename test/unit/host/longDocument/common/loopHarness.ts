// The continuation loop as the long-document tests drive it: against the project's test server, with
// what it appended, reported and announced recorded.
import { runContinuationLoop, type LoopOptions, type LoopProgress } from '../../../../../src/host/longDocument/common/continuationLoop';
import type { TestServer } from '../../../../server';
import { config } from '../../../helpers';

export const QUESTION = 'Write a long migration guide.';
export const MESSAGES = [
  { role: 'system' as const, content: 'Write documents.' },
  { role: 'user' as const, content: QUESTION },
];

export interface Run {
  text: string;
  appended: string[];
  progress: LoopProgress[];
  parts: Array<[number, boolean]>;
}

export type LoopOverrides = Partial<LoopOptions> & { base?: string; initial?: string };

/** Runs the loop against `server` (its /beta base unless `base`), starting from the text `initial`. */
export function loop(server: TestServer, overrides: LoopOverrides = {}) {
  const run: Run = { text: overrides.initial ?? '', appended: [], progress: [], parts: [] };
  const options: LoopOptions = {
    config: config(server, { baseUrl: overrides.base ?? `${server.url}/beta` }),
    model: 'deepseek-flash',
    messages: MESSAGES,
    maxContinuations: 8,
    append: (t) => {
      run.appended.push(t);
      run.text += t;
    },
    textSoFar: () => run.text,
    onProgress: (p) => run.progress.push(p),
    onPart: (part, continuation) => run.parts.push([part, continuation]),
    progressIntervalMs: 0,
    ...overrides,
  };
  return { run, done: runContinuationLoop(options) };
}

export const chatRequests = (server: TestServer) => server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions'));
