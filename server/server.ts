import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind, DidChangeConfigurationNotification, FileChangeType, TextDocumentSyncKind, TextDocuments,
  type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FolderState } from './folder';
import { refineKind } from '../engine/fileKinds';
import { PositionCache, fileUri, isFresh, quickFix, sameDiagnostic, textHash, toDiagnostic, uriToPath, type DiagnosticData, type TextSource } from './convert';
import { asPublished, findingOf, fixTextsOf, type Publication } from './publishedFixes';
import { positionTexts, samePlain, sameTexts } from './samePublication';
import { DEFAULT_SETTINGS, parseSettings, type ServerSettings } from './settings';
import { registerAuditCommand, COMMANDS } from './auditCommand';
import { selectFixes } from '../engine/fixes';
import { toLspFix } from './convert';
import { VERSION } from '../cli/version';
import { indexSourcesInBackground, sourceChanged } from './sourceIndex';
import { lineCommentFor } from '../engine/code/languages';

export interface ServerHooks {
  /** Every workspace folder's startup check has finished (or stopped). */
  onStartupChecked?(): void;
}

export function startServer(connection: Connection, hooks: ServerHooks = {}): void {
  const documents = new TextDocuments(TextDocument);
  const folders: FolderState[] = [];
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let hasConfigurationCapability = false;
  let workspaceFoldersSupported = false;
  let traceVerbose = false;
  const timers = new Map<string, NodeJS.Timeout>();
  /** What was last published per URI, with the findings (and their fixes) behind it. */
  const published = new Map<string, Publication & { folder: FolderState }>();
  /** Per folder: a full re-check lost to another folder's edit would leave that folder (and the status) incomplete. */
  const backgroundTimers = new Map<FolderState, NodeJS.Timeout>();
  let auditStatus: { statusChanged(): void } | undefined;

  const log = (m: string) => connection.console.log(m);
  const debug = (m: string) => {
    if (traceVerbose) connection.console.log(m);
  };

  function folderFor(absPath: string): FolderState | undefined {
    let best: FolderState | undefined;
    for (const f of folders) if (f.contains(absPath) && (!best || f.root.length > best.root.length)) best = f;
    return best;
  }

  function ensureFolder(absPath: string): FolderState {
    const existing = folderFor(absPath);
    if (existing) return existing;
    // A file opened outside every workspace folder is audited with its folder's own files only:
    // a file in the home directory (or `/`) must not make the server index the whole disk.
    const state = new FolderState(path.dirname(absPath), log, true);
    state.load(settings);
    folders.push(state);
    log(`[readiness] ${absPath} is outside every workspace folder: its folder's own files are checked with it`);
    return state;
  }

  /**
   * The text findings were computed from: the parsed version first (an open buffer may already be
   * newer), then the buffer overlay the rules read, then disk.
   */
  function textSource(folder: FolderState): TextSource {
    return {
      text: (file) => {
        const parsed = folder.workspace.get(file);
        if (parsed) return parsed.text;
        const overlay = folder.diskFs.overlay.get(file);
        if (overlay !== undefined) return overlay;
        const doc = documents.get(fileUri(path.join(folder.root, file)));
        if (doc) return doc.getText();
        const abs = path.join(folder.root, file);
        try {
          return fs.readFileSync(abs, 'utf8');
        } catch {
          return undefined;
        }
      },
      lines: (file, text) => {
        const parsed = folder.workspace.get(file);
        return parsed?.text === text ? parsed.lines : undefined;
      },
      uri: (file) => fileUri(path.join(folder.root, file)),
      // The version the edit's offsets were computed on, so the client refuses it once the buffer moved on.
      version: (file) => {
        const doc = documents.get(fileUri(path.join(folder.root, file)));
        if (!doc) return null;
        const parsed = folder.workspace.get(file);
        if (parsed) return parsed.version;
        const overlay = folder.diskFs.overlay.get(file);
        // An unknown older version: -1 never matches, so the client rejects rather than misplaces the edit.
        return overlay === undefined || overlay === doc.getText() ? doc.version : -1;
      },
    };
  }

  /** False while an open buffer has a newer version than the one analysed: its own validation is pending. */
  function isCurrent(folder: FolderState, file: string, doc: TextDocument | undefined): boolean {
    if (!doc) return true;
    const parsed = folder.workspace.get(file);
    if (parsed) return parsed.version === doc.version;
    const overlay = folder.diskFs.overlay.get(file);
    return overlay === undefined || overlay === doc.getText();
  }

  function publish(folder: FolderState, files: Iterable<string>): void {
    const source = textSource(folder);
    const positions = new PositionCache(source);
    for (const file of files) {
      const uri = source.uri(file);
      const doc = documents.get(uri);
      // Never publish (or offer fixes for) an older version after the client has sent a newer one.
      if (!isCurrent(folder, file, doc)) continue;
      const findings = settings.enable ? folder.findingsFor(file) : [];
      const version = doc?.version;
      const last = published.get(uri);
      if (last && last.version === version && last.folder === folder && samePlain(last.findings, findings) && sameTexts(last.positionTexts, source)) {
        // The same diagnostics as published: the client's stand, for these finding objects.
        Object.assign(last, { findings, fixTexts: fixTextsOf(findings, source) });
        continue;
      }
      const kept = last?.folder === folder ? last : undefined;
      const diagnostics: Diagnostic[] = findings.map((f, i) => sameDiagnostic(f, i, positions, source, kept?.findings[i], kept?.diagnostics[i]) ?? toDiagnostic(f, i, positions, source));
      const texts = positionTexts(file, findings, source);
      let json: string | undefined;
      if (last && last.version === version) {
        json = JSON.stringify(diagnostics);
        last.json ??= JSON.stringify(last.diagnostics);
        if (last.json === json) {
          // The client's diagnostics stand for these findings now, whose fixes may differ.
          Object.assign(last, { findings, fixTexts: fixTextsOf(findings, source), folder, positionTexts: texts });
          continue;
        }
      }
      published.set(uri, { version, diagnostics, json, findings, fixTexts: fixTextsOf(findings, source), folder, positionTexts: texts });
      connection.sendDiagnostics({ uri, version, diagnostics });
    }
    auditStatus?.statusChanged();
  }

  function validate(uri: string): void {
    const doc = documents.get(uri);
    const abs = uriToPath(uri);
    if (!doc || !abs) return;
    const folder = ensureFolder(abs);
    const rel = folder.relative(abs)!;
    const started = performance.now();
    const wasConfig = folder.workspace.get(rel) !== undefined;
    const isConfig = folder.setOpenText(rel, doc.getText(), doc.version);
    // Config files get their own rules now; any edit re-runs the cross-file rules.
    const touched = folder.check(isConfig ? new Set([rel]) : new Set());
    if (touched && wasConfig && !isConfig) touched.add(rel);
    if (touched) publish(folder, touched);
    debug(`[readiness] validated ${rel} v${doc.version} in ${(performance.now() - started).toFixed(1)} ms`);
    scheduleBackground(folder);
  }

  /** Other files' file-scoped rules may depend on the edited one (templates, references): re-check them when typing pauses. */
  function scheduleBackground(folder: FolderState): void {
    clearTimeout(backgroundTimers.get(folder));
    backgroundTimers.set(folder, setTimeout(() => {
      backgroundTimers.delete(folder);
      try {
        const touched = folder.check(undefined);
        if (touched) publish(folder, touched);
      } catch (err) {
        log(`[readiness] checking ${folder.root} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }, Math.max(300, settings.validationDelay * 2)));
  }

  function schedule(uri: string): void {
    const existing = timers.get(uri);
    if (existing) clearTimeout(existing);
    // A newer edit supersedes the pending re-check of the other files of its folder; validate() schedules it anew.
    const abs = uriToPath(uri);
    const folder = abs ? folderFor(abs) : undefined;
    if (folder) {
      clearTimeout(backgroundTimers.get(folder));
      backgroundTimers.delete(folder);
    }
    const run = () => {
      timers.delete(uri);
      try {
        validate(uri);
      } catch (err) {
        log(`[readiness] validation of ${uri} failed: ${(err as Error).stack ?? String(err)}`);
      }
    };
    if (settings.validationDelay === 0) run();
    else timers.set(uri, setTimeout(run, settings.validationDelay));
  }

  function runNow(uri: string): void {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    timers.delete(uri);
    try {
      validate(uri);
    } catch (err) {
      log(`[readiness] validation of ${uri} failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  async function refreshSettings(): Promise<void> {
    if (!hasConfigurationCapability) return;
    try {
      const raw: unknown = await connection.workspace.getConfiguration('readiness');
      settings = parseSettings(raw);
      const trace = (raw as { trace?: { server?: string } } | null)?.trace?.server;
      traceVerbose = trace === 'verbose';
    } catch {
      settings = DEFAULT_SETTINGS;
    }
  }

  function reloadAll(): void {
    for (const folder of folders) {
      folder.load(settings);
      for (const doc of documents.all()) {
        const abs = uriToPath(doc.uri);
        if (abs && folder.contains(abs)) folder.setOpenText(folder.relative(abs)!, doc.getText(), doc.version);
      }
      const before = new Set([...published.keys()]);
      const touched = folder.check(undefined) ?? new Set<string>();
      for (const uri of before) {
        const abs = uriToPath(uri);
        if (abs && folder.contains(abs)) touched.add(folder.relative(abs)!);
      }
      publish(folder, touched);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    hasConfigurationCapability = Boolean(params.capabilities.workspace?.configuration);
    workspaceFoldersSupported = Boolean(params.capabilities.workspace?.workspaceFolders);
    const roots = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => Boolean(p))
      ?? (params.rootUri ? [uriToPath(params.rootUri)].filter((p): p is string => Boolean(p)) : []);
    for (const root of roots) folders.push(new FolderState(root, log));
    const opts = params.initializationOptions as { settings?: unknown } | undefined;
    if (opts?.settings) settings = parseSettings(opts.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, 'source.fixAll.readiness'], resolveProvider: false },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'readiness', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'readiness' }).catch(() => undefined);
    }
    if (workspaceFoldersSupported) watchFolders();
    await refreshSettings();
    let startupChecks = folders.length;
    const startupCheckDone = () => {
      if (--startupChecks === 0) hooks.onStartupChecked?.();
    };
    if (!startupChecks) hooks.onStartupChecked?.();
    for (const folder of folders) {
      const started = performance.now();
      folder.load(settings);
      log(`[readiness] indexed ${folder.workspace.files().length} config files in ${folder.root} (${(performance.now() - started).toFixed(0)} ms)`);
      if (folder.configError) connection.window.showErrorMessage(`Readiness: ${folder.configError}`);
      // Every file once at startup, yielding to requests: the Problems panel and the workspace score are whole from the start.
      // Source files are indexed first, in the background, so the environment rules see the code.
      const workspace = folder.workspace;
      void indexSourcesInBackground(connection, folder, log)
        .then(() => folder.checkAllAsync(() => false))
        .then((touched) => {
          if (touched) {
            publish(folder, touched);
            log(`[readiness] checked every file in ${folder.root}: ${folder.allFindings().length} problems (${(performance.now() - started).toFixed(0)} ms)`);
          } else log(`[readiness] startup check of ${folder.root} stopped: ${folder.workspace === workspace ? 'cancelled' : 'the folder was reloaded'}`);
        })
        .catch((err: unknown) => log(`[readiness] startup check of ${folder.root} failed: ${(err as Error).stack ?? String(err)}`))
        .finally(startupCheckDone);
    }
    for (const doc of documents.all()) schedule(doc.uri);
  });

  function watchFolders(): void {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const removed of event.removed) {
        const root = uriToPath(removed.uri);
        const i = folders.findIndex((f) => f.root === root);
        if (i < 0) continue;
        const [gone] = folders.splice(i, 1);
        for (const file of gone.filesWithFindings()) connection.sendDiagnostics({ uri: fileUri(path.join(gone.root, file)), diagnostics: [] });
        auditStatus?.statusChanged();
      }
      for (const added of event.added) {
        const root = uriToPath(added.uri);
        if (!root || folders.some((f) => f.root === root)) continue;
        const folder = new FolderState(root, log);
        folders.push(folder);
        folder.load(settings);
        const touched = folder.check(undefined);
        if (touched) publish(folder, touched);
      }
    });
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (!hasConfigurationCapability && change.settings && typeof change.settings === 'object') {
      settings = parseSettings((change.settings as { readiness?: unknown }).readiness);
    }
    await refreshSettings();
    reloadAll();
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => {
    if (settings.run === 'onType') schedule(e.document.uri);
  });
  documents.onDidSave((e) => {
    if (settings.run === 'onSave') schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    const abs = uriToPath(e.document.uri);
    if (!abs) return;
    const folder = folderFor(abs);
    if (!folder) return;
    const rel = folder.relative(abs)!;
    let disk: string | undefined;
    try {
      disk = fs.readFileSync(abs, 'utf8');
    } catch {
      disk = undefined;
    }
    folder.closeOpen(rel, disk);
    const touched = folder.check(disk === undefined ? new Set() : new Set([rel]));
    if (touched) publish(folder, new Set([...touched, rel]));
  });

  connection.onDidChangeWatchedFiles((params) => {
    const affected = new Set<FolderState>();
    let reload = false;
    for (const change of params.changes) {
      const abs = uriToPath(change.uri);
      if (!abs) continue;
      const folder = folderFor(abs);
      if (!folder || !folder.ready) continue;
      const rel = folder.relative(abs)!;
      if (path.basename(rel) === '.readiness.json' || path.basename(rel) === '.gitignore') reload = true;
      if (documents.get(change.uri)) continue; // the open buffer is the truth
      sourceChanged(folder, rel);
      const kind = folder.detect(rel);
      if (change.type === FileChangeType.Deleted) {
        if (kind) folder.workspace.remove(rel);
        else folder.workspace.invalidate();
      } else if (kind) {
        try {
          const text = fs.readFileSync(abs, 'utf8');
          const refined = refineKind(rel, kind, text);
          if (refined) folder.workspace.setText(rel, refined, text);
          else folder.workspace.remove(rel);
        } catch {
          folder.workspace.remove(rel);
        }
      } else folder.workspace.invalidate();
      affected.add(folder);
    }
    if (reload) return reloadAll();
    for (const folder of affected) {
      const touched = folder.check(undefined);
      if (touched) publish(folder, touched);
    }
  });

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const abs = uriToPath(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!abs || !doc) return [];
    const folder = folderFor(abs);
    if (!folder) return [];
    const rel = folder.relative(abs)!;
    const only = params.context.only;
    const wantsFixAll = only?.some((k) => k === CodeActionKind.SourceFixAll || k === 'source.fixAll.readiness' || k === CodeActionKind.Source);
    const actions: CodeAction[] = [];
    if (wantsFixAll) {
      // Fix-all must be computed on the version the client holds: validate now if an edit is pending.
      if (!isCurrent(folder, rel, doc)) runNow(doc.uri);
      if (!isCurrent(folder, rel, doc)) return [];
      const source = textSource(folder);
      const positions = new PositionCache(source);
      const { fixes } = selectFixes(folder.findingsFor(rel));
      if (fixes.length) actions.push(quickFix(`Fix all Readiness problems in ${path.basename(rel)}`, undefined, fixes.map((f) => toLspFix(f, positions, source)), false, 'source.fixAll.readiness'));
      return actions;
    }
    // A file the editor does not hold has no version for the client to check: a fix touching one
    // is offered only while that file (on disk, where the client will apply the edit, or in a
    // buffer opened since) still holds the text the fix was computed on.
    const hashes = new Map<string, string>();
    const currentHash = (uri: string): string => {
      let hash = hashes.get(uri);
      if (hash === undefined) {
        const target = uriToPath(uri);
        let text = documents.get(uri)?.getText();
        if (text === undefined && target) {
          try {
            text = fs.readFileSync(target, 'utf8');
          } catch {
            text = undefined;
          }
        }
        hashes.set(uri, (hash = target ? textHash(text) : '\0'));
      }
      return hash;
    };
    const publication = published.get(params.textDocument.uri);
    for (const d of params.context.diagnostics) {
      if (d.source !== 'readiness') continue;
      const data = d.data as Partial<DiagnosticData> | undefined;
      if (typeof data?.ruleId !== 'string') continue;
      const finding = publication && findingOf(publication, d);
      // A diagnostic no longer published (the file moved on) gets neither fixes nor a suppression line.
      if (!finding || !publication) continue;
      const source = asPublished(publication.fixTexts, textSource(publication.folder));
      const positions = new PositionCache(source);
      const fixes = finding.fixes.map((fix) => toLspFix(fix, positions, source)).filter((fix) => isFresh(fix, currentHash));
      fixes.forEach((fix, i) => actions.push(quickFix(fix.title, d, [fix], fix.safe && i === 0)));
      if (!data.ruleId.startsWith('readiness-')) actions.push(disableForLine(doc, d, data.ruleId));
    }
    return actions;
  });

  function disableForLine(doc: TextDocument, d: Diagnostic, ruleId: string): CodeAction {
    const line = d.range.start.line;
    const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
    const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
    return {
      title: `Disable ${ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${lineCommentFor(uriToPath(doc.uri) ?? '')} readiness-ignore-next-line ${ruleId}${eol}` }] }] },
    };
  }

  auditStatus = registerAuditCommand(connection, {
    folders: () => folders,
    settings: () => settings,
    reapplyOpenDocuments: (folder) => {
      for (const doc of documents.all()) {
        const abs = uriToPath(doc.uri);
        if (abs && folder.contains(abs)) folder.setOpenText(folder.relative(abs)!, doc.getText(), doc.version);
      }
    },
    publish,
    textSource,
    log,
  });

  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    for (const t of backgroundTimers.values()) clearTimeout(t);
  });

  documents.listen(connection);
  connection.listen();
}
