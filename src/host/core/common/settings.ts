// Reads and validates the `deepseek.*` settings. Pure: takes a getter so it is tested in plain Node.
// Invalid values produce one readable message naming the setting, never a stack trace.

import { DEFAULT_MODEL, type ReasoningEffort } from '../../../shared/modelTable';
import { english, type Translate } from './translate';

export interface Settings {
  baseUrl: string;
  model: string;
  temperature?: number;
  maxTokens?: number;
  systemPrompt: string;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
  maxSelectionLines: number;
  /** Attached files larger than this are refused (bytes). */
  maxFileBytes: number;
  /** Estimated tokens all attachments of one question may take. */
  contextBudgetTokens: number;
  /** Automatic continuations of a long document cut off by the output limit (finish_reason "length"). */
  maxContinuations: number;
  /** Client-side request limit shared by every surface; 0 = off. */
  maxRequestsPerSecond: number;
  /** Thinking mode for models that can switch it (DeepSeek V4): `auto` sends nothing (the server's default). */
  thinking: ThinkingSetting;
  /** Reasoning effort in thinking mode (DeepSeek V4); `auto` sends nothing. */
  reasoningEffort: ReasoningEffortSetting;
  /** Whether the base URL is on this machine (local servers such as Ollama need no key). */
  isLoopback: boolean;
  /** Largest image sent with a question (bytes); the panel downscales larger ones. */
  maxImageBytes: number;
  /** Most images sent with one question. */
  maxImages: number;
}

export type ThinkingSetting = 'auto' | 'enabled' | 'disabled';
export type ReasoningEffortSetting = 'auto' | ReasoningEffort;

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string; setting: string };

export type SettingGetter = (key: string) => unknown;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname.endsWith('.localhost');
}

class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

function num(get: SettingGetter, tr: Translate, key: string, fallback: number, min: number, max: number, integer = false): number {
  const raw = get(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new SettingError(
      key,
      integer
        ? tr('The setting "{0}" must be a whole number from {1} to {2}; it is {3}.', `deepseek.${key}`, min, max, JSON.stringify(raw))
        : tr('The setting "{0}" must be a number from {1} to {2}; it is {3}.', `deepseek.${key}`, min, max, JSON.stringify(raw)),
    );
  }
  return value;
}

function optionalNum(get: SettingGetter, tr: Translate, key: string, min: number, max: number, integer = false): number | undefined {
  const raw = get(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  return num(get, tr, key, 0, min, max, integer);
}

function oneOf<T extends string>(get: SettingGetter, tr: Translate, key: string, values: readonly T[], fallback: T): T {
  const raw = get(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
  throw new SettingError(key, tr('The setting "{0}" must be one of {1}; it is {2}.', `deepseek.${key}`, values.map((v) => `"${v}"`).join(', '), JSON.stringify(raw)));
}

function parseBaseUrl(raw: unknown, tr: Translate): { url: string; isLoopback: boolean } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) throw new SettingError('baseUrl', tr('The setting "deepseek.baseUrl" is empty. Set it to https://api.deepseek.com or your server\'s URL.'));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingError('baseUrl', tr('The setting "deepseek.baseUrl" is not a URL: "{0}". Example: https://api.deepseek.com', text));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SettingError('baseUrl', tr('The setting "deepseek.baseUrl" must start with https:// (or http:// for a server on this machine); it is "{0}".', text));
  }
  if (url.username || url.password) {
    throw new SettingError('baseUrl', tr('The setting "deepseek.baseUrl" must not contain a user name or password; use "DeepSeek: Set API Key".'));
  }
  const isLoopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !isLoopback) {
    // A key sent over plain HTTP to another machine can be read on the way.
    throw new SettingError(
      'baseUrl',
      tr(
        'The setting "deepseek.baseUrl" uses http:// to another machine ({0}); your API key would travel unencrypted. Use https://, or http:// only for a server on this machine (localhost).',
        url.hostname,
      ),
    );
  }
  url.search = '';
  url.hash = '';
  return { url: url.toString().replace(/\/+$/, ''), isLoopback };
}

export function readSettings(get: SettingGetter, tr: Translate = english): SettingsResult {
  try {
    const { url, isLoopback } = parseBaseUrl(get('baseUrl'), tr);
    const modelRaw = get('model');
    const model = modelRaw === undefined || modelRaw === null ? DEFAULT_MODEL : typeof modelRaw === 'string' ? modelRaw.trim() : '';
    if (!model) throw new SettingError('model', tr('The setting "deepseek.model" is empty. Set it to a model id such as {0}.', DEFAULT_MODEL));
    const systemRaw = get('systemPrompt');
    if (systemRaw !== undefined && systemRaw !== null && typeof systemRaw !== 'string') {
      throw new SettingError('systemPrompt', tr('The setting "deepseek.systemPrompt" must be text.'));
    }
    return {
      ok: true,
      settings: {
        baseUrl: url,
        isLoopback,
        model,
        temperature: optionalNum(get, tr, 'temperature', 0, 2),
        maxTokens: optionalNum(get, tr, 'maxTokens', 1, 10_000_000, true),
        systemPrompt: typeof systemRaw === 'string' ? systemRaw : '',
        firstTokenTimeoutMs: num(get, tr, 'firstTokenTimeoutSeconds', 600, 5, 86_400) * 1000,
        idleTimeoutMs: num(get, tr, 'idleTimeoutSeconds', 120, 5, 86_400) * 1000,
        maxRetries: num(get, tr, 'maxRetries', 3, 0, 10, true),
        maxSelectionLines: num(get, tr, 'maxSelectionLines', 400, 10, 100_000, true),
        maxFileBytes: num(get, tr, 'maxFileSizeKB', 256, 1, 10_240, true) * 1024,
        contextBudgetTokens: num(get, tr, 'contextBudgetTokens', 32_000, 1000, 1_000_000, true),
        maxContinuations: num(get, tr, 'maxContinuations', 8, 0, 100, true),
        maxRequestsPerSecond: num(get, tr, 'maxRequestsPerSecond', 0, 0, 1000),
        thinking: oneOf(get, tr, 'thinking', ['auto', 'enabled', 'disabled'] as const, 'auto'),
        reasoningEffort: oneOf(get, tr, 'reasoningEffort', ['auto', 'low', 'high', 'max'] as const, 'auto'),
        maxImageBytes: num(get, tr, 'maxImageSizeKB', 2048, 16, 20_480, true) * 1024,
        maxImages: num(get, tr, 'maxImagesPerQuestion', 4, 1, 20, true),
      },
    };
  } catch (err) {
    if (err instanceof SettingError) return { ok: false, message: err.message, setting: `deepseek.${err.setting}` };
    throw err;
  }
}
