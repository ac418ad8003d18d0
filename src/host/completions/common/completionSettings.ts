// The `deepseek.completions.*` settings, read and checked in one place. Pure: a getter is passed in.
// The base URL is read by the caller from the user's own settings only (a workspace must not be able
// to send the user's code and key elsewhere), like the chat's.

import { isDeepSeekHost } from '../../../deepseek/fim';
import { DEFAULT_EXCLUDE, type ExclusionRules } from './exclusion';
import { modelEntry } from '../../../shared/modelTable';

export interface CompletionSettings extends ExclusionRules {
  enabled: boolean;
  /** '' = the default for the server (see completionModel). */
  model: string;
  /** '' = the chat's base URL. */
  baseUrl: string;
  /** The shortest wait after a keystroke (the adaptive debounce never waits less). */
  debounceMs: number;
}

export const DEFAULT_DISABLED_LANGUAGES = ['plaintext', 'markdown', 'scminput'];
/** DeepSeek's FIM model when none is set (FIM is served by the Flash model, non-thinking). */
export const DEFAULT_DEEPSEEK_FIM_MODEL = 'deepseek-flash';

function strings(raw: unknown, fallback: readonly string[]): string[] {
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [...fallback];
}

function bounded(raw: unknown, fallback: number, min: number, max: number): number {
  return typeof raw === 'number' && Number.isFinite(raw) ? Math.min(max, Math.max(min, Math.round(raw))) : fallback;
}

/** `get(key)` reads `deepseek.completions.<key>`. Values of the wrong type fall back to the defaults. */
export function readCompletionSettings(get: (key: string) => unknown): CompletionSettings {
  const model = get('model');
  const baseUrl = get('baseUrl');
  return {
    enabled: get('enabled') === true,
    model: typeof model === 'string' ? model.trim() : '',
    baseUrl: typeof baseUrl === 'string' ? baseUrl.trim().replace(/\/+$/, '') : '',
    exclude: strings(get('exclude'), DEFAULT_EXCLUDE),
    disabledLanguages: strings(get('disabledLanguages'), DEFAULT_DISABLED_LANGUAGES),
    maxFileBytes: bounded(get('maxFileSizeKB'), 512, 1, 10_240) * 1024,
    debounceMs: bounded(get('debounceMs'), 75, 0, 2000),
  };
}

/**
 * The model for completions: the setting, else DeepSeek's FIM model on DeepSeek's host, else the
 * chat's model (a local server serves the model the user runs there).
 */
export function completionModel(modelSetting: string, baseUrl: string, chatModel: string): string {
  if (modelSetting) return modelSetting;
  return isDeepSeekHost(baseUrl) ? DEFAULT_DEEPSEEK_FIM_MODEL : chatModel;
}

/**
 * Whether a model is known not to serve FIM on DeepSeek's host: the model table says so (V4 Pro), or it
 * is a thinking-only reasoner id. Other servers decide for themselves.
 */
export function knownNotFim(model: string, baseUrl: string): boolean {
  if (!isDeepSeekHost(baseUrl)) return false;
  const entry = modelEntry(model);
  return (entry.known && !entry.fim) || /reasoner/i.test(model);
}

/**
 * Whether the key may go to the completion server: the chat's own origin (the key was set for it),
 * never another remote origin. A server on this machine gets no key unless it is the chat's origin.
 */
export function keyFor(completionBase: string, chatBase: string, key: string): string {
  try {
    return new URL(completionBase).origin === new URL(chatBase).origin ? key : '';
  } catch {
    return '';
  }
}
