// A small LSP client over stdio for the benchmarks: it drives any language server (Readiness or a
// baseline) and timestamps what comes back, so latencies are measured as an editor sees them.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: { message: string; code?: string | number; source?: string }[];
  /** performance.now() when the notification arrived. */
  at: number;
}

export interface Position {
  line: number;
  character: number;
}

export interface Change {
  range: { start: Position; end: Position };
  text: string;
}

export function uriOf(p: string): string {
  return pathToFileURL(p).href;
}

export class BenchClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  /** performance.now() just before the process was spawned. */
  readonly spawnedAt: number;
  /** Every publication so far, unless the client was made with `keepPublished: false`. */
  readonly published: Published[] = [];
  readonly notifications: { method: string; params: unknown; at: number }[] = [];
  private listeners: ((p: Published) => void)[] = [];
  private notificationListeners: ((method: string, params: unknown) => void)[] = [];
  stderr = '';

  /** `configuration` answers `workspace/configuration` by section name. */
  /**
   * `keepPublished: false` keeps no publication: a latency run receives thousands of large ones,
   * and keeping them all grows this process's heap until its own garbage collections, which stall
   * reading the next reply, show up in the latencies it measures.
   */
  constructor(command: string, args: string[], private readonly configuration: (section: string | undefined) => unknown, opts: { cwd?: string; keepPublished?: boolean } = {}) {
    this.spawnedAt = performance.now();
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Omit<Published, 'at'>) => {
      const entry = { ...p, at: performance.now() };
      if (opts.keepPublished !== false) this.published.push(entry);
      for (const l of [...this.listeners]) l(entry);
    });
    const note = (method: string, params: unknown) => {
      this.notifications.push({ method, params, at: performance.now() });
      for (const l of [...this.notificationListeners]) l(method, params);
    };
    // $/progress is dispatched to progress handlers, never to the catch-all: subscribe to it by name.
    this.conn.onNotification('$/progress', (params: unknown) => note('$/progress', params));
    this.conn.onNotification(note);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => this.configuration(i.section) ?? null));
    this.conn.onRequest('workspace/workspaceFolders', () => null);
    this.conn.onRequest((method: string) => {
      throw new Error(`unexpected request ${method}`);
    });
    this.conn.listen();
  }

  async initialize(root: string): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  onPublish(listener: (p: Published) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  onNotification(listener: (method: string, params: unknown) => void): () => void {
    this.notificationListeners.push(listener);
    return () => (this.notificationListeners = this.notificationListeners.filter((l) => l !== listener));
  }

  /** The next publication for `uri` that satisfies `accept`; rejects after `ms` (a bound on a hang). */
  nextPublish(uri: string, accept: (p: Published) => boolean = () => true, ms = 60_000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no diagnostics for ${uri} within ${ms} ms; stderr: ${this.stderr.slice(-2000)}`));
      }, ms);
      const off = this.onPublish((p) => {
        if (p.uri !== uri || !accept(p)) return;
        clearTimeout(timer);
        off();
        resolve(p);
      });
    });
  }

  waitForNotification(method: string, accept: (params: unknown) => boolean, ms = 300_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${method} within ${ms} ms; stderr: ${this.stderr.slice(-2000)}`));
      }, ms);
      const off = this.onNotification((m, params) => {
        if (m !== method || !accept(params)) return;
        clearTimeout(timer);
        off();
        resolve(performance.now());
      });
    });
  }

  open(file: string, text: string, languageId: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version, text } });
  }

  change(file: string, version: number, changes: (Change | { text: string })[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: changes });
  }

  /** Peak resident set size of the server process so far, in bytes (Linux: VmHWM). */
  peakRss(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * CPU time (user + system) the server process has used so far, in milliseconds (Linux); with
   * `mainThread`, only its JavaScript thread's (V8's helper threads collect garbage beside it).
   */
  cpuMs(mainThread = false): number | undefined {
    try {
      const stat = mainThread ? `/proc/${this.proc.pid}/task/${this.proc.pid}/stat` : `/proc/${this.proc.pid}/stat`;
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
      const fields = fs.readFileSync(stat, 'utf8').replace(/^.*\) /s, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 50));
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
