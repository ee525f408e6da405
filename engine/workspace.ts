import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChangeLog } from './changeLog';
import { createSourceFile } from './sourceFile';
import { DEFAULT_LIMITS, looksBinary, type Limits } from './limits';
import type { FileKind, GitInfo, SourceFile, Workspace, WorkspaceFs } from './types';

/**
 * Files on disk under `root`, with open editor buffers (the overlay) taking precedence.
 * Paths are POSIX and relative; anything resolving outside the root is treated as missing,
 * so a crafted `../../etc/passwd` in a config never reads outside the workspace.
 *
 * Disk answers are cached: several rules read the same package.json, Dockerfile or source file,
 * and the server re-runs them on every keystroke. A CLI audit gets a fresh DiskFs; the server calls
 * `forget` when it is told a file changed on disk (watched-file notifications) or an editor buffer
 * was opened or closed, so a change is seen from then on.
 */
export class DiskFs implements WorkspaceFs {
  readonly overlay = new Map<string, string>();
  /** Every `forget` (what a change notice or an editor buffer's change leads to), for incremental checks. */
  readonly changes = new ChangeLog();
  private fileList: string[];
  private readonly texts = new Map<string, string | undefined>();
  /** Paths read once: a text is cached on its second read, so the one-pass source index keeps no copies. */
  private readonly readOnce = new Set<string>();
  private cachedChars = 0;
  /** Per path: a file's size in bytes, 'dir', 'other', or undefined when nothing is there. */
  private readonly stats = new Map<string, number | 'dir' | 'other' | undefined>();
  /** Config files' texts as read from disk by the workspace, which holds them anyway (not counted in the bound). */
  private readonly parsedTexts = new Map<string, string>();

  /** `root` as path.join gives it, ending in '/': a normal relative path is appended to it. */
  private readonly rootSlash: string | undefined;

  constructor(readonly root: string, files: string[], private readonly limits: Limits = DEFAULT_LIMITS) {
    this.fileList = files;
    this.rootSlash = path.sep === '/' ? path.join(root, '_').slice(0, -1) : undefined;
  }

  setFileList(files: string[]): void {
    this.fileList = files;
  }

  private abs(p: string): string | undefined {
    // Most keys are normal already: joining them normalises nothing (thousands of stats and reads per audit).
    if (this.rootSlash !== undefined && NORMAL_PATH.test(p) && !DOT_SEGMENT.test(p)) return this.rootSlash + p;
    const normal = path.posix.normalize(p.replace(/\\/g, '/'));
    if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) return undefined;
    return path.join(this.root, normal);
  }

  /**
   * Drops cached disk answers: for one path (an editor buffer opened or closed over it) or all
   * (files created, changed or deleted on disk; a creation or deletion also changes what its
   * folders contain, so everything is dropped rather than guessing which entries depend on it).
   */
  forget(p?: string): void {
    this.changes.note(p === undefined ? undefined : trimDot(p));
    if (p === undefined) {
      this.texts.clear();
      this.stats.clear();
      this.readOnce.clear();
      this.parsedTexts.clear();
      this.cachedChars = 0;
      return;
    }
    const key = trimDot(p);
    this.cachedChars -= this.texts.get(key)?.length ?? 0;
    this.texts.delete(key);
    this.stats.delete(key);
    this.readOnce.delete(key);
    this.parsedTexts.delete(key);
  }

  /**
   * A config file's text, read from disk and parsed by the workspace: reads of it (the source
   * index looks for names in every YAML file) are answered from it until a change notice. Only a
   * text a disk read would return as is (not binary, within `maxSourceBytes`) is kept.
   */
  noteDiskText(p: string, text: string): void {
    const max = this.limits.maxSourceBytes;
    if (text.length > max || (text.length * 3 > max && Buffer.byteLength(text, 'utf8') > max) || looksBinary(text)) return;
    this.parsedTexts.set(trimDot(p), text);
  }

  private statOf(key: string): number | 'dir' | 'other' | undefined {
    if (this.stats.has(key)) return this.stats.get(key);
    const a = this.abs(key);
    let kind: number | 'dir' | 'other' | undefined;
    if (a) {
      try {
        // Rules probe many files that do not exist (per service, per keystroke): a missing file
        // must not cost a thrown error with its stack trace.
        const st = fs.statSync(a, { throwIfNoEntry: false });
        kind = !st ? undefined : st.isFile() ? st.size : st.isDirectory() ? 'dir' : 'other';
      } catch {
        kind = undefined;
      }
    }
    this.stats.set(key, kind);
    return kind;
  }

  private stat(key: string): 'file' | 'dir' | 'other' | undefined {
    const s = this.statOf(key);
    return typeof s === 'number' ? 'file' : s;
  }

  exists(p: string): boolean {
    const key = trimDot(p);
    if (this.overlay.has(key)) return true;
    return this.stat(key) !== undefined;
  }

  isDirectory(p: string): boolean {
    return this.stat(trimDot(p)) === 'dir';
  }

  readText(p: string): string | undefined {
    const key = trimDot(p);
    const open = this.overlay.get(key);
    if (open !== undefined) return open;
    if (this.texts.has(key)) return this.texts.get(key);
    const parsed = this.parsedTexts.get(key);
    if (parsed !== undefined) return parsed;
    const text = this.readDisk(key);
    if (!this.readOnce.has(key)) this.readOnce.add(key);
    else if ((text?.length ?? 0) + this.cachedChars <= MAX_CACHED_CHARS) {
      this.texts.set(key, text);
      this.cachedChars += text?.length ?? 0;
    }
    return text;
  }

  private readDisk(key: string): string | undefined {
    // The size comes from the cached stat: one system call per file, not two.
    const size = this.statOf(key);
    if (typeof size !== 'number' || size > this.limits.maxSourceBytes) return undefined;
    const a = this.abs(key);
    if (!a) return undefined;
    try {
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

/** Bound on cached file text, so a workspace of many large files does not grow the server's memory without limit. */
const MAX_CACHED_CHARS = 4_000_000;

/** A relative POSIX path that normalising would not change: no empty, `.` or `..` segment, no backslash. */
const NORMAL_PATH = /^[^/\\]+(?:\/[^/\\]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

function trimDot(p: string): string {
  // Most paths (the file list's, rules' joins) are normal already: the same string is the key, not a copy.
  if (NORMAL_PATH.test(p) && !DOT_SEGMENT.test(p)) return p;
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** An in-memory set of parsed config files plus access to everything else through `fs`. */
export class MemoryWorkspace implements Workspace {
  private readonly sources = new Map<string, SourceFile>();
  /** Config files set or removed, and `invalidate` (anything else), for incremental checks. */
  readonly changes = new ChangeLog();
  private cache = new Map<string, unknown>();
  private sorted: SourceFile[] | undefined;
  /** `filesOfKind`'s lists for the current files: rules ask for them per file they check. */
  private byKind = new Map<FileKind, SourceFile[]>();

  constructor(
    readonly root: string,
    readonly fs: WorkspaceFs,
    readonly git: GitInfo | undefined,
    readonly limits: Limits = DEFAULT_LIMITS,
    private readonly ignoredCheck: (path: string) => boolean = () => false,
  ) {}

  setText(p: string, kind: FileKind, text: string, version = 0): SourceFile {
    // The previous version is replaced: its parse can be reused for the edit (and is taken over).
    const file = createSourceFile(p, kind, text, version, this.limits, this.sources.get(p));
    // Without an editor buffer over it, a config file's text is the disk's (load, a watched change,
    // a closed buffer): the file view need not read it again.
    if (this.fs instanceof DiskFs && !this.fs.overlay.has(p) && file.format !== 'skipped') this.fs.noteDiskText(p, text);
    this.sources.set(p, file);
    this.dropModels();
    this.changes.note(p);
    return file;
  }

  remove(p: string): void {
    if (this.fs instanceof DiskFs) this.fs.forget(p);
    if (this.sources.delete(p)) this.dropModels();
    this.changes.note(p);
  }

  /** Something other than the config files changed (code, a file on disk): every model is rebuilt. */
  invalidate(): void {
    this.dropModels();
    this.changes.note();
  }

  private dropModels(): void {
    this.cache = new Map();
    this.sorted = undefined;
    if (this.byKind.size) this.byKind = new Map();
  }

  files(): readonly SourceFile[] {
    if (!this.sorted) this.sorted = [...this.sources.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.sorted;
  }

  /** Shared until the files change: callers must not modify the list. */
  filesOfKind<K extends FileKind>(kind: K): SourceFile[] {
    let list = this.byKind.get(kind);
    if (!list) this.byKind.set(kind, (list = this.files().filter((f) => f.kind === kind)));
    return list;
  }

  get(p: string): SourceFile | undefined {
    return this.sources.get(p);
  }

  isIgnored(p: string): boolean {
    return this.ignoredCheck(p);
  }

  model<T>(key: string, build: () => T): T {
    // One look-up for a model already built (asked per rule and file); `has` only for one built as undefined.
    let value = this.cache.get(key);
    if (value === undefined && !this.cache.has(key)) this.cache.set(key, (value = build()));
    return value as T;
  }
}
