// Text from a server, a file or a setting shown in a notification or a quick pick is data: VS Code
// turns `[label](command:…)` in a notification into a link that runs a command, and `$(name)` in a
// quick pick into an icon. `inert` breaks both patterns (and flattens control characters) while
// keeping the text readable; the untouched text goes to the log. Pure.

export function inert(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\]\s*\(/g, '] (')
    .replace(/\$\(/g, '$ (');
}
