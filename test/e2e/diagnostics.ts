// What a red end-to-end run prints so CI says why: the notifications on screen, the screenshot, and
// the last lines of code-server's log and of the extension host's logs in the test profile.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT, safeTail } from '../runners/codeServer';
import { visibleNotifications } from './workbench';

/** The newest `logs/<time>/exthost*` folder of a code-server profile. */
function newestExtHostDir(userDataDir: string): string | undefined {
  const logs = path.join(userDataDir, 'logs');
  let sessions: string[];
  try {
    sessions = fs.readdirSync(logs).sort().reverse();
  } catch {
    return undefined;
  }
  for (const s of sessions) {
    const dirs = fs.readdirSync(path.join(logs, s)).filter((d) => d.startsWith('exthost')).sort().reverse();
    if (dirs[0]) return path.join(logs, s, dirs[0]);
  }
  return undefined;
}

function tail(file: string, lines: number): string {
  return `--- ${path.relative(REPO_ROOT, file).startsWith('..') ? file : path.relative(REPO_ROOT, file)} (last ${lines} lines)\n${safeTail(file, lines)}`;
}

export async function failureReport(opts: { page?: Page; screenshot?: string; codeServerLog: string; userDataDir?: string }): Promise<string> {
  const parts: string[] = [];
  if (opts.screenshot) parts.push(`screenshot: ${path.relative(REPO_ROOT, opts.screenshot)}`);
  if (opts.page) {
    const notes = await visibleNotifications(opts.page);
    parts.push(`notifications and dialogs on screen: ${notes.length ? notes.map((n) => `"${n}"`).join('; ') : 'none'}`);
  }
  parts.push(tail(opts.codeServerLog, 15));
  const ext = opts.userDataDir ? newestExtHostDir(opts.userDataDir) : undefined;
  if (ext) {
    parts.push(tail(path.join(ext, 'remoteexthost.log'), 15));
    const ours = path.join(ext, 'deepseek-assistant.deepseek-assistant', 'DeepSeek.log');
    if (fs.existsSync(ours)) parts.push(tail(ours, 10));
  } else {
    parts.push('(no extension host log yet)');
  }
  return parts.join('\n');
}
