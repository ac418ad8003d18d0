// Every command id the extension registers or runs, in one table. The public ones are contributed in
// package.json (a unit test keeps the two equal); the internal ones are how features ask each other
// for something without importing each other (see docs/architecture.md).

/** Commands users see (palette, menus, keybindings): each is contributed in package.json. */
export const PublicCommands = {
  ask: 'deepseek.ask',
  explainSelection: 'deepseek.explainSelection',
  setApiKey: 'deepseek.setApiKey',
  clearApiKey: 'deepseek.clearApiKey',
  stop: 'deepseek.stop',
  newChat: 'deepseek.newChat',
  history: 'deepseek.history',
  editSelection: 'deepseek.editSelection',
  acceptEdit: 'deepseek.acceptEdit',
  discardEdit: 'deepseek.discardEdit',
  addFileToChat: 'deepseek.addFileToChat',
  addSelectionToChat: 'deepseek.addSelectionToChat',
  applyCodeBlock: 'deepseek.applyCodeBlock',
  writeToNewDocument: 'deepseek.writeToNewDocument',
  writeToFile: 'deepseek.writeToFile',
  stopWriting: 'deepseek.stopWriting',
  selectModel: 'deepseek.selectModel',
  showBalance: 'deepseek.showBalance',
  toggleCompletions: 'deepseek.toggleCompletions',
  snoozeCompletions: 'deepseek.snoozeCompletions',
} as const;

/** Commands that are not contributed: buttons in notifications and Chat, and one feature asking another. */
export const InternalCommands = {
  /** Resume / Continue on a long document's notification (argument: the document's URI). */
  resumeWriting: 'deepseek.resumeWriting',
  /** "Open in DeepSeek Panel" under an @deepseek answer (argument: the Chat conversation's id). */
  openChatInPanel: 'deepseek.openChatInPanel',
  /** Shows the chat (argument: preserveFocus); run by Add File / Add Selection to Chat. */
  showChat: 'deepseek.showChat',
  /** Shows a saved conversation in the chat (argument: its id). */
  openConversation: 'deepseek.openConversation',
  /** Reviews code as a diff against a turn's selection or file (arguments: the turn, the code). */
  reviewCode: 'deepseek.reviewCode',
  /** The completions item's menu (on/off, snooze, settings, log). */
  completionsMenu: 'deepseek.completionsMenu',
} as const;

export const Commands = { ...PublicCommands, ...InternalCommands } as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** VS Code's own commands the extension runs. */
export const BuiltinCommands = {
  setContext: 'setContext',
  openSettings: 'workbench.action.openSettings',
  diff: 'vscode.diff',
} as const;

/** The `when`-clause context keys the extension sets. */
export const ContextKeys = {
  /** An answer is streaming in the chat. */
  streaming: 'deepseek.streaming',
  /** The pending Edit Selection's status ('' when none). */
  editState: 'deepseek.editState',
  /** A long document is being written. */
  writing: 'deepseek.writing',
} as const;
