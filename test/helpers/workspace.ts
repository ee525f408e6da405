import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditDirectory, type AuditResult } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { applyFileEdits, selectFixes } from '../../engine/fixes';
import { RULES } from '../../rules';
import { lineColumn } from '../../engine/report/positions';
import type { Finding, GitInfo, Rule } from '../../engine/types';

export function tmpDir(prefix = 'readiness-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `files` (relative path → content) into a fresh temp folder. */
export function writeWorkspace(files: Record<string, string>): string {
  const dir = tmpDir();
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export function copyDir(from: string, to: string, skip: (rel: string) => boolean = () => false, rel = ''): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(path.join(from, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (skip(r)) continue;
    if (e.isDirectory()) copyDir(from, to, skip, r);
    else {
      fs.mkdirSync(path.dirname(path.join(to, r)), { recursive: true });
      fs.copyFileSync(path.join(from, r), path.join(to, r));
    }
  }
}

export function fakeGit(tracked: string[]): GitInfo {
  const set = new Set(tracked);
  return { isTracked: (p) => set.has(p) };
}

export function ruleById(id: string): Rule {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

export function audit(dir: string, opts: { only?: string[]; git?: GitInfo | null } = {}): AuditResult {
  return auditDirectory(dir, { config: defaultConfig(), only: opts.only, git: opts.git ?? null });
}

/** Applies the safe fixes of `findings` to the files on disk; returns the files changed. */
export function applyFixesOnDisk(dir: string, findings: readonly Finding[]): string[] {
  const { edits } = selectFixes(findings);
  const out = applyFileEdits(edits, (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined));
  const changed: string[] = [];
  for (const [file, text] of out) {
    const abs = path.join(dir, file);
    const before = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
    if (before === text) continue;
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    changed.push(file);
  }
  return changed.sort();
}

export function position(result: AuditResult, f: Finding): { line: number; column: number } {
  const src = result.workspace.get(f.file);
  if (src) {
    const p = src.lines.positionAt(f.range.start);
    return { line: p.line + 1, column: p.character + 1 };
  }
  // Files that are not parsed config (source code) are read through the workspace.
  const p = lineColumn(result.workspace, f.file, f.range);
  return { line: p.line, column: p.column };
}
