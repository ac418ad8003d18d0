// @deepseek in VS Code's Chat view: /explain, /fix, /tests over the editor selection or the
// referenced files, or any question. Answers come from the same client, key and settings as the
// panel, pushed as markdown in coalesced pieces (the Chat view re-renders per piece and falls far
// behind on small ones). Long answers offer "Open in DeepSeek Panel": the same conversation,
// complete, continued in the panel.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { DeepSeekError, streamChat } from '../../deepseek';
import type { ChatMessage, StreamEvent } from '../../deepseek/types';
import { chatRequestFor } from '../core/common/clientConfig';
import { BuiltinCommands, Commands } from '../core/common/commandIds';
import type { Readiness } from '../core/common/preflight';
import type { Settings } from '../core/common/settings';
import { toTurnError } from '../core/common/turnError';
import type { HostServices } from '../core/services';
import { newTurnId } from '../conversation/common/conversation';
import { newConversationId, titleFrom, type StoredConversation } from '../conversation/common/conversationStore';
import type { TurnError, TurnView } from '../../shared/protocol';
import { buildParticipantPrompt, isParticipantCommand, participantMessages, type CodeSnippet, type ParticipantCommand } from './common/participantPrompt';
import { TextBatcher } from './common/textBatcher';

export const PARTICIPANT_ID = 'deepseek.assistant';

/** Above this many characters an answer offers "Open in DeepSeek Panel". */
export const LONG_ANSWER_CHARS = 6_000;
/**
 * The Chat view cuts markdown over 100,000 characters and renders long answers slowly: past this
 * many characters the rest goes to the panel only (nothing is lost).
 */
export const CHAT_VIEW_MAX_CHARS = 60_000;
/** How long markdown is gathered before it is pushed (the Chat view re-renders per push). */
const MARKDOWN_FLUSH_MS = 200;

/** What the participant takes of the host services. */
export type ParticipantServices = Pick<HostServices, 'context' | 'readyToAsk'>;

type Ready = Extract<Readiness, { ok: true }>;
type Snippet = CodeSnippet & { fsPath: string };

interface Result extends vscode.ChatResult {
  metadata: { conversationId: string; command?: string; long?: boolean };
}

export class DeepSeekParticipant implements vscode.Disposable {
  /** Conversations of this window's Chat sessions, complete (the Chat view may show less). */
  private readonly conversations = new Map<string, StoredConversation>();
  private readonly participant: vscode.ChatParticipant;

  constructor(private readonly services: ParticipantServices) {
    this.participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (req, ctx, stream, token) => this.handle(req, ctx, stream, token));
    this.participant.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'icon.png');
    this.participant.followupProvider = { provideFollowups: (result) => followups(result as Result) };
  }

  /** The full conversation behind a Chat session, for "Open in DeepSeek Panel". */
  conversation(id: string): StoredConversation | undefined {
    const c = this.conversations.get(id);
    return c ? structuredClone(c) : undefined;
  }

  dispose(): void {
    this.participant.dispose();
  }

  private async handle(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<Result> {
    const command = isParticipantCommand(request.command) ? request.command : undefined;
    const conversation = this.conversationFor(context);
    const metadata: Result['metadata'] = { conversationId: conversation.id, ...(command ? { command } : {}) };
    const readiness = await this.services.readyToAsk();
    if (!readiness.ok) {
      showNotReady(readiness, stream);
      return { metadata };
    }
    const snippets = await this.snippets(request, command !== undefined);
    if (command && snippets.length === 0 && !request.prompt.trim()) {
      stream.markdown(vscode.l10n.t('Select some code in the editor (or attach a file with #), then ask `/{0}` again.', command));
      return { metadata };
    }
    const turn = askTurn(request, command, snippets, readiness.settings, stream);
    const messages = participantMessages(readiness.settings.systemPrompt, conversation.turns, turn.question);
    if (!conversation.title) conversation.title = titleFrom(command ? `/${command} ${snippets[0]?.fileName ?? request.prompt}` : request.prompt);
    conversation.turns.push(turn);
    const answer = await receive(turn, conversation, readiness, messages, stream, token);
    if (answer.error) return { metadata, errorDetails: { message: answer.error.message } };
    if (turn.finishReason === 'length') stream.markdown(`\n\n*${vscode.l10n.t('The answer reached the token limit and was cut off; Continue it in the DeepSeek panel.')}*`);
    if (turn.answer.length > LONG_ANSWER_CHARS || answer.handedOff || turn.finishReason === 'length') {
      metadata.long = true;
      stream.button({ command: Commands.openChatInPanel, arguments: [conversation.id], title: vscode.l10n.t('Open in DeepSeek Panel') });
    }
    return { metadata };
  }

  /** The session's conversation: found through the last answer's metadata, else a new one. */
  private conversationFor(context: vscode.ChatContext): StoredConversation {
    for (let i = context.history.length - 1; i >= 0; i--) {
      const h = context.history[i];
      if (h instanceof vscode.ChatResponseTurn && h.participant === PARTICIPANT_ID) {
        const id = (h.result.metadata as Result['metadata'] | undefined)?.conversationId;
        const known = id ? this.conversations.get(id) : undefined;
        if (known) return known;
        break;
      }
    }
    // A session from before a reload: rebuild what the Chat view still shows.
    const c: StoredConversation = { version: 1, id: newConversationId(), title: '', createdAt: Date.now(), updatedAt: Date.now(), turns: [] };
    let question: string | undefined;
    for (const h of context.history) {
      if (h instanceof vscode.ChatRequestTurn && h.participant === PARTICIPANT_ID) question = h.prompt;
      else if (h instanceof vscode.ChatResponseTurn && h.participant === PARTICIPANT_ID && question !== undefined) {
        const answer = h.response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : '')).join('');
        c.turns.push({ id: newTurnId(), question, answer, reasoning: '', status: 'done', startedAt: Date.now(), endedAt: Date.now() });
        question = undefined;
      }
    }
    this.conversations.set(c.id, c);
    return c;
  }

  /** Referenced files/ranges, else (for a command) the editor selection, else the visible part of the editor. */
  private async snippets(request: vscode.ChatRequest, wantsCode: boolean): Promise<Snippet[]> {
    const out: Snippet[] = [];
    for (const ref of request.references) {
      const v = ref.value;
      const uri = v instanceof vscode.Uri ? v : v instanceof vscode.Location ? v.uri : undefined;
      if (!uri || uri.scheme === 'vscode-chat-response-resource') continue;
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        const range = v instanceof vscode.Location ? v.range : undefined;
        out.push(snippetOf(doc, range));
      } catch {
        // a folder or a binary file: not code to send
      }
    }
    if (out.length > 0 || !wantsCode) return out;
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) return out;
    let range: vscode.Range | undefined = editor.selection.isEmpty ? undefined : editor.selection;
    // A selection made with Shift+Down ends at column 0 of the next line: that line is not selected.
    if (range && range.end.character === 0 && range.end.line > range.start.line) range = new vscode.Range(range.start, editor.document.lineAt(range.end.line - 1).range.end);
    out.push(snippetOf(editor.document, range ?? editor.visibleRanges[0]));
    return out;
  }
}

/** Settings invalid or no key: what is wrong, and the button that fixes it. */
function showNotReady(readiness: Exclude<Readiness, { ok: true }>, stream: vscode.ChatResponseStream): void {
  stream.markdown(readiness.message);
  if (readiness.problem === 'settings') {
    stream.button({ command: BuiltinCommands.openSettings, arguments: [readiness.setting], title: vscode.l10n.t('Open Settings') });
  } else {
    stream.button({ command: Commands.setApiKey, title: vscode.l10n.t('Set API Key') });
  }
}

/** The new turn: its question from the prompt and the code (the code's files and any notes are shown). */
function askTurn(request: vscode.ChatRequest, command: ParticipantCommand | undefined, snippets: Snippet[], settings: Settings, stream: vscode.ChatResponseStream): TurnView {
  const prompt = buildParticipantPrompt(command, request.prompt, snippets, settings.maxSelectionLines, (message, ...args) => vscode.l10n.t(message, ...args));
  for (const s of snippets) stream.reference(vscode.Uri.file(s.fsPath));
  for (const note of prompt.notes) stream.markdown(`*${note}*\n\n`);
  return {
    id: newTurnId(),
    question: prompt.question,
    answer: '',
    reasoning: '',
    status: 'streaming',
    startedAt: Date.now(),
    model: settings.model,
    ...(prompt.notes.length ? { note: prompt.notes.join(' ') } : {}),
  };
}

/**
 * Streams the answer into `turn` and the Chat view until it ends, is cancelled or fails (the failure
 * is shown). Returns whether the rest of the answer went to the panel only, and the failure.
 */
async function receive(
  turn: TurnView,
  conversation: StoredConversation,
  ready: Ready,
  messages: ChatMessage[],
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<{ handedOff: boolean; error?: TurnError }> {
  const abort = new AbortController();
  const onCancel = token.onCancellationRequested(() => abort.abort());
  const view = new ChatViewAnswer(turn, stream);
  try {
    const events = streamChat(ready.config, chatRequestFor(ready.settings, messages), { signal: abort.signal });
    for await (const event of events) view.add(event);
    view.flush();
    turn.status = 'done';
  } catch (err) {
    view.flush();
    if (token.isCancellationRequested || (err instanceof DeepSeekError && err.kind === 'aborted')) turn.status = 'stopped';
    else return { handedOff: view.handedOff, error: showFailure(turn, err, stream) };
  } finally {
    view.dispose();
    onCancel.dispose();
    turn.endedAt = Date.now();
    conversation.updatedAt = turn.endedAt;
  }
  return { handedOff: view.handedOff };
}

/** The request failed: the turn records it, the Chat view says it in the panel's words. */
function showFailure(turn: TurnView, err: unknown, stream: vscode.ChatResponseStream): TurnError {
  const error = toTurnError(err);
  turn.status = 'error';
  turn.error = error;
  stream.markdown(`\n\n${error.message}`);
  if (error.actions.includes('setApiKey')) stream.button({ command: Commands.setApiKey, title: vscode.l10n.t('Set API Key') });
  return error;
}

/**
 * The answer as the Chat view shows it: markdown in batches, a progress line while the model thinks,
 * and past CHAT_VIEW_MAX_CHARS only a note (the rest is received into the turn, for the panel).
 */
class ChatViewAnswer {
  handedOff = false;
  private thinkingShown = false;
  private readonly pump: TextBatcher<'markdown'>;

  constructor(
    private readonly turn: TurnView,
    private readonly stream: vscode.ChatResponseStream,
  ) {
    this.pump = new TextBatcher<'markdown'>((_, text) => stream.markdown(text), MARKDOWN_FLUSH_MS);
  }

  add(event: StreamEvent): void {
    const turn = this.turn;
    if (event.type === 'reasoning') {
      turn.reasoning += event.text;
      if (!this.thinkingShown) this.stream.progress(vscode.l10n.t('DeepSeek is thinking…'));
      this.thinkingShown = true;
    } else if (event.type === 'content') {
      if (turn.reasoning && turn.reasoningEndedAt === undefined) turn.reasoningEndedAt = Date.now();
      turn.answer += event.text;
      if (!this.handedOff) this.show(event.text);
    } else if (event.type === 'usage') turn.usage = event.usage;
    else if (event.type === 'finish') turn.finishReason = event.reason;
  }

  flush(): void {
    this.pump.flush();
  }

  dispose(): void {
    this.pump.dispose();
  }

  private show(text: string): void {
    this.pump.add('markdown', text);
    if (this.turn.answer.length <= CHAT_VIEW_MAX_CHARS) return;
    this.handedOff = true;
    this.pump.flush();
    this.stream.markdown(`\n\n---\n\n${vscode.l10n.t('This answer is long: the rest is received in the background and shown complete in the DeepSeek panel.')}\n\n`);
    this.stream.progress(vscode.l10n.t('Receiving the rest of the answer…'));
  }
}

function snippetOf(doc: vscode.TextDocument, range: vscode.Range | undefined): Snippet {
  const fileName = doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false) || path.basename(doc.fileName);
  return {
    fileName,
    languageId: doc.languageId,
    startLine: (range?.start.line ?? 0) + 1,
    text: doc.getText(range),
    fsPath: doc.uri.fsPath,
  };
}

function followups(result: Result): vscode.ChatFollowup[] {
  const cmd = result.metadata?.command;
  const all: vscode.ChatFollowup[] = [
    { prompt: '', command: 'fix', label: vscode.l10n.t('Fix problems in this code') },
    { prompt: '', command: 'tests', label: vscode.l10n.t('Write tests for this code') },
    { prompt: '', command: 'explain', label: vscode.l10n.t('Explain this code') },
  ];
  if (result.errorDetails) return [];
  return all.filter((f) => f.command !== cmd).slice(0, 2);
}
