import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, ExecuteCommandRequest, WorkDoneProgress, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

interface FolderReport {
  root: string;
  score: number;
  summary: { error: number; warning: number; info: number };
  findings: unknown[];
}

interface AuditResponse {
  cancelled: boolean;
  folders: FolderReport[];
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every file is sent: cross-file rules read code and templates, the server ignores the rest cheaply.
    documentSelector: [{ scheme: 'file' }],
    synchronize: { configurationSection: 'readiness', fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
    initializationOptions: { settings: vscode.workspace.getConfiguration('readiness') },
  };
  client = new LanguageClient('readiness', 'Readiness', serverOptions, clientOptions);
  context.subscriptions.push(vscode.commands.registerCommand('readiness.auditWorkspace', () => auditWorkspace()));
  await client.start();
}

async function auditWorkspace(): Promise<AuditResponse | undefined> {
  const c = client;
  if (!c) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Readiness: auditing workspace', cancellable: true },
    async (progress, cancel) => {
      const token = `readiness-audit-${Date.now()}`;
      let last = 0;
      const sub = c.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'end') return;
        const pct = value.percentage ?? last;
        progress.report({ message: value.message, increment: Math.max(0, pct - last) });
        last = pct;
      });
      try {
        const result = (await c.sendRequest(ExecuteCommandRequest.type, { command: 'readiness.server.auditWorkspace', arguments: [], workDoneToken: token }, cancel)) as AuditResponse;
        if (result && !result.cancelled) {
          const s = result.folders.reduce((a, f) => ({ error: a.error + f.summary.error, warning: a.warning + f.summary.warning, info: a.info + f.summary.info }), { error: 0, warning: 0, info: 0 });
          const score = result.folders.length ? Math.min(...result.folders.map((f) => f.score)) : 100;
          void vscode.window.showInformationMessage(`Readiness: score ${score}/100 — ${s.error} errors, ${s.warning} warnings, ${s.info} info. See the Problems panel.`);
        }
        return result;
      } finally {
        sub.dispose();
      }
    },
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
