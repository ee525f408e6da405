import * as path from 'node:path';
import { defaultConfig, loadConfig, type ResolvedConfig } from '../engine/config';
import { createKindDetector, refineKind, type KindDetector } from '../engine/fileKinds';
import { loadWorkspace, loadWorkspaceAsync, type LoadedWorkspace } from '../engine/load';
import { runRules } from '../engine/runner';
import { runRulesAsync } from '../engine/runnerAsync';
import { RULES } from '../rules';
import type { DiskFs, MemoryWorkspace } from '../engine/workspace';
import type { Finding } from '../engine/types';
import type { ServerSettings } from './settings';
import { indexSourcesAsync, noteSourceChanged } from '../engine/code/index';
import { Slicer } from '../engine/slicer';

/** The parts of a folder's load, in order. */
export type LoadPhase = 'scanning' | 'reading' | 'indexing';

/**
 * One workspace folder: its parsed config files, open-buffer overlay and last findings.
 * File-scoped findings are kept per file so an edit re-runs only that file's rules plus the
 * cross-file rules; the other files are re-checked later, off the typing path.
 */
export class FolderState {
  workspace!: MemoryWorkspace;
  diskFs!: DiskFs;
  config: ResolvedConfig = defaultConfig();
  configError: string | undefined;
  detect: KindDetector = createKindDetector();
  private fileFindings = new Map<string, Finding[]>();
  private workspaceFindings: Finding[] = [];
  ready = false;
  /** True once every file has been checked since the last load (the workspace score is whole). */
  complete = false;

  /** `shallow`: index only the root's own files, for a file opened outside every workspace folder. */
  constructor(readonly root: string, private readonly log: (m: string) => void, readonly shallow = false) {}

  /** (Re)reads config and every config file from disk; open buffers are re-applied by the caller. */
  load(settings: ServerSettings, onFile?: (done: number, total: number, file: string) => boolean | void): boolean {
    this.readConfig(settings);
    return this.adopt(loadWorkspace(this.root, this.config, { onFile, shallow: this.shallow }));
  }

  /**
   * The same in slices (see `Slicer`), so requests and cancellation are served meanwhile: lists
   * the folder, reads its config files, then indexes its source files, and only then takes the
   * result, so a cancelled load leaves the folder as it was. `onProgress` follows the phases.
   */
  async loadAsync(settings: ServerSettings, slicer: Slicer, onProgress?: (phase: LoadPhase, done: number, total: number, file: string) => void): Promise<boolean> {
    const { config, error } = this.readConfigFile(settings);
    const loaded = await loadWorkspaceAsync(this.root, config, {
      shallow: this.shallow,
      slicer,
      onScan: (found) => onProgress?.('scanning', found, 0, ''),
      onFile: (done, total, file) => void onProgress?.('reading', done, total, file),
    });
    if (loaded.cancelled && this.workspace) return false;
    // Open buffers are what the source index must read (edits meanwhile are re-applied by the caller).
    if (this.diskFs) for (const [p, text] of this.diskFs.overlay) loaded.diskFs.overlay.set(p, text);
    const indexed = await indexSourcesAsync(loaded.workspace, (done, total, file) => onProgress?.('indexing', done, total, file), slicer);
    if (!indexed && this.workspace) return false;
    this.takeConfig(config, error);
    return this.adopt(loaded) && indexed;
  }

  private readConfig(settings: ServerSettings): void {
    const { config, error } = this.readConfigFile(settings);
    this.takeConfig(config, error);
  }

  private readConfigFile(settings: ServerSettings): { config: ResolvedConfig; error: string | undefined } {
    let config: ResolvedConfig;
    let error: string | undefined;
    try {
      config = loadConfig(this.root);
    } catch (err) {
      config = defaultConfig();
      error = (err as Error).message;
    }
    for (const [id, sev] of Object.entries(settings.rules)) if (!config.rules[id]) config.rules[id] = { severity: sev, options: {} };
    return { config, error };
  }

  private takeConfig(config: ResolvedConfig, error: string | undefined): void {
    this.config = config;
    this.configError = error;
    if (error) this.log(`[readiness] ${error}`);
    this.detect = createKindDetector(config.files);
  }

  private adopt(loaded: LoadedWorkspace): boolean {
    if (loaded.cancelled && this.workspace) return false;
    // The open buffers as they are now: any that changed since the load read them is read again.
    const overlay = this.diskFs?.overlay ?? new Map<string, string>();
    const next = loaded.diskFs.overlay;
    for (const p of new Set([...next.keys(), ...overlay.keys()])) {
      if (next.get(p) === overlay.get(p)) continue;
      if (overlay.has(p)) next.set(p, overlay.get(p)!);
      else next.delete(p);
      noteSourceChanged(loaded.diskFs, p);
    }
    this.workspace = loaded.workspace;
    this.diskFs = loaded.diskFs;
    this.fileFindings.clear();
    this.workspaceFindings = [];
    this.complete = false;
    this.ready = !loaded.cancelled;
    return this.ready;
  }

  relative(absPath: string): string | undefined {
    const rel = path.relative(this.root, absPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  contains(absPath: string): boolean {
    return this.relative(absPath) !== undefined;
  }

  /** Applies an editor buffer; returns false when the file is not a config file Readiness knows. */
  setOpenText(rel: string, text: string, version: number): boolean {
    this.diskFs.overlay.set(rel, text);
    noteSourceChanged(this.diskFs, rel);
    const kind = refineKind(rel, this.detect(rel), text);
    if (!kind) {
      // A buffer edited into something that is no longer config (e.g. a shell script named .env)
      // must not keep the findings of its earlier version.
      this.workspace.remove(rel);
      this.fileFindings.delete(rel);
      this.workspace.invalidate();
      return false;
    }
    this.workspace.setText(rel, kind, text, version);
    return true;
  }

  closeOpen(rel: string, diskText: string | undefined): void {
    this.diskFs.overlay.delete(rel);
    // While the buffer was open its disk changes were not followed (the buffer was the truth), and
    // saving it may have created the file: disk answers are read afresh.
    this.diskFs.forget();
    noteSourceChanged(this.diskFs, rel);
    const kind = refineKind(rel, this.detect(rel), diskText ?? '');
    if (!kind) {
      this.workspace.invalidate();
      return;
    }
    if (diskText === undefined) {
      this.workspace.remove(rel);
      this.fileFindings.delete(rel);
    } else this.workspace.setText(rel, kind, diskText);
  }

  /** Re-runs file rules on `files` (all when undefined) and the cross-file rules; returns every file whose findings may have changed. */
  check(files: ReadonlySet<string> | undefined, isCancelled?: () => boolean): Set<string> | undefined {
    const result = runRules(this.workspace, RULES, this.config, { files, log: this.log, isCancelled, incremental: true });
    if (result.cancelled) return undefined;
    return this.store(result.findings, files);
  }

  /**
   * A full check that yields to the event loop between slices of files (startup and the workspace
   * audit: responsive, cancellable, with progress). Returns undefined when cancelled or when the
   * folder was reloaded meanwhile (the reload brings its own check). Edits during a pass make it
   * start over; a workspace that keeps changing is settled in one synchronous pass.
   */
  async checkAllAsync(cancel: Slicer | (() => boolean), onProgress?: (done: number, total: number, file: string, preparing?: string) => void): Promise<Set<string> | undefined> {
    const slicer = cancel instanceof Slicer ? cancel : undefined;
    const isCancelled = slicer?.isCancelled ?? (cancel as () => boolean);
    for (let attempt = 0; attempt < 3; attempt++) {
      const workspace = this.workspace;
      // The workspace drops its models on every change: the same stamp object means no change.
      const stamp = workspace.model('readiness.checkStamp', () => ({}));
      const result = await runRulesAsync(workspace, RULES, this.config, { log: this.log, isCancelled, slicer, onProgress });
      if (result.cancelled || isCancelled() || this.workspace !== workspace) return undefined;
      if (workspace.model('readiness.checkStamp', () => ({})) === stamp) return this.store(result.findings, undefined);
    }
    return this.check(undefined, isCancelled);
  }

  private store(findings: readonly Finding[], files: ReadonlySet<string> | undefined): Set<string> {
    const touched = new Set<string>();
    const wsRuleIds = new Set(RULES.filter((r) => r.meta.scope === 'workspace').map((r) => r.id));
    for (const f of this.workspaceFindings) touched.add(f.file);
    const targets = files ?? new Set(this.workspace.files().map((f) => f.path));
    const next = new Map<string, Finding[]>();
    this.workspaceFindings = [];
    for (const f of findings) {
      touched.add(f.file);
      if (wsRuleIds.has(f.ruleId)) this.workspaceFindings.push(f);
      else {
        const list = next.get(f.file);
        if (list) list.push(f);
        else next.set(f.file, [f]);
      }
    }
    for (const t of targets) {
      touched.add(t);
      this.fileFindings.set(t, next.get(t) ?? []);
    }
    // Findings a file rule reported in another file (rare) are stored with that file.
    for (const [file, list] of next) if (!targets.has(file)) this.fileFindings.set(file, list);
    if (!files) this.complete = true;
    return touched;
  }

  findingsFor(file: string): Finding[] {
    return [...(this.fileFindings.get(file) ?? []), ...this.workspaceFindings.filter((f) => f.file === file)];
  }

  allFindings(): Finding[] {
    const out: Finding[] = [];
    for (const list of this.fileFindings.values()) out.push(...list);
    out.push(...this.workspaceFindings);
    return out;
  }

  filesWithFindings(): string[] {
    return [...new Set(this.allFindings().map((f) => f.file))];
  }
}
