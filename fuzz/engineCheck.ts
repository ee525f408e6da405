// One fuzz input through the engine: parse, every rule, every fix applied alone and re-checked.
// Anything that escapes, any rule failure or internal notice, any range outside its file is a crash.
import { defaultConfig } from '../engine/config';
import { applyEdits } from '../engine/fixes';
import { runRules } from '../engine/runner';
import { LineIndex } from '../engine/text/lineIndex';
import { MemoryWorkspace } from '../engine/workspace';
import { RULES } from '../rules';
import type { Finding, Rule, WorkspaceFs } from '../engine/types';
import type { FuzzInput } from './inputs';

/** Neighbours many rules look at: a template, code reading variables, a Dockerfile. */
const NEIGHBOURS: Record<string, string> = {
  '.env.example': 'DATABASE_URL=\nSECRET_KEY=\n',
  'app.py': 'import os\nDB = os.environ["DATABASE_URL"]\nKEY = os.getenv("SECRET_KEY", "dev")\n',
  'src/index.js': 'const port = process.env.PORT || 3000;\nconst token = process.env.API_TOKEN;\n',
  Dockerfile: 'FROM node:20-alpine\nEXPOSE 3000\nCMD ["node", "src/index.js"]\n',
  'package.json': '{ "name": "app", "scripts": { "start": "node src/index.js" } }\n',
};

export interface Problem {
  kind: 'crash' | 'hang';
  detail: string;
}

function audit(files: Record<string, string>, main: { path: string; kind: FuzzInput['kind']; text: string }, rules: readonly Rule[]) {
  const fs: WorkspaceFs = {
    exists: (p) => p in files,
    isDirectory: (p) => Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    readText: (p) => files[p],
    listFiles: () => Object.keys(files),
  };
  const ws = new MemoryWorkspace('/fuzz', fs, undefined);
  ws.setText(main.path, main.kind, main.text);
  if (main.path !== '.env.example') ws.setText('.env.example', 'dotenv', files['.env.example']);
  const log: string[] = [];
  // No wall-clock rule budget: on a shared machine it measures the other processes too. Slowness
  // is the input's CPU time, which the caller limits (main.ts, worker.ts).
  const result = runRules(ws, rules, defaultConfig(), { log: (m) => log.push(m), ruleBudgetMs: Infinity });
  return { ws, result, log };
}

function validate(findings: readonly Finding[], texts: Record<string, string>, where: string): string | undefined {
  const indexes = new Map<string, LineIndex>();
  for (const f of findings) {
    if (f.ruleId === 'readiness-internal') return `${where}: ${f.message}`;
    const text = texts[f.file];
    if (text === undefined) continue;
    if (!(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length)) return `${where}: ${f.ruleId} range ${f.range.start}..${f.range.end} outside ${f.file} (${text.length})`;
    // Editor positions (line, UTF-16 character) must exist in the document.
    let lines = indexes.get(f.file);
    if (!lines) indexes.set(f.file, (lines = new LineIndex(text)));
    for (const offset of [f.range.start, f.range.end]) {
      const p = lines.positionAt(offset);
      if (p.character > lines.lineEnd(p.line) - lines.lineStart(p.line)) return `${where}: ${f.ruleId} position ${JSON.stringify(p)} past the end of its line in ${f.file}`;
    }
    for (const r of f.related) {
      const t = texts[r.file];
      if (t !== undefined && !(r.range.start >= 0 && r.range.start <= r.range.end && r.range.end <= t.length)) return `${where}: ${f.ruleId} related range outside ${r.file}`;
    }
    for (const fix of f.fixes) {
      const byFile = new Map<string, { start: number; end: number }[]>();
      for (const e of fix.edits) {
        const t = texts[e.file] ?? '';
        if (!(e.start >= 0 && e.start <= e.end && e.end <= t.length)) return `${where}: ${f.ruleId} fix "${fix.title}" edits ${e.start}..${e.end} outside ${e.file} (${t.length})`;
        byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
      }
      for (const [file, edits] of byFile) {
        const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
        for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return `${where}: ${f.ruleId} fix "${fix.title}" has overlapping edits in ${file}`;
      }
    }
  }
  return undefined;
}

/** Checks one input; `maxFixes` bounds how many fixes are applied and re-audited; `rules` are all by default. */
export function checkInput(input: FuzzInput, maxFixes = 4, rules: readonly Rule[] = RULES): Problem | undefined {
  const files = { ...NEIGHBOURS, [input.path]: input.text };
  let first;
  try {
    first = audit(files, input, rules);
  } catch (err) {
    return { kind: 'crash', detail: `escaped: ${(err as Error).stack ?? String(err)}` };
  }
  if (first.result.failures.length) return { kind: 'crash', detail: first.log.join('\n') || JSON.stringify(first.result.failures) };
  const bad = validate(first.result.findings, files, 'audit');
  if (bad) return { kind: 'crash', detail: bad };

  let applied = 0;
  for (const f of first.result.findings) {
    for (const fix of f.fixes) {
      if (applied++ >= maxFixes) return undefined;
      const next = { ...files };
      const byFile = new Map<string, typeof fix.edits>();
      for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
      for (const [file, edits] of byFile) next[file] = applyEdits(next[file] ?? '', edits);
      try {
        const again = audit(next, { ...input, text: next[input.path] }, rules);
        if (again.result.failures.length) return { kind: 'crash', detail: `after fix "${fix.title}" of ${f.ruleId}: ${again.log.join('\n')}` };
        const badAgain = validate(again.result.findings, next, `after fix "${fix.title}" of ${f.ruleId}`);
        if (badAgain) return { kind: 'crash', detail: badAgain };
      } catch (err) {
        return { kind: 'crash', detail: `after fix "${fix.title}" of ${f.ruleId}, escaped: ${(err as Error).stack ?? String(err)}` };
      }
    }
  }
  return undefined;
}
