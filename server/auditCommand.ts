import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { computeScore } from '../engine/score';
import { sortFindings } from '../engine/runner';
import { toJsonReport, type JsonReport } from '../engine/report/json';
import { VERSION } from '../cli/version';
import type { AuditResult } from '../engine/audit';
import type { FolderState } from './folder';
import type { ServerSettings } from './settings';

export const COMMANDS = {
  auditWorkspace: 'readiness.server.auditWorkspace',
} as const;

export interface AuditHost {
  folders(): FolderState[];
  settings(): ServerSettings;
  reapplyOpenDocuments(folder: FolderState): void;
  publish(folder: FolderState, files: Iterable<string>): void;
  log(message: string): void;
}

export interface WorkspaceAuditResult {
  cancelled: boolean;
  folders: JsonReport[];
}

/**
 * Full audit of every workspace folder from disk (open buffers win), with cancellable
 * `window/workDoneProgress`; publishes diagnostics for unopened files too.
 */
export function registerAuditCommand(connection: Connection, host: AuditHost): void {
  connection.onExecuteCommand(async (params, token) => {
    if (params.command !== COMMANDS.auditWorkspace) return undefined;
    // The client passes its own token so it can show the progress as a cancellable notification.
    const created = params.workDoneToken === undefined ? await connection.window.createWorkDoneProgress() : undefined;
    const progress = created ?? connection.window.attachWorkDoneProgress(params.workDoneToken);
    progress.begin('Readiness: auditing workspace', 0, 'Scanning files…', true);
    const cancelled = () => token.isCancellationRequested || Boolean(created?.token.isCancellationRequested);
    const reports: JsonReport[] = [];
    const folders = host.folders();
    try {
      for (let fi = 0; fi < folders.length; fi++) {
        const folder = folders[fi];
        const started = performance.now();
        let lastReport = 0;
        const ok = await folder.loadAsync(host.settings(), (done, total, file) => {
          const now = performance.now();
          if (now - lastReport > 100) {
            lastReport = now;
            const pct = Math.floor(((fi + (total ? done / total : 1)) / folders.length) * 90);
            progress.report(pct, `${path.basename(folder.root)}: ${file}`);
          }
          return cancelled();
        });
        if (!ok || cancelled()) return { cancelled: true, folders: reports } satisfies WorkspaceAuditResult;
        host.reapplyOpenDocuments(folder);
        progress.report(Math.floor(((fi + 0.95) / folders.length) * 100), `${path.basename(folder.root)}: running rules`);
        await new Promise((r) => setImmediate(r));
        const touched = folder.check(undefined, cancelled);
        if (!touched) return { cancelled: true, folders: reports } satisfies WorkspaceAuditResult;
        host.publish(folder, touched);
        const findings = sortFindings(folder.allFindings());
        const result: AuditResult = {
          root: folder.root, fileCount: folder.workspace.files().length, configFileCount: folder.workspace.files().length,
          findings, failures: [], durationMs: Math.round(performance.now() - started), score: computeScore(findings),
          workspace: folder.workspace, config: folder.config, rules: [], cancelled: false,
        };
        reports.push(toJsonReport(result, VERSION));
      }
      return { cancelled: false, folders: reports } satisfies WorkspaceAuditResult;
    } finally {
      progress.done();
    }
  });
}
