import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSourceFile } from './sourceFile';
import { DEFAULT_LIMITS, looksBinary, type Limits } from './limits';
import type { FileKind, GitInfo, SourceFile, Workspace, WorkspaceFs } from './types';

/**
 * Files on disk under `root`, with open editor buffers (the overlay) taking precedence.
 * Paths are POSIX and relative; anything resolving outside the root is treated as missing,
 * so a crafted `../../etc/passwd` in a config never reads outside the workspace.
 */
export class DiskFs implements WorkspaceFs {
  readonly overlay = new Map<string, string>();
  private fileList: string[];

  constructor(readonly root: string, files: string[], private readonly limits: Limits = DEFAULT_LIMITS) {
    this.fileList = files;
  }

  setFileList(files: string[]): void {
    this.fileList = files;
  }

  private abs(p: string): string | undefined {
    const normal = path.posix.normalize(p.replace(/\\/g, '/'));
    if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) return undefined;
    return path.join(this.root, normal);
  }

  exists(p: string): boolean {
    if (this.overlay.has(trimDot(p))) return true;
    const a = this.abs(p);
    return a !== undefined && fs.existsSync(a);
  }

  isDirectory(p: string): boolean {
    const a = this.abs(p);
    if (!a) return false;
    try {
      return fs.statSync(a, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      return false;
    }
  }

  readText(p: string): string | undefined {
    const key = trimDot(p);
    const open = this.overlay.get(key);
    if (open !== undefined) return open;
    const a = this.abs(p);
    if (!a) return undefined;
    try {
      // Rules probe many files that do not exist (per service, per keystroke): a missing file must
      // not cost a thrown error with its stack trace.
      const st = fs.statSync(a, { throwIfNoEntry: false });
      if (!st || !st.isFile() || st.size > this.limits.maxSourceBytes) return undefined;
      const text = fs.readFileSync(a, 'utf8');
      return looksBinary(text) ? undefined : text;
    } catch {
      return undefined;
    }
  }

  listFiles(): readonly string[] {
    return this.fileList;
  }
}

function trimDot(p: string): string {
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** An in-memory set of parsed config files plus access to everything else through `fs`. */
export class MemoryWorkspace implements Workspace {
  private readonly sources = new Map<string, SourceFile>();
  private cache = new Map<string, unknown>();
  private sorted: SourceFile[] | undefined;

  constructor(
    readonly root: string,
    readonly fs: WorkspaceFs,
    readonly git: GitInfo | undefined,
    readonly limits: Limits = DEFAULT_LIMITS,
    private readonly ignoredCheck: (path: string) => boolean = () => false,
  ) {}

  setText(p: string, kind: FileKind, text: string, version = 0): SourceFile {
    const file = createSourceFile(p, kind, text, version, this.limits);
    this.sources.set(p, file);
    this.invalidate();
    return file;
  }

  remove(p: string): void {
    if (this.sources.delete(p)) this.invalidate();
  }

  invalidate(): void {
    this.cache = new Map();
    this.sorted = undefined;
  }

  files(): readonly SourceFile[] {
    if (!this.sorted) this.sorted = [...this.sources.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.sorted;
  }

  filesOfKind<K extends FileKind>(kind: K): SourceFile[] {
    return this.files().filter((f) => f.kind === kind);
  }

  get(p: string): SourceFile | undefined {
    return this.sources.get(p);
  }

  isIgnored(p: string): boolean {
    return this.ignoredCheck(p);
  }

  model<T>(key: string, build: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }
}
