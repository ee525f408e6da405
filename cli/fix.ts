import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory, type AuditOptions, type AuditResult } from '../engine/audit';
import { applyFileEdits, selectFixes } from '../engine/fixes';
import { findingPosition } from '../engine/report/positions';

/** One fix as printed: where, which rule, what it does (titles never hold secret values). */
export interface AppliedFix {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  title: string;
}

export interface FixRun {
  /** The audit after the last pass (for --dry-run, the audit before any change). */
  result: AuditResult;
  fixes: AppliedFix[];
  /** Files written (or that would be written), POSIX relative, sorted. */
  files: string[];
  /** Files a fix targets that Readiness refuses to write (outside the folder, through a link). */
  refused: string[];
  /** Files that changed on disk after they were audited: that pass wrote nothing. */
  changed: string[];
}

/** Fixes can unlock others (a conflict skipped in one pass applies in the next); this bounds the loop. */
const MAX_PASSES = 10;

/** The absolute path to write, or undefined when it would leave the audited folder. */
export function writeTarget(root: string, file: string): string | undefined {
  const abs = path.resolve(root, file);
  const rel = path.relative(root, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  try {
    if (fs.lstatSync(abs).isSymbolicLink()) return undefined;
  } catch {
    /* a file the fix creates */
  }
  // The nearest existing parent must resolve inside the (resolved) root, so no folder link escapes it.
  let parent = path.dirname(abs);
  while (!fs.existsSync(parent)) parent = path.dirname(parent);
  const realRoot = fs.realpathSync(root);
  const realParent = fs.realpathSync(parent);
  const inside = path.relative(realRoot, realParent);
  return inside.startsWith('..') || path.isAbsolute(inside) ? undefined : abs;
}

/**
 * The audited files among `files` whose text on disk is no longer the text the audit read: fix
 * offsets computed on the old text would land in the wrong place, so nothing is written then.
 */
export function changedSinceAudit(result: AuditResult, files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const file of files) {
    const audited = result.workspace.get(file);
    if (!audited || audited.format === 'skipped') continue;
    const abs = path.join(result.root, file);
    let disk: string | undefined;
    try {
      disk = fs.readFileSync(abs, 'utf8');
    } catch {
      disk = undefined;
    }
    if (disk !== audited.text) out.push(file);
  }
  return out.sort();
}

/**
 * Applies every safe fix, pass after pass, until none is left (or nothing changes); the files are
 * re-read and re-audited between passes. With `dryRun`, one pass is computed and nothing is written.
 */
export function fixDirectory(dir: string, opts: AuditOptions, dryRun: boolean): FixRun {
  let result = auditDirectory(dir, opts);
  const before = result;
  const fixes: AppliedFix[] = [];
  const files = new Set<string>();
  const refused = new Set<string>();
  let stale: string[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const current = result;
    const { fixes: chosen, edits } = selectFixes(current.findings);
    if (!edits.length) break;
    const read = (file: string) => {
      const abs = writeTarget(current.root, file);
      return abs && fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
    };
    const out = applyFileEdits(edits, read);
    const changed: [string, string, string][] = [];
    for (const [file, text] of out) {
      const abs = writeTarget(current.root, file);
      if (!abs) {
        refused.add(file);
        continue;
      }
      if (read(file) !== text) changed.push([file, abs, text]);
    }
    if (!changed.length) break;
    // The version check: every file this pass edits must still hold the text its fixes were computed on.
    stale = changedSinceAudit(current, out.keys());
    if (stale.length) break;
    const changedFiles = new Set(changed.map(([file]) => file));
    for (const fix of chosen) {
      if (!fix.edits.some((e) => changedFiles.has(e.file))) continue;
      const finding = current.findings.find((f) => f.fixes.includes(fix))!;
      const p = findingPosition(current.workspace, finding);
      const entry = { file: finding.file, line: p.line, column: p.column, ruleId: finding.ruleId, title: fix.title };
      // Two findings can share one fix (the same edit for both): it is one change.
      if (!fixes.some((x) => x.file === entry.file && x.line === entry.line && x.column === entry.column && x.ruleId === entry.ruleId && x.title === entry.title)) fixes.push(entry);
    }
    for (const file of changedFiles) files.add(file);
    if (dryRun) break;
    for (const [, abs, text] of changed) {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
    result = auditDirectory(dir, opts);
  }
  return { result: dryRun ? before : result, fixes, files: [...files].sort(), refused: [...refused].sort(), changed: stale };
}

/** The lines printed after --fix: one per fix, then a summary. */
export function describeFixes(run: FixRun, dryRun: boolean): string {
  const lines = run.fixes.map((f) => `${dryRun ? 'would fix' : 'fixed'} ${f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file} ${f.title} [${f.ruleId}]`);
  for (const file of run.refused) lines.push(`not written: ${file} is outside the audited folder or a link`);
  for (const file of run.changed) lines.push(`not written: ${file} changed while it was being audited; run again`);
  const n = run.fixes.length;
  const files = run.files.length;
  if (n === 0) {
    if (!run.changed.length) lines.push('No automatic fix to apply.');
  } else if (dryRun) lines.push(`${n} fix${n === 1 ? '' : 'es'} would change ${files} file${files === 1 ? '' : 's'} (${run.files.join(', ')}); nothing written (--dry-run).`);
  else lines.push(`Applied ${n} fix${n === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'} (${run.files.join(', ')}).`);
  return lines.join('\n') + '\n';
}
