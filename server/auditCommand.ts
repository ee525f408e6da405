import * as path from 'node:path';
import { ExecuteCommandRequest, type CancellationToken, type Connection, type ExecuteCommandParams, type WorkspaceEdit } from 'vscode-languageserver';
import { computeScore, type Verdict } from '../engine/score';
import { sortFindings } from '../engine/runner';
import { selectFixes } from '../engine/fixes';
import { toJsonReport, type JsonReport } from '../engine/report/json';
import { VERSION } from '../cli/version';
import { PositionCache, toLspFix, toWorkspaceEdit, type LspFix, type TextSource } from './convert';
import type { AuditResult } from '../engine/audit';
import { Slicer } from '../engine/slicer';
import type { FolderState, LoadPhase } from './folder';
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

type AuditPhase = LoadPhase | 'checking';

/** Where an audit is: the folder, the phase and how far into it (files). */
interface Position {
  folder: string;
  phase: AuditPhase;
  done: number;
  total: number;
  /** While checking, before the first file: the rule whose workspace-wide table is being built. */
  building?: string;
}

const PROGRESS_INTERVAL_MS = 50;
const STATUS_DELAY_MS = 100;
/** Each phase's share of a folder's progress (scanning, reading, indexing, checking). */
const PHASE_SPAN: Record<AuditPhase, [number, number]> = { scanning: [0, 0], reading: [0, 0.25], indexing: [0.25, 0.5], checking: [0.5, 1] };

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
 * One run of the workspace audit: every phase (listing, reading, indexing, checking) works in the
 * same time slices, asking `cancelled` between files and after every slice, so a cancellation
 * is seen within one slice of its arrival. Where the audit was when the cancellation arrived,
 * and where it stopped, is logged.
 */
class AuditRun {
  readonly slicer: Slicer;
  position: Position = { folder: '', phase: 'scanning', done: 0, total: 0 };
  private arrival: { position: Position; slices: number; at: number } | undefined;
  private lastReport = 0;

  constructor(private readonly progress: Progress, cancelled: () => boolean, private readonly folderCount: number) {
    this.slicer = new Slicer(cancelled);
  }

  /** Called when the cancellation request is received (between slices, by the event loop). */
  cancelArrived(): void {
    this.arrival ??= { position: { ...this.position }, slices: this.slicer.slices, at: performance.now() };
  }

  /** Records where the audit is; reports it as progress at most every PROGRESS_INTERVAL_MS unless `force`. */
  at(fi: number, folder: string, phase: AuditPhase, done: number, total: number, file: string, force = false, building?: string): void {
    this.position = { folder, phase, done, total, building };
    const now = performance.now();
    if (!force && now - this.lastReport < PROGRESS_INTERVAL_MS) return;
    this.lastReport = now;
    const [from, to] = PHASE_SPAN[phase];
    const fraction = from + (to - from) * (total ? done / total : 1);
    const message = phase === 'scanning' ? `${folder}: scanning files${done ? ` (${done} found)` : ''}` : `${folder}: ${phase} ${file || 'files'}`;
    this.progress.report(Math.min(99, Math.floor(((fi + fraction) / Math.max(1, this.folderCount)) * 100)), message);
  }

  done(): void {
    this.progress.done();
  }

  /** The log line of a cancelled audit: where the request was received, and where (how many slices and milliseconds later) the audit stopped. */
  stoppedLine(): string {
    const where = (p: Position) => `${p.phase} ${p.folder} (${p.done}/${p.total} files${p.building ? `, building ${p.building}'s table` : ''})`;
    const stop = `stopped while ${where(this.position)}`;
    const longest = `longest slice ${Math.round(this.slicer.longestMs)} ms`;
    if (!this.arrival) return `[readiness] audit cancelled: ${stop}; ${longest}`;
    const slices = this.slicer.slices - this.arrival.slices;
    const ms = Math.round(performance.now() - this.arrival.at);
    return `[readiness] audit cancelled: request received while ${where(this.arrival.position)}, ${stop} ${slices} slice${slices === 1 ? '' : 's'} and ${ms} ms later; ${longest}`;
  }
}

/**
 * Full audit of every workspace folder from disk (open buffers win): lists, reads and indexes,
 * then checks each file, in slices so `$/cancelRequest` is honoured promptly; publishes
 * diagnostics for unopened files too.
 */
async function auditFolders(host: AuditHost, run: AuditRun): Promise<WorkspaceAuditResult> {
  const reports: JsonReport[] = [];
  const folders = host.folders();
  const { slicer } = run;
  for (let fi = 0; fi < folders.length; fi++) {
    const folder = folders[fi];
    const name = path.basename(folder.root);
    const started = performance.now();
    run.at(fi, name, 'scanning', 0, 0, '', true);
    // Cancelled while loading, the folder keeps what it had: nothing to restore.
    if (!(await folder.loadAsync(host.settings(), slicer, (phase, done, total, file) => run.at(fi, name, phase, done, total, file)))) return { cancelled: true, folders: reports };
    host.reapplyOpenDocuments(folder);
    let touched: Set<string> | undefined;
    if (!(await slicer.stop())) {
      // Reported at once: its first slices build the rules' tables, before any file is checked.
      run.at(fi, name, 'checking', 0, folder.workspace.files().length, '', true);
      touched = await folder.checkAllAsync(slicer, (done, total, file, building) => run.at(fi, name, 'checking', done, total, file, false, building));
    }
    if (!touched) {
      recheck(host, folder);
      return { cancelled: true, folders: reports };
    }
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

/**
 * A folder re-read by an audit cancelled while checking has no findings: it is checked again in
 * the background, as at startup (stopped by the next reload), so the Problems panel and the score
 * stay whole. Diagnostics that did not change are not sent again.
 */
function recheck(host: AuditHost, folder: FolderState): void {
  const workspace = folder.workspace;
  if (folder.complete) return;
  void folder
    .checkAllAsync(() => folder.workspace !== workspace)
    .then((touched) => {
      if (!touched) return;
      host.publish(folder, touched);
      host.log(`[readiness] checked ${folder.root} again after the cancelled audit: ${folder.allFindings().length} problems`);
    })
    .catch((err: unknown) => host.log(`[readiness] checking ${folder.root} again failed: ${(err as Error).stack ?? String(err)}`));
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
  const startRun = async (params: ExecuteCommandParams, token: CancellationToken, title: string): Promise<AuditRun> => {
    // The client passes its own token so it can show the progress as a cancellable notification.
    const created = params.workDoneToken === undefined ? await connection.window.createWorkDoneProgress() : undefined;
    const reporter = created ?? connection.window.attachWorkDoneProgress(params.workDoneToken);
    reporter.begin(title, 0, 'Scanning files…', true);
    const run = new AuditRun(reporter, () => token.isCancellationRequested || Boolean(created?.token.isCancellationRequested), host.folders().length);
    token.onCancellationRequested(() => run.cancelArrived());
    created?.token.onCancellationRequested(() => run.cancelArrived());
    return run;
  };
  const audit = async (run: AuditRun): Promise<WorkspaceAuditResult> => {
    const result = await auditFolders(host, run);
    if (result.cancelled) host.log(run.stoppedLine());
    return result;
  };

  // The raw request, not onExecuteCommand: that wrapper removes `workDoneToken` from the params,
  // and the client's own token is what lets it show this progress as a cancellable notification.
  // Cancelled, the request is answered `{ cancelled: true }` (with the folders finished before).
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    if (params.command === COMMANDS.auditWorkspace) {
      const run = await startRun(params, token, 'Readiness: auditing workspace');
      try {
        return await audit(run);
      } finally {
        run.done();
      }
    }
    if (params.command === COMMANDS.fixAllInWorkspace) {
      const run = await startRun(params, token, 'Readiness: fixing workspace');
      let planned: ReturnType<typeof fixAllEdit>;
      try {
        // Fixes are computed on a fresh audit so every edit matches the text the client holds.
        const result = await audit(run);
        if (result.cancelled) return { cancelled: true, applied: false, fixes: 0, files: 0 } satisfies FixAllResult;
        planned = fixAllEdit(host);
      } finally {
        run.done();
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
        // A file opened outside the workspace (the editor's own settings.json) is not part of its score.
        const ready = host.folders().filter((f) => f.ready);
        const inWorkspace = ready.filter((f) => !f.shallow);
        const status = workspaceStatus(inWorkspace.length ? inWorkspace : ready, host.settings().enable);
        const key = JSON.stringify(status);
        if (key === lastSent) return;
        lastSent = key;
        void connection.sendNotification(STATUS_NOTIFICATION, status);
      }, STATUS_DELAY_MS);
    },
  };
}
