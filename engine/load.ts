import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { createKindDetector, refineKind, type KindDetector } from './fileKinds';
import { GitIgnore } from './gitignore';
import { readGitInfo, readGitInfoAsync } from './git';
import { DEFAULT_LIMITS, type Limits } from './limits';
import { Slicer } from './slicer';
import { DiskFs, MemoryWorkspace } from './workspace';
import type { ResolvedConfig } from './config';
import type { FileKind, GitInfo } from './types';

/** Folders that never hold deployment config worth auditing and can be huge. */
export const EXCLUDED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'venv', '.venv', 'env', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', 'target', 'vendor', 'coverage', '.cache', '.turbo', '.gradle', 'bower_components', 'site-packages',
]);

export interface ScanResult {
  files: string[];
  ignore: GitIgnore;
}

export interface ScanOptions {
  maxFiles?: number;
  extraIgnore?: string[];
  /** Only the root folder's own files, no sub-folders (a file opened outside every workspace folder). */
  shallow?: boolean;
}

/** Lists files under root (POSIX, relative), honouring .gitignore files and skipping bulky folders. */
export function scanFiles(root: string, opts: ScanOptions = {}): ScanResult {
  const scan = new Scan(root, opts);
  for (const _ of scan.walk('')) {
    /* one folder at a time; nothing to do in between */
  }
  return scan.result();
}

/**
 * The same listing, serving the event loop between folders whenever `slicer`'s slice is spent;
 * `cancelled` (with the files found so far) as soon as `slicer` says to stop.
 */
export async function scanFilesAsync(root: string, opts: ScanOptions, slicer: Slicer, onFolder?: (found: number) => void): Promise<ScanResult & { cancelled: boolean }> {
  const scan = new Scan(root, opts);
  for (const _ of scan.walk('')) {
    onFolder?.(scan.files.length);
    if (await slicer.stop()) return { ...scan.result(), cancelled: true };
  }
  return { ...scan.result(), cancelled: false };
}

class Scan {
  readonly ignore = new GitIgnore();
  readonly files: string[] = [];
  private readonly extra: picomatch.Matcher | undefined;
  private readonly maxFiles: number;

  constructor(private readonly root: string, private readonly opts: ScanOptions) {
    this.extra = opts.extraIgnore?.length ? picomatch(opts.extraIgnore, { dot: true }) : undefined;
    this.maxFiles = opts.maxFiles ?? 200_000;
  }

  result(): ScanResult {
    return { files: this.files, ignore: this.ignore };
  }

  /** Depth first, entries sorted by name; yields after reading each folder. */
  *walk(rel: string): Generator<void> {
    const { root, opts, ignore, extra, files } = this;
    const abs = rel ? path.join(root, rel) : root;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    const gi = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gi) {
      try {
        ignore.add(rel, fs.readFileSync(path.join(abs, '.gitignore'), 'utf8'));
      } catch {
        /* unreadable .gitignore: audit as if absent */
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    yield;
    for (const e of entries) {
      if (files.length >= this.maxFiles) return;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (opts.shallow || (EXCLUDED_DIRS.has(e.name) && !sourceFolderNamedEnv(root, childRel)) || ignore.isIgnored(childRel, true) || extra?.(childRel)) continue;
        yield* this.walk(childRel);
      } else if (e.isFile()) {
        if (ignore.isIgnored(childRel) || extra?.(childRel)) continue;
        files.push(childRel);
      }
    }
  }
}

/**
 * `env` is a common name for a Python virtualenv, but also for source folders (Strapi's
 * `config/env/production/`): it is skipped only when it looks like a virtualenv.
 */
function sourceFolderNamedEnv(root: string, rel: string): boolean {
  if (path.posix.basename(rel) !== 'env') return false;
  const abs = path.join(root, rel);
  return !['pyvenv.cfg', 'bin/activate', 'Scripts/activate'].some((f) => fs.existsSync(path.join(abs, f)));
}

export interface LoadOptions {
  limits?: Limits;
  /** `null` disables git; undefined reads it with `git ls-files`. */
  git?: GitInfo | null;
  /** Called per parsed config file, for progress reporting; return true to cancel. */
  onFile?: (done: number, total: number, file: string) => boolean | void;
  /** Index only the root folder's own files (see `ScanOptions.shallow`). */
  shallow?: boolean;
}

export interface LoadedWorkspace {
  workspace: MemoryWorkspace;
  diskFs: DiskFs;
  /** All files indexed (config and not). */
  fileCount: number;
  cancelled: boolean;
  /** Config files that exist but could not be read (permissions…): the audit is incomplete without them. */
  unreadable: { file: string; error: string }[];
}

/** Builds a workspace from disk: scans, detects config files by kind and parses each once. */
export function loadWorkspace(root: string, config: ResolvedConfig, opts: LoadOptions = {}): LoadedWorkspace {
  const scan = scanFiles(root, { extraIgnore: config.ignore, shallow: opts.shallow });
  const git = opts.git === null ? undefined : opts.git ?? readGitInfo(root);
  const detect = createKindDetector(config.files);
  const plan = planLoad(root, config, opts, scan, git, scan.files.flatMap((f) => configFile(f, detect)));
  let cancelled = false;
  for (let i = 0; i < plan.configFiles.length && !cancelled; i++) cancelled = plan.step(i);
  return { ...plan.result, cancelled };
}

export interface AsyncLoadOptions extends LoadOptions {
  /** Slices the scan and the reads, and says when to stop (default: 8 ms slices, never cancelled). */
  slicer?: Slicer;
  /** After each folder scanned: how many files were found so far. */
  onScan?: (found: number) => void;
}

/**
 * The same load in slices (see `Slicer`): a server stays responsive and sees cancellation within
 * a slice while it lists, and then reads, a large workspace. `git ls-files` runs meanwhile in its
 * own process. Cancelled, the workspace holds what was read so far.
 */
export async function loadWorkspaceAsync(root: string, config: ResolvedConfig, opts: AsyncLoadOptions = {}): Promise<LoadedWorkspace> {
  const slicer = opts.slicer ?? new Slicer();
  const stopGit = new AbortController();
  const gitInfo = opts.git === null ? Promise.resolve(undefined) : opts.git ? Promise.resolve(opts.git) : readGitInfoAsync(root, undefined, stopGit.signal);
  const scan = await scanFilesAsync(root, { extraIgnore: config.ignore, shallow: opts.shallow }, slicer, opts.onScan);
  const detect = createKindDetector(config.files);
  const configFiles: ConfigFile[] = [];
  for (let i = 0; i < scan.files.length && !scan.cancelled; i++) {
    configFiles.push(...configFile(scan.files[i], detect));
    // Asked every 256 files: detecting one kind takes microseconds.
    if ((i & 255) === 255 && (await slicer.stop())) scan.cancelled = true;
  }
  const git = scan.cancelled ? undefined : await slicer.race(gitInfo);
  if (!git) stopGit.abort();
  const plan = planLoad(root, config, opts, scan, git?.value, configFiles);
  if (!git) return { ...plan.result, cancelled: true };
  for (let i = 0; i < plan.configFiles.length; i++) {
    if (plan.step(i) || (await slicer.stop())) return { ...plan.result, cancelled: true };
  }
  return { ...plan.result, cancelled: false };
}

interface ConfigFile {
  f: string;
  kind: FileKind;
}

function configFile(f: string, detect: KindDetector): ConfigFile[] {
  const kind = detect(f);
  return kind === undefined ? [] : [{ f, kind }];
}

function planLoad(root: string, config: ResolvedConfig, opts: LoadOptions, { files, ignore }: ScanResult, git: GitInfo | undefined, configFiles: ConfigFile[]) {
  const limits = opts.limits ?? (config.maxFileBytes ? { ...DEFAULT_LIMITS, maxFileBytes: config.maxFileBytes } : DEFAULT_LIMITS);
  const diskFs = new DiskFs(root, files, limits);
  const ignoredByConfig = config.ignore.length ? picomatch(config.ignore, { dot: true }) : () => false;
  const workspace = new MemoryWorkspace(root, diskFs, git, limits, (p) => ignore.isIgnored(p) || ignoredByConfig(p));
  const unreadable: LoadedWorkspace['unreadable'] = [];
  const chunk = Buffer.allocUnsafe(SMALL_FILE);
  const step = (i: number): boolean => {
    const { f, kind } = configFiles[i];
    if (opts.onFile?.(i, configFiles.length, f)) return true;
    let text: string;
    try {
      const abs = path.join(root, f);
      text = readSmall(abs, Math.min(SMALL_FILE, limits.maxFileBytes + 1), chunk) ?? readWhole(abs, limits.maxFileBytes);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      // A file deleted since the scan is simply gone; anything else means the audit missed it.
      if (e.code !== 'ENOENT') unreadable.push({ file: f, error: e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code ?? e.message });
      return false;
    }
    const refined = refineKind(f, kind, text);
    if (refined) workspace.setText(f, refined, text);
    return false;
  };
  return { configFiles, step, result: { workspace, diskFs, fileCount: files.length, unreadable } };
}

/** Config files are small: most are read whole in one read of this many bytes. */
const SMALL_FILE = 64 * 1024;

/**
 * The file's text when it has fewer than `bytes` bytes (read into `buf`, without asking its size
 * first: one read for a small file); undefined when it may be longer.
 */
function readSmall(file: string, bytes: number, buf: Buffer): string | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    let n = 0;
    for (let got = -1; got !== 0 && n < bytes; n += got) got = fs.readSync(fd, buf, n, bytes - n, n);
    return n < bytes ? buf.toString('utf8', 0, n) : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function readWhole(file: string, maxBytes: number): string {
  const st = fs.statSync(file);
  // Oversized files still get a (skipped) entry so the user learns why nothing was reported.
  return st.size > maxBytes ? readHead(file, maxBytes + 1) : fs.readFileSync(file, 'utf8');
}

function readHead(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
