import * as path from 'node:path';
import { ExecuteCommandRequest, type CancellationToken, type Connection, type ExecuteCommandParams, type WorkspaceEdit } from 'vscode-languageserver';
import { computeScore, type Verdict } from '../engine/score';
import { sortFindings } from '../engine/runner';
import { selectFixes } from '../engine/fixes';
import { toJsonReport, type JsonReport } from '../engine/report/json';
import { VERSION } from '../cli/version';
import { PositionCache, toLspFix, toWorkspaceEdit, type LspFix, type TextSource } from './convert';
import type { AuditResult } from '../engine/audit';
import type { FolderState } from './folder';
import type { ServerSettings } from './settings';

export const COMMANDS = {
  auditWorkspace: 'readiness.server.auditWorkspace',
  fixAllInWorkspace: 'readiness.server.fixAllInWorkspace',
} as const;

/** Sent whenever published findings change: what the status bar shows. */
export const STATUS_NOTIFICATION = 'readiness/status';

export interface WorkspaceStatus {
  enabled: boolean;
  /** False until every file of every folder has been checked (then the score is partial). */
  complete: boolean;
  score: number;
  verdict: Verdict;
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

export interface AuditHost {
  folders(): FolderState[];
  settings(): ServerSettings;
  reapplyOpenDocuments(folder: FolderState): void;
  publish(folder: FolderState, files: Iterable<string>): void;
  /** The texts findings were computed from, to turn fixes into edits. */
  textSource(folder: FolderState): TextSource;
  log(message: string): void;
}

export interface WorkspaceAuditResult {
  cancelled: boolean;
  folders: JsonReport[];
}

export interface FixAllResult {
  cancelled: boolean;
  /** Whether the client applied the edit (true when there was nothing to apply). */
  applied: boolean;
  fixes: number;
  files: number;
  failureReason?: string;
}

interface Progress {
  report(percentage: number, message: string): void;
  done(): void;
}

const PROGRESS_INTERVAL_MS = 50;
const STATUS_DELAY_MS = 100;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The same formula as the CLI and the report, over every folder's current findings. */
export function workspaceStatus(folders: readonly FolderState[], enabled: boolean): WorkspaceStatus {
  const findings = folders.flatMap((f) => f.allFindings());
  const score = computeScore(findings);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    enabled,
    complete: folders.every((f) => f.complete),
    score: score.score,
    verdict: score.verdict,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    fixable: findings.filter((f) => f.fixes.some((x) => x.safe)).length,
  };
}

/**
 * Full audit of every workspace folder from disk (open buffers win): reads, then checks each
 * file, yielding between slices so `$/cancelRequest` is honoured promptly; publishes diagnostics
 * for unopened files too.
 */
async function auditFolders(host: AuditHost, progress: Progress, cancelled: () => boolean): Promise<WorkspaceAuditResult> {
  const reports: JsonReport[] = [];
  const folders = host.folders();
  let last = 0;
  const report = (fi: number, phase: number, fraction: number, message: string, force = false) => {
    const now = performance.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    // Reading is the first half of a folder's share, checking the second.
    progress.report(Math.min(99, Math.floor(((fi + (phase + fraction) / 2) / Math.max(1, folders.length)) * 100)), message);
  };
  for (let fi = 0; fi < folders.length; fi++) {
    const folder = folders[fi];
    const name = path.basename(folder.root);
    const started = performance.now();
    report(fi, 0, 0, `${name}: scanning files`, true);
    const loaded = await folder.loadAsync(host.settings(), (done, total, file) => {
      report(fi, 0, total ? done / total : 1, `${name}: reading ${file}`);
      return cancelled();
    });
    if (!loaded || cancelled()) return { cancelled: true, folders: reports };
    host.reapplyOpenDocuments(folder);
    await yieldToEventLoop();
    const touched = await folder.checkAllAsync(cancelled, (done, total, file) => report(fi, 1, total ? done / total : 1, `${name}: checking ${file}`));
    if (!touched) return { cancelled: true, folders: reports };
    host.publish(folder, touched);
    const findings = sortFindings(folder.allFindings());
    const result: AuditResult = {
      root: folder.root, fileCount: folder.workspace.files().length, configFileCount: folder.workspace.files().length,
      findings, failures: [], durationMs: Math.round(performance.now() - started), score: computeScore(findings),
      workspace: folder.workspace, config: folder.config, rules: [], cancelled: false, unreadable: [],
    };
    reports.push(toJsonReport(result, VERSION));
  }
  return { cancelled: false, folders: reports };
}

/** Every safe fix of every folder (conflicts skipped, as fix-all in one file), as one WorkspaceEdit. */
function fixAllEdit(host: AuditHost): { edit: WorkspaceEdit; fixes: number; files: number } {
  const lspFixes: LspFix[] = [];
  for (const folder of host.folders()) {
    const source = host.textSource(folder);
    const positions = new PositionCache(source);
    const { fixes } = selectFixes(sortFindings(folder.allFindings()));
    for (const fix of fixes) lspFixes.push(toLspFix(fix, positions, source));
  }
  const edit = toWorkspaceEdit(lspFixes);
  const files = new Set(lspFixes.flatMap((f) => f.changes.map((c) => c.uri)));
  return { edit, fixes: lspFixes.length, files: files.size };
}

export function registerAuditCommand(connection: Connection, host: AuditHost): { statusChanged(): void } {
  const startProgress = async (params: ExecuteCommandParams, title: string): Promise<{ progress: Progress; cancelled: (token: CancellationToken) => boolean }> => {
    // The client passes its own token so it can show the progress as a cancellable notification.
    const created = params.workDoneToken === undefined ? await connection.window.createWorkDoneProgress() : undefined;
    const reporter = created ?? connection.window.attachWorkDoneProgress(params.workDoneToken);
    reporter.begin(title, 0, 'Scanning files…', true);
    return { progress: reporter, cancelled: (token) => token.isCancellationRequested || Boolean(created?.token.isCancellationRequested) };
  };

  // The raw request, not onExecuteCommand: that wrapper removes `workDoneToken` from the params,
  // and the client's own token is what lets it show this progress as a cancellable notification.
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    if (params.command === COMMANDS.auditWorkspace) {
      const { progress, cancelled } = await startProgress(params, 'Readiness: auditing workspace');
      try {
        return await auditFolders(host, progress, () => cancelled(token));
      } finally {
        progress.done();
      }
    }
    if (params.command === COMMANDS.fixAllInWorkspace) {
      const { progress, cancelled } = await startProgress(params, 'Readiness: fixing workspace');
      let planned: ReturnType<typeof fixAllEdit>;
      try {
        // Fixes are computed on a fresh audit so every edit matches the text the client holds.
        const audit = await auditFolders(host, progress, () => cancelled(token));
        if (audit.cancelled) return { cancelled: true, applied: false, fixes: 0, files: 0 } satisfies FixAllResult;
        planned = fixAllEdit(host);
      } finally {
        progress.done();
      }
      if (planned.fixes === 0) return { cancelled: false, applied: true, fixes: 0, files: 0 } satisfies FixAllResult;
      const applied = await connection.workspace.applyEdit({ label: `Readiness: fix ${planned.fixes} problem${planned.fixes === 1 ? '' : 's'}`, edit: planned.edit });
      if (!applied.applied) host.log(`[readiness] fix all was not applied: ${applied.failureReason ?? 'refused by the client'}`);
      return { cancelled: false, applied: applied.applied, fixes: planned.fixes, files: planned.files, failureReason: applied.failureReason } satisfies FixAllResult;
    }
    return undefined;
  });

  let timer: NodeJS.Timeout | undefined;
  let lastSent = '';
  return {
    /** Coalesces bursts of publications into one status notification. */
    statusChanged() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        const status = workspaceStatus(host.folders().filter((f) => f.ready), host.settings().enable);
        const key = JSON.stringify(status);
        if (key === lastSent) return;
        lastSent = key;
        void connection.sendNotification(STATUS_NOTIFICATION, status);
      }, STATUS_DELAY_MS);
    },
  };
}
