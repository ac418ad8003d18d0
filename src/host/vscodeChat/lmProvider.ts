// DeepSeek as a model in VS Code's own Chat (Ask, Plan, Agent): a LanguageModelChatProvider on the
// same client, key, settings and request log as the panel. Text streams as text parts, reasoning as
// thinking parts (where VS Code has them), tool calls come whole and validated, errors in the
// panel's words.

import * as vscode from 'vscode';
import { DeepSeekError, streamChat } from '../../deepseek';
import type { ChatRequest, ClientConfig, StreamEvent, ToolDefinition } from '../../deepseek/types';
import type { Readiness } from '../core/common/preflight';
import type { Settings } from '../core/common/settings';
import { toTurnError } from '../core/common/turnError';
import type { ModelSource } from '../core/ports';
import type { HostServices } from '../core/services';
import { toDeepSeekMessages, type NeutralMessage, type NeutralPart } from './common/lmMessages';
import { estimateTokens, specFor, type LmModelSpec } from './common/lmModels';
import { TextBatcher } from './common/textBatcher';
import type { ReasoningFile } from './common/reasoningFile';

export const VENDOR = 'deepseek';

/** How long text is gathered before it is reported (fewer, larger updates keep the Chat view responsive). */
const FLUSH_MS = 30;

/** The proposed `LanguageModelThinkingPart` (VS Code ≥ 1.10x at run time, not in @types/vscode). */
type ThinkingPartCtor = new (value: string | string[], id?: string, metadata?: { readonly [key: string]: unknown }) => { value: string | string[] };

function thinkingPartClass(): ThinkingPartCtor | undefined {
  const ctor = (vscode as unknown as { LanguageModelThinkingPart?: unknown }).LanguageModelThinkingPart;
  return typeof ctor === 'function' ? (ctor as ThinkingPartCtor) : undefined;
}

/** The proposed `LanguageModelDataPart` (text/JSON tool results arrive as these in newer VS Code). */
interface DataPartLike {
  mimeType: string;
  data: Uint8Array;
}

/** What the provider takes of the host services. */
export type LmProviderServices = Pick<HostServices, 'readyToAsk' | 'offerToSetKey'>;

type Info = vscode.LanguageModelChatInformation & { spec: LmModelSpec };

export class DeepSeekChatProvider implements vscode.LanguageModelChatProvider<Info> {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;
  constructor(
    private readonly services: LmProviderServices,
    private readonly catalog: ModelSource,
    /** Reasoning by tool-call id, kept on disk, for when VS Code does not send thinking parts back. */
    private readonly reasoning: ReasoningFile,
    /** Resolves when the saved reasoning has been read (a request after a reload needs it). */
    private readonly loaded: Promise<void>,
  ) {
    this.onDidChangeLanguageModelChatInformation = catalog.onDidChange;
  }

  async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions): Promise<Info[]> {
    if (!options.silent) {
      // The picker asked interactively and no key is stored: offer "Set API Key".
      const readiness = await this.services.readyToAsk();
      if (!readiness.ok && readiness.problem === 'key') this.services.offerToSetKey();
    }
    const models = await this.catalog.models();
    return models.map((m) => {
      const spec = specFor(m);
      return {
        id: spec.id,
        name: spec.name,
        family: spec.family,
        version: spec.id,
        detail: 'DeepSeek',
        tooltip: vscode.l10n.t('{0} via DeepSeek Assistant ({1} tokens context)', spec.id, spec.contextTokens.toLocaleString('en')),
        maxInputTokens: spec.maxInputTokens,
        maxOutputTokens: spec.maxOutputTokens,
        capabilities: { toolCalling: spec.toolCalling, imageInput: spec.vision },
        spec,
      };
    });
  }

  async provideLanguageModelChatResponse(
    model: Info,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const ready = await this.ready();
    await this.loaded;
    const request = this.requestFor(model, messages, options, ready.settings);
    await this.stream(ready.config, request, progress, token);
  }

  /** Settings valid and a key (or a local server), else the error VS Code shows for this request. */
  private async ready(): Promise<Extract<Readiness, { ok: true }>> {
    const readiness = await this.services.readyToAsk();
    if (readiness.ok) return readiness;
    if (readiness.problem === 'key') throw vscode.LanguageModelError.NoPermissions(readiness.message);
    throw new vscode.LanguageModelError(readiness.message);
  }

  /** VS Code's messages, tools and tool mode as DeepSeek's request for `model`. */
  private requestFor(
    model: Info,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    settings: Settings,
  ): ChatRequest {
    const spec = model.spec ?? specFor({ id: model.id });
    const request: ChatRequest = {
      model: model.id,
      messages: toDeepSeekMessages(messages.map(neutral), spec, { reasoningForCall: (id) => this.reasoning.get(id) }),
      ...(settings.maxTokens !== undefined ? { max_tokens: Math.min(settings.maxTokens, spec.maxOutputTokens) } : {}),
      ...(settings.temperature !== undefined && !spec.thinking ? { temperature: settings.temperature } : {}),
    };
    const tools = (options.tools ?? []).map(toolDefinition);
    if (tools.length > 0 && spec.toolCalling) {
      request.tools = tools;
      if (options.toolMode === vscode.LanguageModelChatToolMode.Required) {
        request.tool_choice = tools.length === 1 ? { type: 'function', function: { name: tools[0]!.function.name } } : 'required';
      }
    }
    return request;
  }

  /** Sends the request and reports the answer's parts until it ends or VS Code cancels it. */
  private async stream(
    config: ClientConfig,
    request: ChatRequest,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    const answer = new AnswerParts(progress, (callId, reasoning) => this.reasoning.remember(callId, reasoning));
    try {
      for await (const event of streamChat(config, request, { signal: abort.signal })) answer.add(event);
      answer.flush();
    } catch (err) {
      answer.flush();
      if (token.isCancellationRequested || (err instanceof DeepSeekError && err.kind === 'aborted')) return;
      throw toLanguageModelError(err);
    } finally {
      answer.dispose();
      onCancel.dispose();
    }
  }

  async provideTokenCount(_model: Info, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    if (typeof text === 'string') return estimateTokens(text);
    let n = 0;
    for (const p of neutral(text).parts) {
      if (p.kind === 'toolCall') n += estimateTokens(p.name) + estimateTokens(JSON.stringify(p.input));
      else if (p.kind === 'image') n += IMAGE_TOKENS;
      else n += estimateTokens(p.text);
    }
    return n;
  }
}

/**
 * One answer as VS Code's response parts: text and thinking in batches, each tool call whole (its
 * reasoning remembered for the follow-up request), a tool call that cannot be used said in words.
 */
class AnswerParts {
  private readonly Thinking = thinkingPartClass();
  private readonly out: TextBatcher<'text' | 'thinking'>;
  private reasoning = '';

  constructor(
    private readonly progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    private readonly remember: (callId: string, reasoning: string) => void,
  ) {
    const Thinking = this.Thinking;
    this.out = new TextBatcher<'text' | 'thinking'>(
      (kind, text) =>
        progress.report(kind === 'thinking' && Thinking ? (new Thinking(text) as unknown as vscode.LanguageModelResponsePart) : new vscode.LanguageModelTextPart(text)),
      FLUSH_MS,
    );
  }

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'content':
        this.out.add('text', event.text);
        break;
      case 'reasoning':
        this.reasoning += event.text;
        // Without thinking parts, reasoning is not shown: it is not part of the answer.
        if (this.Thinking) this.out.add('thinking', event.text);
        break;
      case 'toolCall': {
        const call = event.call;
        if (call.input === undefined) {
          // Never call a tool with garbage: say what happened instead.
          this.out.add('text', `\n\n${vscode.l10n.t('DeepSeek asked to call a tool but its request could not be used: {0}', call.error ?? '')}\n`);
          break;
        }
        if (this.reasoning !== '') this.remember(call.id, this.reasoning);
        this.out.flush();
        this.progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, call.input));
        break;
      }
      case 'usage':
      case 'finish':
        break;
    }
  }

  flush(): void {
    this.out.flush();
  }

  dispose(): void {
    this.out.dispose();
  }
}

/** The panel's words for the same failure, as a LanguageModelError (401 → NoPermissions). */
export function toLanguageModelError(err: unknown): vscode.LanguageModelError {
  const view = toTurnError(err);
  const e = view.kind === 'auth' ? vscode.LanguageModelError.NoPermissions(view.message) : new vscode.LanguageModelError(view.message);
  (e as { cause?: unknown }).cause = err;
  return e;
}

function toolDefinition(tool: vscode.LanguageModelChatTool): ToolDefinition {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      // DeepSeek wants an object schema even for tools without parameters.
      parameters: tool.inputSchema && Object.keys(tool.inputSchema).length > 0 ? tool.inputSchema : { type: 'object', properties: {} },
    },
  };
}

/** VS Code's message (classes, some only at run time) → the neutral shape lmMessages.ts converts. */
function neutral(m: vscode.LanguageModelChatRequestMessage): NeutralMessage {
  // Role 3 is the proposed System role.
  const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : (m.role as number) === 3 ? 'system' : 'user';
  const Thinking = thinkingPartClass();
  const parts: NeutralPart[] = [];
  for (const p of m.content) {
    if (p instanceof vscode.LanguageModelTextPart) parts.push({ kind: 'text', text: p.value });
    else if (p instanceof vscode.LanguageModelToolCallPart) parts.push({ kind: 'toolCall', callId: p.callId, name: p.name, input: p.input });
    else if (p instanceof vscode.LanguageModelToolResultPart) parts.push({ kind: 'toolResult', callId: p.callId, text: resultText(p.content) });
    else if (Thinking && p instanceof Thinking) parts.push({ kind: 'thinking', text: joinValue(p.value) });
    else if (isDataPart(p)) {
      const text = dataText(p);
      if (text !== undefined) parts.push({ kind: 'text', text });
      else if (IMAGE_MIME.test(p.mimeType)) parts.push({ kind: 'image', mimeType: p.mimeType.toLowerCase(), base64: Buffer.from(p.data).toString('base64') });
    }
  }
  return { role, parts };
}

function joinValue(v: string | string[]): string {
  return Array.isArray(v) ? v.join('') : v;
}

function resultText(content: readonly unknown[]): string {
  return content
    .map((c) => {
      if (c instanceof vscode.LanguageModelTextPart) return c.value;
      if (c instanceof vscode.LanguageModelPromptTsxPart) return JSON.stringify(c.value);
      if (isDataPart(c)) return dataText(c) ?? vscode.l10n.t('[{0} data omitted]', c.mimeType);
      return '';
    })
    .join('');
}

function isDataPart(p: unknown): p is DataPartLike {
  return !!p && typeof p === 'object' && typeof (p as DataPartLike).mimeType === 'string' && (p as DataPartLike).data instanceof Uint8Array;
}

/** A rough count for one image (its real cost is in the usage): enough that VS Code leaves room for it. */
const IMAGE_TOKENS = 1_000;

/** Images a vision model reads (the types the panel takes too). */
const IMAGE_MIME = /^image\/(png|jpeg|gif|webp)$/i;

/** Text and JSON data parts as text; images are image parts (see neutral()); other binary data is not sent. */
function dataText(p: DataPartLike): string | undefined {
  if (/^(text\/|application\/(json|xml))/i.test(p.mimeType)) return new TextDecoder().decode(p.data);
  return undefined;
}
