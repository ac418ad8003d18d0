// The line under "DeepSeek: writing …" in the progress notification. Pure (texts through a Translate)
// so it can be tested in plain Node.

import type { Translate } from '../../core/common/translate';
import type { LoopProgress } from './continuationLoop';

/** e.g. "12,345 chars · ~3,456 tokens · 41.2 tokens/s · 1:23 · continuing (1 of 8)". */
export function formatProgress(p: LoopProgress, tr: Translate): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const s = Math.floor(p.elapsedMs / 1000);
  const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  const parts = [tr('{0} chars', n(p.chars)), tr('{0}{1} tokens', p.tokensEstimated ? '~' : '', n(p.tokens)), tr('{0} tokens/s', p.tokensPerSecond.toFixed(1)), elapsed];
  if (p.continuation > 0) parts.push(tr('continuing ({0} of {1})', p.continuation, p.maxContinuations));
  if (p.thinking) parts.push(tr('thinking…'));
  if (p.retry) parts.push(tr('{0} Retrying (attempt {1})…', p.retry.error.message, p.retry.attempt));
  return parts.join(' · ');
}
