// Fuzz inputs through the language server over stdio: each one opened as a document, its
// diagnostics awaited, checked against the text, a fix-all requested, then closed.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { detectKind, refineKind } from '../engine/fileKinds';
import { LineIndex } from '../engine/text/lineIndex';
import type { FuzzInput } from './inputs';
import type { Problem } from './engineCheck';

interface Published { uri: string; version?: number; diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string }[] }

export const HANG_MS = 2000;
/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
const CLOCK_TICKS = 100;
const GIVE_UP_MS = 15000;

export class ServerSession {
  private proc: ChildProcess;
  private conn: MessageConnection;
  private root: string;
  private version = 0;
  private waiting: { uri: string; version: number; resolve: (p: Published) => void } | undefined;
  private errors: string[] = [];
  exited = false;

  /** `nodeFlags`: extra Node options for the server process (the soak's GC hook). */
  constructor(serverJs: string, nodeFlags: readonly string[] = []) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fuzz-ws-'));
    fs.writeFileSync(path.join(this.root, '.env.example'), 'DATABASE_URL=\nSECRET_KEY=\n');
    fs.writeFileSync(path.join(this.root, 'app.py'), 'import os\nDB = os.environ["DATABASE_URL"]\n');
    // READINESS_SERVER_NODE_FLAGS (e.g. `--max-old-space-size=48`) helps tell a leak from lazy GC.
    const flags = [...nodeFlags, ...(process.env.READINESS_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
    this.proc = spawn(process.execPath, [...flags, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.on('exit', () => (this.exited = true));
    this.proc.stderr!.on('data', (d) => this.errors.push(String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      const w = this.waiting;
      if (w && p.uri === w.uri && p.version === w.version) {
        this.waiting = undefined;
        w.resolve(p);
      }
    });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1 || /uncaught|unhandled|failed/i.test(p.message)) this.errors.push(p.message);
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ validationDelay: 0 })));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  async start(): Promise<void> {
    const uri = pathToFileURL(this.root).href;
    await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'fuzz' }], capabilities: { workspace: { configuration: true, workspaceFolders: true } } });
    await this.conn.sendNotification('initialized', {});
  }

  /**
   * Opens the input, waits for its diagnostics, checks them, asks for fix-all, closes it.
   * `hangMs` is the slowness counted as a hang (tests pass Infinity: no timed assertions there).
   */
  async check(input: FuzzInput, hangMs = HANG_MS): Promise<{ problem?: Problem; ms: number; cpuMs?: number }> {
    const uri = pathToFileURL(path.join(this.root, input.path)).href;
    const version = ++this.version;
    // Text that is not config (a shell script named .env) gets no diagnostics: check liveness only.
    if (!refineKind(input.path, detectKind(input.path), input.text)) return this.roundTrip(uri, version, input, hangMs);
    const started = performance.now();
    const cpuBefore = this.cpuMs();
    const published = new Promise<Published | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve(undefined);
      }, GIVE_UP_MS);
      this.waiting = { uri, version, resolve: (p) => { clearTimeout(timer); resolve(p); } };
    });
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: input.kind === 'dotenv' ? 'dotenv' : 'yaml', version, text: input.text } });
    const p = await published;
    const ms = performance.now() - started;
    // The server's own CPU time for this input is what counts as slow: on a shared machine the
    // wall clock also measures everything else that runs meanwhile (wall time is reported beside it).
    const cpuAfter = this.cpuMs();
    const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    const cost = cpuMs ?? ms;
    try {
      if (this.exited) return { ms, cpuMs, problem: { kind: 'crash', detail: `the server exited: ${this.errors.join('\n')}` } };
      if (!p) return { ms, cpuMs, problem: { kind: 'hang', detail: `no diagnostics within ${GIVE_UP_MS} ms` } };
      if (cost > hangMs) return { ms, cpuMs, problem: { kind: 'hang', detail: `diagnostics after ${Math.round(ms)} ms${cpuMs === undefined ? '' : `, ${Math.round(cpuMs)} ms of server CPU`}` } };
      const lines = new LineIndex(input.text);
      for (const d of p.diagnostics) {
        if (d.code === 'readiness-internal') return { ms, cpuMs, problem: { kind: 'crash', detail: d.message } };
        for (const pos of [d.range.start, d.range.end]) {
          if (pos.line < 0 || pos.line >= lines.lineCount || pos.character < 0 || pos.character > lines.lineEnd(pos.line) - lines.lineStart(pos.line)) {
            return { ms, cpuMs, problem: { kind: 'crash', detail: `${d.code} range ${JSON.stringify(d.range)} outside the document` } };
          }
        }
      }
      const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      await this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: zero, context: { diagnostics: [], only: ['source.fixAll.readiness'] } });
      if (this.errors.length) return { ms, cpuMs, problem: { kind: 'crash', detail: this.errors.splice(0).join('\n') } };
      return { ms, cpuMs };
    } finally {
      if (!this.exited) await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  }

  private async roundTrip(uri: string, version: number, input: FuzzInput, hangMs: number): Promise<{ problem?: Problem; ms: number; cpuMs?: number }> {
    const started = performance.now();
    const cpuBefore = this.cpuMs();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version, text: input.text } });
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const answered = await Promise.race([
      this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: zero, context: { diagnostics: [], only: ['source.fixAll.readiness'] } }).then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), GIVE_UP_MS)),
    ]);
    const ms = performance.now() - started;
    const cpuAfter = this.cpuMs();
    const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    if (!this.exited) await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    if (this.exited) return { ms, cpuMs, problem: { kind: 'crash', detail: `the server exited: ${this.errors.join('\n')}` } };
    if (!answered) return { ms, cpuMs, problem: { kind: 'hang', detail: `no answer within ${GIVE_UP_MS} ms` } };
    if ((cpuMs ?? ms) > hangMs) return { ms, cpuMs, problem: { kind: 'hang', detail: `answered after ${Math.round(ms)} ms${cpuMs === undefined ? '' : `, ${Math.round(cpuMs)} ms of server CPU`}` } };
    return { ms, cpuMs };
  }

  /** CPU time (user + system) the server process has used so far, in ms; undefined where /proc is missing. */
  cpuMs(): number | undefined {
    try {
      const stat = fs.readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
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
    this.conn.dispose();
    if (!this.exited) this.proc.kill();
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** Resident memory of the server process in bytes, from /proc (Linux; NaN elsewhere). */
  rss(): number {
    return this.memory().rss;
  }

  /** Resident memory in bytes: all of it, anonymous (heap, malloc) and file-backed (the node binary's pages). */
  memory(): { rss: number; anon: number; file: number } {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
    } catch {
      return { rss: NaN, anon: NaN, file: NaN };
    }
  }

  /** Sends a signal to the server process (false once it is gone). */
  signal(sig: NodeJS.Signals): boolean {
    return !this.exited && this.proc.kill(sig);
  }

  get connection(): MessageConnection {
    return this.conn;
  }

  get workspaceRoot(): string {
    return this.root;
  }
}
