// README screenshots: steps record (docs/ name → file); `--docs-screenshot` copies them into docs/.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function copyIntoDocs(shots: Record<string, string | undefined>, repoRoot: string): string[] {
  const copied: string[] = [];
  for (const [name, file] of Object.entries(shots)) {
    if (!file || !fs.existsSync(file)) continue;
    fs.mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
    fs.copyFileSync(file, path.join(repoRoot, 'docs', name));
    copied.push(`docs/${name}`);
  }
  return copied;
}
