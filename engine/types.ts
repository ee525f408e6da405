// The engine's public contract. Nothing here may import vscode or vscode-languageserver:
// the language server and the CLI are both thin shells around these types.
import type { Document, LineCounter } from 'yaml';
import type { DotenvFile } from './parse/dotenv';
import type { LineIndex } from './text/lineIndex';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'security' | 'correctness' | 'configuration' | 'reliability' | 'operations';
export type FileKind = 'render' | 'compose' | 'workflow' | 'dotenv';

/** Offsets into a file's text, in UTF-16 code units (JavaScript string indices), end exclusive. */
export interface Range {
  start: number;
  end: number;
}

/** One replacement in one file. A file that does not exist yet is created by an edit at 0..0. */
export interface FileEdit {
  /** POSIX path relative to the workspace root. */
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  /** Safe fixes are preferred in the editor and applied by fix-all / `--fix`. */
  safe: boolean;
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  category: Category;
  file: string;
  range: Range;
  message: string;
  fixes: Fix[];
  related: RelatedInfo[];
}

interface SourceFileBase {
  /** POSIX path relative to the workspace root. */
  path: string;
  kind: FileKind;
  text: string;
  /** Editor version, or 0 for files read from disk. */
  version: number;
  lines: LineIndex;
  /** Memoises a model derived from this file version (parse once, share across rules). */
  model<T>(key: string, build: () => T): T;
}

export interface YamlParseError {
  message: string;
  range: Range;
  /** The yaml package's error code, e.g. DUPLICATE_KEY, BAD_INDENT, TAB_AS_INDENT. */
  code: string;
  severity: 'error' | 'warning';
}

export interface YamlSourceFile extends SourceFileBase {
  format: 'yaml';
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  parseErrors: YamlParseError[];
}

export interface DotenvSourceFile extends SourceFileBase {
  format: 'dotenv';
  env: DotenvFile;
}

/** A file whose content could not be analysed (too large, binary); one info finding says why. */
export interface SkippedSourceFile extends SourceFileBase {
  format: 'skipped';
  reason: string;
}

export type SourceFile = YamlSourceFile | DotenvSourceFile | SkippedSourceFile;

/** Read-only view of the workspace's files; open editor buffers take precedence over disk. */
export interface WorkspaceFs {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Text of any file (code, Dockerfile, package.json …), or undefined when missing, binary or too large. */
  readText(path: string): string | undefined;
  /** Files (POSIX relative paths) indexed in the workspace, excluding ignored folders. */
  listFiles(): readonly string[];
}

export interface GitInfo {
  /** True when the path is tracked by git. */
  isTracked(path: string): boolean;
}

export interface Workspace {
  /** Absolute path of the workspace root. */
  root: string;
  fs: WorkspaceFs;
  /** undefined when the folder is not a git repository or git is unavailable. */
  git: GitInfo | undefined;
  files(): readonly SourceFile[];
  filesOfKind<K extends FileKind>(kind: K): SourceFile[];
  get(path: string): SourceFile | undefined;
  /** True when `.gitignore` (or the configured ignore globs) exclude the path. */
  isIgnored(path: string): boolean;
  /** Memoises a model derived from the whole workspace; dropped whenever any file changes. */
  model<T>(key: string, build: () => T): T;
}

export interface ReportInput {
  /** Defaults to the file being checked. */
  file?: string;
  range: Range;
  message: string;
  fix?: Fix | Fix[];
  related?: RelatedInfo[];
  /** For rules whose severity depends on the case (e.g. deprecated vs invalid). */
  severity?: Severity;
}

export interface RuleOptions {
  [key: string]: unknown;
}

export interface ContextBase {
  workspace: Workspace;
  options: RuleOptions;
  /** Production-config detection and other settings rules share. */
  settings: EngineSettings;
  report(input: ReportInput): void;
}

export interface FileContext extends ContextBase {
  file: SourceFile;
}

export type WorkspaceContext = ContextBase;

export interface RuleMeta {
  category: Category;
  severity: Severity;
  description: string;
  fixable: boolean;
}

/**
 * Builds ahead, a small step at a time, the workspace-wide tables a rule's `check` would otherwise
 * build at its first call (from every file: too long for one time slice on a large workspace).
 * Yields after each step (a file read or modelled; the value yielded is not used). It may only
 * fill memoised models (`file.model`, `workspace.model`) that `check` reads through the same
 * functions: the sliced run (`runRulesAsync`) calls it before checking and may stop between steps,
 * the synchronous run never calls it, and the findings are the same either way. It reports nothing.
 */
export type Prepare = (ctx: WorkspaceContext) => Iterable<unknown>;

export interface FileRule {
  id: string;
  meta: RuleMeta & {
    scope: 'file';
    kinds: readonly FileKind[];
    /**
     * In a render.yaml or Compose file, what `check` reports inside one service depends only on
     * that service, the file outside `services` and other files, and what it reports elsewhere on
     * no service: the language server then re-runs it on the edited services only (./shardCache).
     * Checks that compare services with each other go in `checkAcross`.
     */
    perService?: boolean;
  };
  check(ctx: FileContext): void;
  /** With `perService`: the part that compares services with each other, run on the whole file every time. */
  checkAcross?(ctx: FileContext): void;
  prepare?: Prepare;
}

/** Cross-file rules run once per audit over the whole workspace and may report in any file. */
export interface WorkspaceRule {
  id: string;
  meta: RuleMeta & {
    scope: 'workspace';
    /**
     * The kinds of config file `check` reads, when that is all it reads (no other file, nothing on
     * disk, no source code, no git) and it reports only in those files: the language server then
     * keeps its findings while only files of other kinds change (./keptWorkspaceFindings).
     */
    reads?: readonly FileKind[];
  };
  check(ctx: WorkspaceContext): void;
  prepare?: Prepare;
}

export type Rule = FileRule | WorkspaceRule;

export interface EngineSettings {
  /** Globs (POSIX, relative) of files treated as production configuration. */
  productionGlobs: string[];
  /** Globs of files never treated as production configuration (dev/local/test). */
  nonProductionGlobs: string[];
}
