import * as path from 'node:path';
import { RULES } from '../rules';
import { CONFIG_FILE, loadConfig, type ResolvedConfig } from './config';
import { loadWorkspace } from './load';
import { runRules, type RuleFailure } from './runner';
import { markOneOff } from './oneOff';
import { computeScore, type ScoreBreakdown } from './score';
import type { MemoryWorkspace } from './workspace';
import type { Finding, GitInfo, Rule } from './types';

export interface AuditOptions {
  config?: ResolvedConfig;
  /** Explicit config file (CLI `--config`). */
  configPath?: string;
  rules?: readonly Rule[];
  /** Only these rule ids (CLI `--rule`). */
  only?: readonly string[];
  git?: GitInfo | null;
  log?: (message: string) => void;
  onFile?: (done: number, total: number, file: string) => boolean | void;
  isCancelled?: () => boolean;
}

export interface AuditResult {
  root: string;
  fileCount: number;
  configFileCount: number;
  findings: Finding[];
  failures: RuleFailure[];
  durationMs: number;
  score: ScoreBreakdown;
  workspace: MemoryWorkspace;
  config: ResolvedConfig;
  rules: readonly Rule[];
  cancelled: boolean;
  /** Config files that exist but could not be read; the CLI refuses to report a partial audit. */
  unreadable: { file: string; error: string }[];
}

export function selectRules(all: readonly Rule[], only?: readonly string[]): readonly Rule[] {
  return only && only.length ? all.filter((r) => only.includes(r.id)) : all;
}

/** Audits a folder from disk: the engine entry point the CLI and the workspace audit share. */
export function auditDirectory(root: string, opts: AuditOptions = {}): AuditResult {
  const started = performance.now();
  const absRoot = path.resolve(root);
  const config = opts.config ?? loadConfig(absRoot, opts.configPath);
  const loaded = loadWorkspace(absRoot, config, { git: opts.git, onFile: opts.onFile });
  markOneOff(loaded.workspace);
  const rules = selectRules(opts.rules ?? RULES, opts.only);
  const run = loaded.cancelled
    ? { findings: [], failures: [], cancelled: true }
    : runRules(loaded.workspace, rules, config, { log: opts.log, isCancelled: opts.isCancelled });
  const findings = [...configFindings(absRoot, config), ...run.findings];
  return {
    root: absRoot,
    fileCount: loaded.workspace.files().length,
    configFileCount: loaded.workspace.files().length,
    findings,
    failures: run.failures,
    durationMs: Math.round(performance.now() - started),
    score: computeScore(findings),
    workspace: loaded.workspace,
    config,
    rules,
    cancelled: loaded.cancelled || run.cancelled,
    unreadable: loaded.unreadable,
  };
}

function configFindings(root: string, config: ResolvedConfig): Finding[] {
  if (!config.warnings.length) return [];
  const file = config.source ? path.relative(root, config.source).split(path.sep).join('/') : CONFIG_FILE;
  return config.warnings.map((message) => ({
    ruleId: 'readiness-config', severity: 'warning' as const, category: 'correctness' as const, file, range: { start: 0, end: 0 }, message, fixes: [], related: [],
  }));
}
