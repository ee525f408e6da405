import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { createKindDetector, refineKind } from './fileKinds';
import { GitIgnore } from './gitignore';
import { readGitInfo } from './git';
import { DEFAULT_LIMITS, type Limits } from './limits';
import { DiskFs, MemoryWorkspace } from './workspace';
import type { ResolvedConfig } from './config';
import type { GitInfo } from './types';

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
  const ignore = new GitIgnore();
  const extra = opts.extraIgnore?.length ? picomatch(opts.extraIgnore, { dot: true }) : undefined;
  const maxFiles = opts.maxFiles ?? 200_000;
  const files: string[] = [];
  const walk = (rel: string): void => {
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
    for (const e of entries) {
      if (files.length >= maxFiles) return;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (opts.shallow || (EXCLUDED_DIRS.has(e.name) && !sourceFolderNamedEnv(root, childRel)) || ignore.isIgnored(childRel, true) || extra?.(childRel)) continue;
        walk(childRel);
      } else if (e.isFile()) {
        if (ignore.isIgnored(childRel) || extra?.(childRel)) continue;
        files.push(childRel);
      }
    }
  };
  walk('');
  return { files, ignore };
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
  const plan = planLoad(root, config, opts);
  let cancelled = false;
  for (let i = 0; i < plan.configFiles.length && !cancelled; i++) cancelled = plan.step(i);
  return { ...plan.result, cancelled };
}

/**
 * The same load, yielding to the event loop every few milliseconds so a server stays responsive
 * and can honour cancellation while a large workspace is indexed.
 */
export async function loadWorkspaceAsync(root: string, config: ResolvedConfig, opts: LoadOptions = {}): Promise<LoadedWorkspace> {
  const plan = planLoad(root, config, opts);
  let cancelled = false;
  let slice = performance.now();
  for (let i = 0; i < plan.configFiles.length && !cancelled; i++) {
    cancelled = plan.step(i);
    if (performance.now() - slice > 8) {
      await new Promise((r) => setImmediate(r));
      slice = performance.now();
    }
  }
  return { ...plan.result, cancelled };
}

function planLoad(root: string, config: ResolvedConfig, opts: LoadOptions) {
  const limits = opts.limits ?? (config.maxFileBytes ? { ...DEFAULT_LIMITS, maxFileBytes: config.maxFileBytes } : DEFAULT_LIMITS);
  const { files, ignore } = scanFiles(root, { extraIgnore: config.ignore, shallow: opts.shallow });
  const diskFs = new DiskFs(root, files, limits);
  const git = opts.git === null ? undefined : opts.git ?? readGitInfo(root);
  const ignoredByConfig = config.ignore.length ? picomatch(config.ignore, { dot: true }) : () => false;
  const workspace = new MemoryWorkspace(root, diskFs, git, limits, (p) => ignore.isIgnored(p) || ignoredByConfig(p));
  const detect = createKindDetector(config.files);
  const configFiles = files.map((f) => ({ f, kind: detect(f) })).filter((x) => x.kind !== undefined);
  const unreadable: LoadedWorkspace['unreadable'] = [];
  const step = (i: number): boolean => {
    const { f, kind } = configFiles[i];
    if (opts.onFile?.(i, configFiles.length, f)) return true;
    let text: string;
    try {
      const st = fs.statSync(path.join(root, f));
      // Oversized files still get a (skipped) entry so the user learns why nothing was reported.
      text = st.size > limits.maxFileBytes ? readHead(path.join(root, f), limits.maxFileBytes + 1) : fs.readFileSync(path.join(root, f), 'utf8');
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
