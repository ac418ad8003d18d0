// Which URLs the panel will turn into links: absolute http, https and mailto only.
// Everything else (javascript:, data:, vscode:, file:, relative paths, anchors) stays plain text.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The URL as given if it is a safe absolute http/https/mailto URL, otherwise undefined. */
export function safeLinkUrl(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  // Require the scheme literally at the start: no control characters or entities hiding another one.
  if (!/^(?:https?:\/\/[^\s]|mailto:[^\s])/i.test(value)) return undefined;
  if (/[\u0000-\u001f\u007f\s]/.test(value)) return undefined;
  try {
    const url = new URL(value);
    return ALLOWED_PROTOCOLS.has(url.protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}
