import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderMarkdown } from '../engine/report/markdown';
import { renderReportHtml, type ReportMessage } from './reportHtml';
import type { ReportModel } from '../engine/report/model';

export interface ReportActions {
  fixAll(): void;
  rerun(): void;
  showDocs(ruleId: string): void;
}

/** The one report webview: created on the first audit, refreshed in place by later ones. */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: ReportModel | undefined;
  private generatedAt = '';

  constructor(private readonly actions: ReportActions) {}

  get visible(): boolean {
    return this.panel !== undefined;
  }

  show(model: ReportModel, generatedAt: string): void {
    this.model = model;
    this.generatedAt = generatedAt;
    if (!this.panel) {
      // No local resources and no remote content: everything the page needs is inline.
      this.panel = vscode.window.createWebviewPanel('readiness.report', 'Readiness Report', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m));
    } else this.panel.reveal(undefined, false);
    this.panel.webview.html = renderReportHtml(model, { nonce: randomBytes(16).toString('base64'), generatedAt });
  }

  /** The page is untrusted input too: only well-formed messages about files of the audited folders are acted on. */
  private async onMessage(raw: unknown): Promise<void> {
    const m = raw as Partial<ReportMessage> | null;
    if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
    switch (m.type) {
      case 'fixAll': return this.actions.fixAll();
      case 'rerun': return this.actions.rerun();
      case 'markdown': return this.openMarkdown();
      case 'docs':
        if (typeof m.ruleId === 'string') this.actions.showDocs(m.ruleId);
        return;
      case 'open':
        if (typeof m.root === 'string' && typeof m.file === 'string' && typeof m.line === 'number' && typeof m.column === 'number') await this.open(m.root, m.file, m.line, m.column);
    }
  }

  private async open(root: string, file: string, line: number, column: number): Promise<void> {
    if (!this.model?.folders.some((f) => f.root === root)) return;
    const abs = path.resolve(root, file);
    const rel = path.relative(root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return;
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs));
      const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: line > 0 ? new vscode.Range(pos, pos) : undefined });
    } catch (err) {
      void vscode.window.showWarningMessage(`Readiness: cannot open ${file}: ${(err as Error).message}`);
    }
  }

  /** The same report as Markdown, to save or paste into a pull request. */
  private async openMarkdown(): Promise<void> {
    if (!this.model) return;
    const content = renderMarkdown(this.model, {
      generatedAt: this.generatedAt,
      fixHint: 'run **Readiness: Fix All in Workspace** (or `readiness audit --fix`)',
      fileLink: (f) => vscode.Uri.file(path.join(f.root, f.file)).with({ fragment: f.line > 0 ? `L${f.line}` : '' }).toString(),
    });
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
