// A model may name any tool in its answer; only the tools VS Code offered in this request may be
// called. A call naming another one (a hallucination, or text planted to reach a tool the user did
// not enable for this request) is dropped. Pure.

export function isOfferedTool(name: string, offered: ReadonlySet<string>): boolean {
  return name !== '' && offered.has(name);
}
