// The arguments of the internal command that reviews code against a turn's selection or file
// (`Commands.reviewCode`). Any extension can run a command, so they are checked before use. Pure
// (no vscode import).

import type { AttachmentInfo, TurnView } from '../../../shared/protocol';

/** What the review reads of a turn: the files and selections its question had. */
export type ReviewTurn = Pick<TurnView, 'attachments'>;

/**
 * A turn the review can read: an object whose `attachments`, when present, are well-formed (kind,
 * path and URI as strings, selection lines as 1-based whole numbers).
 */
export function isReviewTurn(value: unknown): value is ReviewTurn {
  if (typeof value !== 'object' || value === null) return false;
  const attachments = (value as { attachments?: unknown }).attachments;
  return attachments === undefined || (Array.isArray(attachments) && attachments.every(isAttachment));
}

function isAttachment(value: unknown): value is AttachmentInfo {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Partial<Record<keyof AttachmentInfo, unknown>>;
  return (a.kind === 'file' || a.kind === 'selection') && typeof a.path === 'string' && typeof a.uri === 'string' && (a.lines === undefined || isLines(a.lines));
}

function isLines(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { start, end } = value as { start?: unknown; end?: unknown };
  return isLineNumber(start) && isLineNumber(end);
}

function isLineNumber(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1;
}
