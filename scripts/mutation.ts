// `npm run test:mutation [filter…]`: StrykerJS over what the unit layer covers, one run per group
// (each file of src/deepseek, src/shared, each feature's host common folder), then the score per
// folder. Per group because the TypeScript checker is the slow part on 2 cores: checking a mutant
// re-checks every file in the program that imports the mutated one, so each run's program holds
// only its own group (and what that imports). Each group keeps its incremental file in reports/, so a
// second run only tests mutants whose code or covering tests changed. Filters pick groups whose
// name contains one of them (`npm run test:mutation -- stream.ts shared`). docs/testing.md explains.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');
const REPORTS = path.join(REPO, 'reports');
/** Each group's tsconfig and Stryker configuration; not under reports/, which Stryker leaves out of its sandbox. */
const TMP = path.join(REPO, '.mutation');

interface Group {
  /** What the run mutates (globs relative to the repository). */
  mutate: string[];
  /** File-system-safe name of the group's reports. */
  name: string;
}

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
interface Mutant {
  status: Status;
  mutatorName?: string;
  replacement?: string;
  location?: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source?: string; mutants: Mutant[] }>;
}

/** The groups, in the order they run: the client first (its target is the highest). */
export function groups(): Group[] {
  const ts = (dir: string) =>
    fs
      .readdirSync(path.join(REPO, dir))
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => `${dir}/${f}`);
  const deepseek = ts('src/deepseek').map((file) => ({ mutate: [file], name: safe(file) }));
  const features = fs
    .readdirSync(path.join(REPO, 'src/host'))
    .filter((d) => fs.existsSync(path.join(REPO, 'src/host', d, 'common')))
    .sort()
    .map((d) => ({ mutate: [`src/host/${d}/common/**/*.ts`], name: safe(`src/host/${d}/common`) }));
  return [...deepseek, { mutate: ['src/shared/**/*.ts'], name: 'src_shared' }, ...features];
}

function safe(p: string): string {
  return p.replace(/[^A-Za-z0-9]+/g, '_');
}

/** Stryker's configuration for one group: the project's, narrowed to the group. */
function writeConfig(group: Group): string {
  const base = JSON.parse(fs.readFileSync(path.join(REPO, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
  const tsconfig = path.join(TMP, `tsconfig.${group.name}.json`);
  const files = group.mutate.some((m) => m.includes('*')) ? undefined : group.mutate;
  // `include` is given even with `files`: an extended tsconfig's `include` would otherwise apply.
  const include = files ? [] : group.mutate.map((m) => path.relative(TMP, path.join(REPO, m)));
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({ extends: path.relative(TMP, path.join(REPO, 'tsconfig.mutation.json')), include, ...(files ? { files: files.map((f) => path.relative(TMP, path.join(REPO, f))) } : {}) }, null, 2),
  );
  const config = {
    ...base,
    $schema: undefined,
    mutate: group.mutate,
    tsconfigFile: path.relative(REPO, tsconfig),
    incrementalFile: `reports/incremental/${group.name}.json`,
    reporters: ['clear-text', 'progress-append-only', 'json'],
    jsonReporter: { fileName: `reports/mutation/${group.name}.json` },
  };
  const file = path.join(TMP, `stryker.${group.name}.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function run(group: Group): boolean {
  const config = writeConfig(group);
  process.stderr.write(`\n=== ${group.mutate.join(' ')} (${new Date().toISOString()})\n`);
  const r = spawnSync('npx', ['stryker', 'run', path.relative(REPO, config)], { cwd: REPO, stdio: 'inherit' });
  return r.status === 0;
}

/** The folder a mutated file's score is counted under. */
export function folderOf(file: string): string {
  const host = /^(src\/host\/[^/]+\/common)\//.exec(file);
  if (host) return host[1]!;
  return path.posix.dirname(file);
}

export interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  invalid: number;
}

/** Stryker's mutation score: detected / (detected + undetected); mutants that do not compile or run are left out. */
export function score(t: Tally): number {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  return valid === 0 ? NaN : ((t.killed + t.timeout) / valid) * 100;
}

export function tally(reports: Report[]): Map<string, Tally> {
  const byFolder = new Map<string, Tally>();
  for (const report of reports) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const key = folderOf(file.replace(/\\/g, '/').replace(/^.*?(src\/)/, '$1'));
      const t = byFolder.get(key) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0 };
      for (const m of mutants) {
        if (m.status === 'Killed') t.killed++;
        else if (m.status === 'Timeout') t.timeout++;
        else if (m.status === 'Survived') t.survived++;
        else if (m.status === 'NoCoverage') t.noCoverage++;
        else if (m.status === 'CompileError' || m.status === 'RuntimeError') t.invalid++;
      }
      byFolder.set(key, t);
    }
  }
  return byFolder;
}

export function summaryTable(byFolder: Map<string, Tally>): string {
  const rows = [...byFolder.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0 };
  for (const [, t] of rows) for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
  const line = (name: string, t: Tally) =>
    `| ${name} | ${score(t).toFixed(2)} % | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.invalid} |`;
  return [
    '| folder | mutation score | killed | timed out | survived | no coverage | did not compile (not counted) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(([name, t]) => line(name, t)),
    line('**all of it**', total),
  ].join('\n');
}

/** The mutants no test detected, one per entry: where, which mutator, the line and what it became. */
export function survivors(report: Report): string[] {
  const out: string[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = (source ?? '').split('\n');
    for (const m of mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { line, column } = m.location?.start ?? { line: 0, column: 0 };
      const code = (lines[line - 1] ?? '').trim().slice(0, 140);
      const into = String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 160);
      out.push(`${file}:${line}:${column} [${m.status}] ${m.mutatorName ?? '?'}: ${code}\n    => ${into}`);
    }
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const listOnly = args.includes('--survivors');
  const filters = args.filter((a) => a !== '--survivors');
  const matches = (g: Group) => filters.length === 0 || filters.some((f) => g.mutate.some((m) => m.includes(f)));
  if (listOnly) {
    // From the latest reports, without running Stryker: what to write tests for next.
    for (const g of groups().filter(matches)) {
      const file = path.join(REPORTS, 'mutation', `${g.name}.json`);
      if (fs.existsSync(file)) for (const s of survivors(JSON.parse(fs.readFileSync(file, 'utf8')) as Report)) process.stdout.write(`${s}\n`);
    }
    return;
  }
  fs.mkdirSync(TMP, { recursive: true });
  const chosen = groups().filter(matches);
  if (chosen.length === 0) throw new Error(`no group matches ${filters.join(', ')}`);
  const failed = chosen.filter((g) => !run(g)).map((g) => g.name);
  // Every group's latest report, this run's or an earlier one's: the score is over all of them.
  const reports = groups()
    .map((g) => path.join(REPORTS, 'mutation', `${g.name}.json`))
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Report);
  const table = summaryTable(tally(reports));
  fs.writeFileSync(path.join(REPORTS, 'mutation', 'summary.md'), `${table}\n`);
  process.stdout.write(`\nMutation score per folder (reports/mutation/summary.md):\n\n${table}\n`);
  if (failed.length) {
    process.stderr.write(`Stryker failed for: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
