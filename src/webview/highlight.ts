// Syntax highlighting with highlight.js core and a handful of common languages (keeps the bundle small).
// Results are cached, so the one full render at the end of a turn does not highlight sealed blocks again.
// Grammars are compiled in idle moments after the panel opens (warmUpGrammars), not in the frame that
// seals an answer's first block of a language.

import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
// Common fence tags the grammars do not alias themselves.
hljs.registerAliases(['sh', 'shell', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['golang'], { languageName: 'go' });
hljs.registerAliases(['c#'], { languageName: 'csharp' });

/** Longer code is shown unhighlighted: highlighting it would cost a long frame. */
export const MAX_HIGHLIGHT_CHARS = 30_000;
const CACHE_LIMIT = 256;
const cache = new Map<string, string | undefined>();

/** Highlighted HTML (hljs spans, text escaped) for a known language, otherwise undefined. */
export function highlightCode(code: string, lang: string): string | undefined {
  if (!lang || code.length > MAX_HIGHLIGHT_CHARS || !hljs.getLanguage(lang)) return undefined;
  const key = `${lang}\u0000${code}`;
  if (cache.has(key)) {
    const hit = cache.get(key);
    // Refresh its place in the insertion-ordered map (least recently used goes first).
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let html: string | undefined;
  try {
    html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  } catch {
    html = undefined;
  }
  cache.set(key, html);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return html;
}

/**
 * highlight.js compiles a grammar on its first use: 5–35 ms for most of these, measured in Chromium on
 * a 2-core machine (typescript and javascript 22–35 ms, c and cpp 17–27 ms, json 2–4 ms). Without this
 * that lands in the frame that seals an answer's first block of the language. Java is left to its first
 * use: its grammar took 93–120 ms, longer than an idle moment should be held.
 */
const COMPILED_ON_FIRST_USE = new Set(['java']);
/** The most common languages in answers first, then the other registered ones. */
export const WARM_UP_LANGUAGES: readonly string[] = [...new Set(['typescript', 'javascript', 'python', 'bash', 'json', ...Object.keys(LANGUAGES)])].filter((lang) => !COMPILED_ON_FIRST_USE.has(lang));
/** Only idle periods with at least this much time left (ms) compile a grammar. */
const WARM_UP_MIN_IDLE_MS = 20;
/**
 * While an answer streams, or after an idle period too short, the warm-up looks again this much later
 * (ms), not in the very next idle period: asking for every idle period put a callback in almost every
 * frame of a streaming answer (about 50 a second in VS Code, where frames leave idle periods of a few ms).
 */
const WARM_UP_RETRY_MS = 500;

/** How the warm-up waits (the browser's, or a test's). */
export interface IdleScheduler {
  idle(cb: (deadline: IdleDeadline) => void): void;
  later(cb: () => void, ms: number): void;
}

const browserScheduler: IdleScheduler = {
  idle: (cb) => requestIdleCallback(cb),
  later: (cb, ms) => setTimeout(cb, ms),
};

/** Compiles the common grammars, one per idle period, never while `busy()` (an answer streams). */
export function warmUpGrammars(busy: () => boolean, scheduler: IdleScheduler = browserScheduler): void {
  const queue = [...WARM_UP_LANGUAGES];
  const next = (deadline: IdleDeadline) => {
    if (busy() || deadline.timeRemaining() < WARM_UP_MIN_IDLE_MS) {
      scheduler.later(() => scheduler.idle(next), WARM_UP_RETRY_MS);
      return;
    }
    try {
      hljs.highlight(' ', { language: queue.shift()!, ignoreIllegals: true });
    } catch {
      // A grammar that fails here fails (and is handled) in highlightCode too.
    }
    if (queue.length) scheduler.idle(next);
  };
  if (queue.length) scheduler.idle(next);
}
