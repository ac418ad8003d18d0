// DeepSeek's retired model ids and their successors. DeepSeek stopped serving `deepseek-chat` and
// `deepseek-reasoner` on 2026-07-24 (deepseek-api.md, "Models as of 2026-11"); `deepseek-v4-flash` is
// the old name of Flash. Only DeepSeek's own host is meant: another server may serve any id it likes.
// Pure (no vscode): unit-tested in plain Node.

import type { ThinkingSetting } from '../../core/common/settings';

export interface Successor {
  retired: string;
  model: string;
  /** The thinking setting that keeps the old model's behaviour; undefined: leave it as it is. */
  thinking?: Exclude<ThinkingSetting, 'auto'>;
}

const SUCCESSORS: Record<string, Omit<Successor, 'retired'>> = {
  'deepseek-chat': { model: 'deepseek-flash', thinking: 'disabled' },
  'deepseek-reasoner': { model: 'deepseek-flash', thinking: 'enabled' },
  'deepseek-v4-flash': { model: 'deepseek-flash' },
};

/** Whether the base URL is DeepSeek's own API (`api.deepseek.com`, with or without `/v1` or `/beta`). */
export function isDeepSeekHost(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'https:' && (url.hostname === 'api.deepseek.com' || url.hostname === 'deepseek.com');
  } catch {
    return false;
  }
}

/** The successor of a retired id on DeepSeek's host; undefined for current ids and for other servers. */
export function successorFor(model: unknown, baseUrl: string): Successor | undefined {
  if (typeof model !== 'string' || !isDeepSeekHost(baseUrl)) return undefined;
  const retired = model.trim().toLowerCase();
  const next = SUCCESSORS[retired];
  return next ? { retired, ...next } : undefined;
}
