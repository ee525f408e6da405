import { defaultConfig, type ResolvedConfig } from '../../engine/config';
import { DEFAULT_LIMITS, type Limits } from '../../engine/limits';
import { detectKind, refineKind } from '../../engine/fileKinds';
import { runRules, type RunOptions, type RunResult } from '../../engine/runner';
import { MemoryWorkspace } from '../../engine/workspace';
import { RULES } from '../../rules';
import type { Finding, Rule, WorkspaceFs } from '../../engine/types';

/**
 * The rules whose exact findings these tests pin; the limits and isolation they test are the
 * runner's, so rules added later must not change the expected lists.
 */
const CORE_IDS = new Set(['yaml-syntax', 'duplicate-key', 'hardcoded-secret', 'weak-secret', 'committed-env-file', 'env-syntax']);
export const CORE_RULES: readonly Rule[] = RULES.filter((r) => CORE_IDS.has(r.id));

/** Language server settings that leave only the core rules on. */
export function coreRulesSettings(): Record<string, string> {
  return Object.fromEntries(RULES.filter((r) => !CORE_IDS.has(r.id)).map((r) => [r.id, 'off']));
}

/** A workspace held entirely in memory: config files are parsed, everything else is readable text. */
export function memoryWorkspace(files: Record<string, string>, limits: Limits = DEFAULT_LIMITS): MemoryWorkspace {
  const fs: WorkspaceFs = {
    exists: (p) => p in files,
    isDirectory: (p) => Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    readText: (p) => files[p],
    listFiles: () => Object.keys(files),
  };
  const ws = new MemoryWorkspace('/virtual', fs, undefined, limits);
  for (const [p, text] of Object.entries(files)) {
    const kind = refineKind(p, detectKind(p), text);
    if (kind) ws.setText(p, kind, text);
  }
  return ws;
}

export function check(files: Record<string, string>, opts: RunOptions & { rules?: readonly Rule[]; config?: ResolvedConfig; limits?: Limits } = {}): RunResult & { ws: MemoryWorkspace } {
  const ws = memoryWorkspace(files, opts.limits);
  return { ...runRules(ws, opts.rules ?? CORE_RULES, opts.config ?? defaultConfig(), opts), ws };
}

/** 1-based line and UTF-16 column of a finding's start, as editors and the CLI show it. */
export function where(ws: MemoryWorkspace, f: Finding): { ruleId: string; file: string; line: number; column: number } {
  const p = ws.get(f.file)!.lines.positionAt(f.range.start);
  return { ruleId: f.ruleId, file: f.file, line: p.line + 1, column: p.character + 1 };
}
