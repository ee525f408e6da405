// The workspace's source files, scanned once and kept up to date file by file.
//
// One index lives per workspace file view (`workspace.fs`), outside `workspace.model` (which is
// dropped on every edit): an edit re-scans only the file it changed. Callers report changes with
// `noteSourceChanged` (an editor buffer, a file created, changed or deleted on disk). Scan results
// are also kept per folder root by content hash, so reloading a folder re-reads files but does not
// re-scan unchanged ones. A large workspace is indexed in the background with `indexSourcesAsync`;
// meanwhile `sourceIndex()` answers undefined rather than blocking.
import { createHash } from 'node:crypto';
import { isMentionFile, languageOf, roleOf, type Language } from './languages';
import { scanSource, type SourceScan } from './scan';
import { loadsDotenvFiles } from './dotenvLoading';
import { countMentions, updateMentions, type MentionCounts } from './mentionWords';
import { DEFAULT_LIMITS } from '../limits';
import { Slicer } from '../slicer';
import { DiskFs } from '../workspace';
import { isOneOff } from '../oneOff';
import type { Workspace, WorkspaceFs } from '../types';

export interface IndexedFile {
  path: string;
  /** Undefined for files searched only for mentions (scripts, Dockerfiles, tool config). */
  language?: Language;
  role: 'app' | 'test' | 'tooling';
  scan?: SourceScan;
  /** UPPER_CASE words the file mentions (outside comments in code; anywhere in scripts and tool config). */
  words: ReadonlySet<string>;
  /** The application loads `.env` files itself (see dotenvLoading). */
  loadsDotenv: boolean;
}

interface Cached {
  hash: string;
  file: IndexedFile;
}

const MAX_WORDS = 5000;
const UPPER_WORD = /\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g;
const ROOTS_KEPT = 4;
/** Scan results by folder root, then path, with the hash of the text they came from. */
const contentCache = new Map<string, Map<string, Cached>>();

function cacheFor(root: string): Map<string, Cached> {
  let c = contentCache.get(root);
  if (c) {
    contentCache.delete(root);
    contentCache.set(root, c);
    return c;
  }
  c = new Map();
  contentCache.set(root, c);
  while (contentCache.size > ROOTS_KEPT) contentCache.delete(contentCache.keys().next().value!);
  return c;
}

export function isIndexable(path: string): boolean {
  return languageOf(path) !== undefined || isMentionFile(path);
}

export class SourceIndex {
  private readonly entries = new Map<string, IndexedFile>();
  private readonly dirty = new Set<string>();
  /** Word counts of the mention files changed since the index was built (open buffers being edited). */
  private readonly mentions = new Map<string, MentionCounts>();
  private pending: string[];
  private background = false;
  private sorted: IndexedFile[] | undefined;
  /** Bumped whenever an indexed file changes, so derived results can be memoised against it. */
  version = 0;
  /** Files read and scanned so far (a file whose text is unchanged is not scanned again). */
  scans = 0;

  /** `cache`: scans by content hash kept across loads of the folder; none for a one-off audit (nothing is hashed then). */
  constructor(private readonly fs: WorkspaceFs, private readonly cache: Map<string, Cached> | undefined, private readonly maxBytes: number) {
    this.pending = fs.listFiles().filter(isIndexable);
  }

  /** A file changed (edited, created, deleted): it is re-read on the next query. */
  touch(path: string): void {
    if (!isIndexable(path)) return;
    this.dirty.add(path);
  }

  /** True while a background pass is still indexing. */
  get indexing(): boolean {
    return this.background;
  }

  /** Every indexed file, sorted by path; finishes outstanding work first. */
  files(): readonly IndexedFile[] {
    if (this.pending.length) {
      for (const p of this.pending) this.index(p);
      this.pending = [];
    }
    if (this.dirty.size) {
      for (const p of this.dirty) if (!this.reindexMentions(p)) this.index(p);
      this.dirty.clear();
    }
    if (!this.sorted) this.sorted = [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.sorted;
  }

  get(path: string): IndexedFile | undefined {
    this.files();
    return this.entries.get(path);
  }

  /**
   * Indexes the outstanding files in slices (see `Slicer`), reporting progress after each; false
   * when cancelled (the files read so far stay indexed, the rest stay outstanding).
   */
  async indexAsync(onProgress: ((done: number, total: number, file: string) => void) | undefined, slicer: Slicer): Promise<boolean> {
    this.background = true;
    try {
      const total = this.pending.length;
      let done = 0;
      while (this.pending.length) {
        if (slicer.isCancelled()) return false;
        const file = this.pending.pop()!;
        this.index(file);
        done++;
        if (this.pending.length && !slicer.spent) continue;
        onProgress?.(done, total, file);
        // Even a small pass ends with a pause: it is in the background, whatever its size.
        if ((await slicer.pause()) && this.pending.length) return false;
      }
      return true;
    } finally {
      this.background = false;
    }
  }

  /**
   * A changed mention file whose words can be counted from the change alone: true when done. Its
   * entry stays the same object (and the index's version the same) while its words do, so what is
   * derived from the index survives a keystroke that changes no word.
   */
  private reindexMentions(path: string): boolean {
    const prev = this.entries.get(path);
    if (!prev || prev.language) return false;
    const text = this.fs.readText(path);
    if (text === undefined || text.length > this.maxBytes) return false;
    const m = this.mentions.get(path);
    if (!m) {
      const fresh = countMentions(text);
      if (fresh.counts.size >= MAX_WORDS) return false;
      this.mentions.set(path, fresh);
      this.cache?.delete(path);
      this.replace(path, { path, role: prev.role, words: new Set(fresh.counts.keys()), loadsDotenv: loadsDotenvFiles(path, text) });
      return true;
    }
    if (m.text === text) return true;
    const wordsChanged = updateMentions(m, text);
    if (m.counts.size >= MAX_WORDS) {
      this.mentions.delete(path);
      return false;
    }
    // The content cache holds hashes of texts read from disk; an edited buffer's scan is not kept there.
    this.cache?.delete(path);
    const loadsDotenv = loadsDotenvFiles(path, text);
    if (wordsChanged || loadsDotenv !== prev.loadsDotenv) this.replace(path, { path, role: prev.role, words: wordsChanged ? new Set(m.counts.keys()) : prev.words, loadsDotenv });
    return true;
  }

  private replace(path: string, file: IndexedFile): void {
    this.entries.set(path, file);
    this.sorted = undefined;
    this.version++;
  }

  private index(path: string): void {
    const text = this.fs.readText(path);
    this.sorted = undefined;
    this.mentions.delete(path);
    if (text === undefined || text.length > this.maxBytes) {
      if (this.entries.delete(path)) this.version++;
      this.cache?.delete(path);
      return;
    }
    const cache = this.cache;
    const hash = cache ? createHash('sha1').update(text).digest('base64') : '';
    const cached = cache?.get(path);
    if (cached && cached.hash === hash) {
      if (this.entries.get(path) !== cached.file) this.version++;
      this.entries.set(path, cached.file);
      return;
    }
    const file = scanFile(path, text);
    this.scans++;
    cache?.set(path, { hash, file });
    this.entries.set(path, file);
    this.version++;
  }
}

export function scanFile(path: string, text: string): IndexedFile {
  const language = languageOf(path);
  const role = roleOf(path);
  const loadsDotenv = loadsDotenvFiles(path, text);
  if (language) {
    const scan = scanSource(language, text);
    return { path, language, role, scan, words: scan.words, loadsDotenv };
  }
  const words = new Set<string>();
  // One list of strings rather than a match object per word (every config file is a mention file).
  const found = text.match(UPPER_WORD);
  if (found) {
    for (const w of found) {
      words.add(w);
      if (words.size >= MAX_WORDS) break;
    }
  }
  return { path, role, words, loadsDotenv };
}

const indexes = new WeakMap<WorkspaceFs, SourceIndex>();
function indexFor(workspace: Workspace): SourceIndex {
  let index = indexes.get(workspace.fs);
  if (!index) {
    const limits = (workspace as { limits?: { maxSourceBytes: number } }).limits ?? DEFAULT_LIMITS;
    index = new SourceIndex(workspace.fs, isOneOff(workspace) ? undefined : cacheFor(workspace.root), limits.maxSourceBytes);
    indexes.set(workspace.fs, index);
  }
  return index;
}

/** The workspace's source index, up to date; undefined while a background pass is still running. */
export function sourceIndex(workspace: Workspace): SourceIndex | undefined {
  const index = indexFor(workspace);
  return index.indexing ? undefined : index;
}

/** Records that a file changed, for the index of `fs` (if one was built). */
export function noteSourceChanged(fs: WorkspaceFs, path: string): void {
  // The file view's cached answer for the path is stale too.
  if (fs instanceof DiskFs) fs.forget(path);
  indexes.get(fs)?.touch(path);
}

/**
 * Indexes the workspace's sources in the background, in slices; false when cancelled. `cancel` is
 * a plain check (asked between files, with 10 ms slices) or a `Slicer` shared with other work.
 */
export function indexSourcesAsync(workspace: Workspace, onProgress?: (done: number, total: number, file: string) => void, cancel?: (() => boolean) | Slicer): Promise<boolean> {
  const slicer = cancel instanceof Slicer ? cancel : new Slicer(cancel, 10);
  return indexFor(workspace).indexAsync(onProgress, slicer);
}
