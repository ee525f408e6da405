import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { pathToFileURL } from 'node:url';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    source: string;
    message: string;
    codeDescription?: { href: string };
    relatedInformation?: unknown[];
    data?: unknown;
  }[];
}

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export function uriOf(p: string): string {
  return pathToFileURL(p).href;
}

/** A minimal LSP client over stdio against the bundled server, for protocol tests. */
export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, PublishedDiagnostics>();
  /** Every publishDiagnostics notification, in arrival order. */
  readonly history: PublishedDiagnostics[] = [];
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.diagnostics.set(p.uri, p);
      this.history.push(p);
      this.poke();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.poke();
    });
    this.conn.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.poke();
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('workspace/applyEdit', () => ({ applied: true }));
    this.conn.listen();
  }

  settings: Record<string, unknown> = { validationDelay: 0 };

  private poke(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      if (w.pred()) w.resolve();
      else this.waiters.push(w);
    }
  }

  /** Resolves when `pred` holds; rejects after `ms` (a bound on a hang, not a timing assertion). */
  waitFor(pred: () => boolean, what: string, ms = 15000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`)), ms);
      this.waiters.push({ pred, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  async initialize(root: string, capabilities: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } }, ...capabilities },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(file: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version, text } });
  }

  change(file: string, version: number, text: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
  }

  diagnosticsFor(file: string): PublishedDiagnostics['diagnostics'] | undefined {
    return this.diagnostics.get(uriOf(file))?.diagnostics;
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
