import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, ExecuteCommandRequest, WorkDoneProgress, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { buildReportModel } from '../engine/report/model';
import { ReportPanel } from './reportPanel';
import { statusView } from './statusText';
import type { FixAllResult, WorkspaceAuditResult, WorkspaceStatus } from '../server/auditCommand';

// Literal copies of the server's ids: importing server/auditCommand here would bundle the server into the client.
const SERVER_AUDIT = 'readiness.server.auditWorkspace';
const SERVER_FIX_ALL = 'readiness.server.fixAllInWorkspace';
const STATUS_NOTIFICATION = 'readiness/status';
const RULE_ID = /^[a-z0-9-]+$/;

let client: LanguageClient | undefined;
let docsDir = '';
let report: ReportPanel | undefined;
let statusItem: vscode.StatusBarItem | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  docsDir = context.asAbsolutePath(path.join('docs', 'rules'));
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
  // The id 'readiness' makes the client honour `readiness.trace.server` in the "Readiness" output channel.
  client = new LanguageClient('readiness', 'Readiness', serverOptions, clientOptions);

  report = new ReportPanel({
    fixAll: () => void fixAllInWorkspace(),
    rerun: () => void auditWorkspace(),
    showDocs: (id) => void showRuleDocumentation(id),
  });
  statusItem = vscode.window.createStatusBarItem('readiness.status', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'Readiness';
  statusItem.command = 'readiness.auditWorkspace';
  showStatus(undefined);
  statusItem.show();
  client.onNotification(STATUS_NOTIFICATION, (status: WorkspaceStatus) => showStatus(status));

  context.subscriptions.push(
    report,
    statusItem,
    vscode.commands.registerCommand('readiness.auditWorkspace', () => auditWorkspace()),
    vscode.commands.registerCommand('readiness.fixAllInWorkspace', () => fixAllInWorkspace()),
    vscode.commands.registerCommand('readiness.showRuleDocumentation', (arg?: unknown) => showRuleDocumentation(arg)),
    vscode.commands.registerCommand('readiness.showOutput', () => client?.outputChannel.show(true)),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, { provideCodeActions: docsActions }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  await client.start();
}

function showStatus(status: WorkspaceStatus | undefined): void {
  if (!statusItem) return;
  const view = statusView(status);
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
}

/** Runs a server command with a cancellable progress notification fed by the server's work-done progress. */
async function withServerProgress<T>(title: string, command: string): Promise<T | undefined> {
  const c = client;
  if (!c) return undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
    const token = `${command}-${Date.now()}`;
    let last = 0;
    const sub = c.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'end') return;
      const pct = value.percentage ?? last;
      progress.report({ message: value.message, increment: Math.max(0, pct - last) });
      last = pct;
    });
    try {
      return (await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [], workDoneToken: token }, cancel)) as T;
    } finally {
      sub.dispose();
    }
  });
}

async function auditWorkspace(): Promise<WorkspaceAuditResult | undefined> {
  const result = await withServerProgress<WorkspaceAuditResult>('Readiness: auditing workspace', SERVER_AUDIT);
  if (result && !result.cancelled) report?.show(buildReportModel(result.folders), new Date().toISOString());
  return result;
}

async function fixAllInWorkspace(): Promise<FixAllResult | undefined> {
  const result = await withServerProgress<FixAllResult>('Readiness: fixing workspace', SERVER_FIX_ALL);
  if (!result || result.cancelled) return result;
  if (!result.applied) {
    void vscode.window.showErrorMessage(`Readiness: the fixes were not applied${result.failureReason ? ` (${result.failureReason})` : ''}. Run the command again.`);
    return result;
  }
  if (result.fixes === 0) void vscode.window.showInformationMessage('Readiness: nothing to fix automatically.');
  else {
    const n = result.fixes;
    void vscode.window.showInformationMessage(`Readiness: applied ${n} fix${n === 1 ? '' : 'es'} in ${result.files} file${result.files === 1 ? '' : 's'}. Save them to keep the changes (Undo reverts them).`);
  }
  await auditWorkspace();
  return result;
}

/** "Show documentation for <rule>" next to the server's quick fixes on every Readiness diagnostic. */
function docsActions(_doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
  const ids = new Set<string>();
  for (const d of context.diagnostics) {
    if (d.source !== 'readiness') continue;
    const id = ruleIdOf(d);
    if (id) ids.add(id);
  }
  return [...ids].map((id) => {
    const action = new vscode.CodeAction(`Show documentation for ${id}`, vscode.CodeActionKind.QuickFix);
    action.command = { command: 'readiness.showRuleDocumentation', title: action.title, arguments: [id] };
    return action;
  });
}

function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

/** Opens a rule's page (shipped in docs/rules) as a Markdown preview; without an id, the rule under the cursor or a pick list. */
async function showRuleDocumentation(arg?: unknown): Promise<void> {
  let id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && typeof (arg as { ruleId?: unknown }).ruleId === 'string' ? (arg as { ruleId: string }).ruleId : undefined;
  if (!id) id = ruleAtCursor();
  if (!id) id = await pickRule();
  if (!id) return;
  const file = path.join(docsDir, `${id}.md`);
  if (!RULE_ID.test(id) || !fs.existsSync(file)) {
    void vscode.window.showWarningMessage(`Readiness: no documentation for "${id}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
}

function ruleAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const here = editor.selection.active;
  const d = vscode.languages.getDiagnostics(editor.document.uri).find((x) => x.source === 'readiness' && x.range.contains(here));
  return d ? ruleIdOf(d) : undefined;
}

async function pickRule(): Promise<string | undefined> {
  let files: string[] = [];
  try {
    files = fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort();
  } catch {
    /* no docs shipped: nothing to pick */
  }
  const items = files.map((f) => {
    const text = fs.readFileSync(path.join(docsDir, f), 'utf8');
    const summary = text.split(/\r?\n/).find((l, i) => i > 0 && l.trim() && !l.startsWith('#')) ?? '';
    return { label: f.slice(0, -3), detail: summary };
  });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Rule documentation', matchOnDetail: true });
  return picked?.label;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
