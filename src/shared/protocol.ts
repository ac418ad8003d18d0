// The one message protocol between the extension host and the webview panel.
// Imported by both sides (src/host and src/webview); it must stay free of `vscode` and DOM imports.

import type { ErrorKind, FinishReason, Usage } from '../deepseek/types';
import type { Money } from './money';
import type { UsageTotals } from './usageTotals';

export type TurnStatus =
  | 'streaming' // an answer is arriving
  | 'done' // finished normally
  | 'stopped' // the user stopped it; partial text kept
  | 'error' // failed; partial text (if any) kept
  | 'interrupted'; // the window closed or reloaded while streaming; partial text kept

/** Buttons the webview can show under an error; each maps to a host action. */
export type ErrorAction = 'retry' | 'continue' | 'setApiKey' | 'openSettings';

export interface TurnError {
  /** `config`: bad settings; `too_large`: the answer passed the size cap and was stopped. */
  kind: ErrorKind | 'config' | 'too_large';
  message: string;
  status?: number;
  requestId?: string;
  actions: ErrorAction[];
  /** The server does not serve the model: the models it lists, each a one-click switch and retry. */
  models?: string[];
}

/** A file or selection sent with a question (saved with the turn; its text is in `TurnView.context`). */
export interface AttachmentInfo {
  kind: 'file' | 'selection';
  label: string;
  path: string;
  uri: string;
  tokens: number;
  lines?: { start: number; end: number };
}

/** Image types the panel takes (what DeepSeek's vision models read). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** An image sent with a question (pasted, dropped or attached in the panel); saved with the turn. */
export interface ImageAttachment {
  name: string;
  type: ImageType;
  /** `data:<type>;base64,…`: sent as an `image_url` content part. */
  dataUrl: string;
  /** Size of the image data in bytes. */
  bytes: number;
  /** Set when the panel made the image smaller to fit the size limit: the original size in bytes. */
  downscaledFrom?: number;
}

/** Whether the model in use takes images, and the limits per question (settings). */
export interface ImageInput {
  vision: boolean;
  maxBytes: number;
  maxCount: number;
}

/** A pending attachment shown as a chip above the input. */
export interface ContextChip {
  id: string;
  kind: 'file' | 'selection';
  label: string;
  /** Full path, shown as the tooltip. */
  title: string;
  tokens: number;
  /** Set when the file cannot be attached (binary, too large): the chip says why; the turn gets a note. */
  refused?: string;
}

/** One question and its answer, as the panel shows it. */
export interface TurnView {
  id: string;
  /** What the user asked, as markdown (Explain Selection puts the code in a fenced block). */
  question: string;
  answer: string;
  reasoning: string;
  status: TurnStatus;
  /** Model id the answer came from. */
  model?: string;
  finishReason?: FinishReason;
  usage?: Usage;
  /** What the answer cost, from `usage` and the price table (absent when the model has no price). */
  cost?: Money;
  error?: TurnError;
  /** Epoch ms when the question was sent; reasoning elapsed time is shown from it. */
  startedAt: number;
  /** Epoch ms when reasoning ended (first content), for "Thought for 12 s". */
  reasoningEndedAt?: number;
  /** Epoch ms when the answer ended. */
  endedAt?: number;
  /** Visible note, e.g. "Selection cut to 400 lines". */
  note?: string;
  /** Live "Retrying in 2 s (429 rate limit)" line while waiting to retry. */
  retryNote?: string;
  /** Whether a Continue action is offered (a cut-off, stopped or interrupted last answer). */
  canContinue?: boolean;
  /** Seq of the last delta whose text this snapshot includes (0 if none); later deltas continue from it. */
  seq?: number;
  /** Files and selections sent with the question. */
  attachments?: AttachmentInfo[];
  /** Their text as sent to the model before the question (kept so later turns send it again). */
  context?: string;
  /** Images sent with the question. */
  images?: ImageAttachment[];
}

export interface PanelState {
  /** Title of the open conversation (shown in the panel header). */
  title: string;
  turns: TurnView[];
  /** Whether a key is stored for the base URL's server. */
  hasApiKey: boolean;
  /** No key is stored and the server is not on this machine: the webview shows a "Set API Key" hint. */
  keyNeeded: boolean;
  model: string;
  /** Tokens and cost of every answer since VS Code started (all conversations). */
  session?: UsageTotals;
  /** Whether the model takes images, and the limits (absent: no images). */
  imageInput?: ImageInput;
  /** Typed in the input but not sent: it follows the chat between the side bar and the tab. */
  draft?: string;
}

// ---- host → webview ----

export type HostMessage =
  /** Full state: on first load, on show after being hidden, on New Chat. */
  | { type: 'sync'; state: PanelState }
  /** A new turn begins (status 'streaming', empty answer). */
  /** `title`: the conversation's title (the first question names a new chat). */
  | { type: 'turnStart'; turn: TurnView; title?: string }
  /**
   * Coalesced text for one turn, posted at most once a frame. `seq` counts deltas per turn from 1;
   * a webview that sees a gap asks for a resync.
   */
  | { type: 'delta'; turn: string; seq: number; content?: string; reasoning?: string }
  /** Retry progress or other transient info for a streaming turn. */
  | { type: 'turnInfo'; turn: string; retryNote?: string }
  /** The turn ended; carries the final fields. `seq` is the last delta's seq (0 if none). */
  | {
      type: 'turnEnd';
      turn: string;
      seq: number;
      status: Exclude<TurnStatus, 'streaming'>;
      finishReason?: FinishReason;
      usage?: Usage;
      cost?: Money;
      error?: TurnError;
      reasoningEndedAt?: number;
      endedAt: number;
      canContinue?: boolean;
      /** Session totals including this answer. */
      session?: UsageTotals;
    }
  /** Key stored/cleared, model changed. */
  | { type: 'settings'; hasApiKey: boolean; keyNeeded: boolean; model: string; imageInput?: ImageInput }
  /** Put text into the input box (Ask DeepSeek from the palette with no argument focuses it). */
  | { type: 'focusInput'; text?: string }
  /**
   * The attachments that go with the next question (chips above the input), the active editor offered
   * as a one-click suggestion (never attached unasked), and the budget for the estimate.
   */
  | { type: 'context'; chips: ContextChip[]; suggestion?: { label: string; title: string }; budgetTokens: number }
  /** Answer to `pickFile`: whether a file was attached (the webview then removes the typed `@`). */
  | { type: 'pickFileDone'; picked: boolean };

// ---- webview → host ----

/** Host commands the panel's buttons run. */
export type PanelCommand = 'setApiKey' | 'openSettings' | 'newChat' | 'history' | 'selectModel';
const PANEL_COMMANDS: readonly string[] = ['setApiKey', 'openSettings', 'newChat', 'history', 'selectModel'] satisfies PanelCommand[];

export type WebviewMessage =
  | { type: 'ready' }
  /** `replaceTurn`: edit-and-resend — the last turn is replaced by this question. */
  | { type: 'ask'; text: string; replaceTurn?: string; images?: ImageAttachment[] }
  | { type: 'stop' }
  | { type: 'retry'; turn: string }
  /** Resume a cut-off, stopped or interrupted answer; the continuation is appended to the same turn. */
  | { type: 'continue'; turn: string }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string }
  | { type: 'openLink'; href: string }
  | { type: 'command'; command: PanelCommand }
  /** The webview saw a seq gap or lost state: send a full `sync`. */
  | { type: 'resync' }
  /** `@` typed in the input: open the workspace file picker. */
  | { type: 'pickFile' }
  /** A chip's remove button. */
  | { type: 'removeContext'; id: string }
  /** The active-editor suggestion was clicked. */
  | { type: 'attachActive' }
  /** Apply on a code block of a turn whose question had a selection or one file: review it as a diff. */
  | { type: 'apply'; turn: string; text: string }
  /** A model offered under a "model does not exist" error: use it from now on and ask the turn again. */
  | { type: 'switchModel'; turn: string; model: string }
  /** The input's text changed (typed, cleared by sending): kept by the host for the other surface. */
  | { type: 'draft'; text: string };

/** Webview-side persisted state (vscode.setState), restored by the panel serializer after reload. */
export interface WebviewPersistedState {
  version: 1;
  state: PanelState;
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; [k: string]: unknown };
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'resync':
    case 'pickFile':
    case 'attachActive':
      return true;
    case 'removeContext':
      return typeof m.id === 'string';
    case 'ask':
      return (
        typeof m.text === 'string' &&
        (m.replaceTurn === undefined || typeof m.replaceTurn === 'string') &&
        (m.images === undefined || (Array.isArray(m.images) && m.images.every(isImageAttachment)))
      );
    case 'copy':
    case 'insert':
    case 'draft':
      return typeof m.text === 'string';
    case 'apply':
      return typeof m.text === 'string' && typeof m.turn === 'string';
    case 'switchModel':
      return typeof m.turn === 'string' && typeof m.model === 'string' && m.model.trim() !== '';
    case 'retry':
    case 'continue':
      return typeof m.turn === 'string';
    case 'openLink':
      return typeof m.href === 'string';
    case 'command':
      return typeof m.command === 'string' && PANEL_COMMANDS.includes(m.command);
    default:
      return false;
  }
}

/** The one selection or file an answer's code can be applied to (Apply on its code blocks), if any. */
export function applyTarget(turn: Pick<TurnView, 'attachments'>): AttachmentInfo | undefined {
  const list = turn.attachments ?? [];
  const selections = list.filter((a) => a.kind === 'selection');
  if (selections.length === 1) return selections[0];
  return list.length === 1 ? list[0] : undefined;
}

/** An image as the webview may send it: a known type whose data URL says the same type, base64 only. */
export function isImageAttachment(value: unknown): value is ImageAttachment {
  if (typeof value !== 'object' || value === null) return false;
  const i = value as Partial<Record<keyof ImageAttachment, unknown>>;
  if (typeof i.name !== 'string' || typeof i.type !== 'string' || typeof i.dataUrl !== 'string' || typeof i.bytes !== 'number') return false;
  if (!(IMAGE_TYPES as readonly string[]).includes(i.type)) return false;
  return i.dataUrl.startsWith(`data:${i.type};base64,`) && /^[A-Za-z0-9+/]*={0,2}$/.test(i.dataUrl.slice(i.type.length + 13));
}
