// The one place where engine offsets become LSP positions (UTF-16, 0-based) and fixes become edits.
import { createHash } from 'node:crypto';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type Range as LspRange, type TextEdit, type WorkspaceEdit, CodeActionKind } from 'vscode-languageserver';
import { docsUrl } from '../engine/docsLink';
import { LineIndex } from '../engine/text/lineIndex';
import type { FileEdit, Finding, Fix, Range, Severity } from '../engine/types';

export interface TextSource {
  /** Current text of a workspace-relative file, or undefined when it does not exist. */
  text(file: string): string | undefined;
  /** The line index of `text`, when one is at hand (a parsed config file's): not built again. */
  lines?(file: string, text: string): LineIndex | undefined;
  uri(file: string): string;
  /** Version of an open document, for edits the client must reject once the file moved on. */
  version(file: string): number | null;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export interface LspFixEdit {
  uri: string;
  create: boolean;
  version: number | null;
  /**
   * For a file the editor does not hold (no version to check): a hash of the text the edits were
   * computed on ('' for a file to create), so the fix is not offered once that file changed.
   */
  textHash?: string;
  edits: TextEdit[];
}

export interface LspFix {
  title: string;
  safe: boolean;
  changes: LspFixEdit[];
}

/**
 * What a diagnostic carries back to the server in a code action request. Its fixes stay in the
 * server (with the findings last published for the file) and are worked out when asked: sent with
 * every publication they made a 5,000-line file's diagnostics several times larger, on every edit.
 */
export interface DiagnosticData {
  ruleId: string;
  /** The finding's place in the file's published list: a hint, checked against the diagnostic. */
  index: number;
}

export class PositionCache {
  private readonly cache = new Map<string, { text: string; index: LineIndex }>();
  private readonly hashes = new Map<string, { text: string | undefined; hash: string }>();
  constructor(private readonly source: TextSource) {}

  hash(file: string): string {
    const text = this.source.text(file);
    const hit = this.hashes.get(file);
    if (hit && hit.text === text) return hit.hash;
    const hash = textHash(text);
    this.hashes.set(file, { text, hash });
    return hash;
  }

  index(file: string): LineIndex | undefined {
    const text = this.source.text(file);
    if (text === undefined) return undefined;
    const hit = this.cache.get(file);
    if (hit && hit.text === text) return hit.index;
    const index = this.source.lines?.(file, text) ?? new LineIndex(text);
    this.cache.set(file, { text, index });
    return index;
  }

  range(file: string, r: Range) {
    const idx = this.index(file);
    if (!idx) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: idx.positionAt(r.start), end: idx.positionAt(r.end) };
  }

  /** Whether `range` is where `r` of `file` is now (what `range` would give). */
  isAt(file: string, r: Range, range: LspRange): boolean {
    const idx = this.index(file);
    if (!idx) return range.start.line === 0 && range.start.character === 0 && range.end.line === 0 && range.end.character === 0;
    return idx.isAt(r.start, range.start) && idx.isAt(r.end, range.end);
  }
}

export function toLspFix(fix: Fix, positions: PositionCache, source: TextSource): LspFix {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const changes: LspFixEdit[] = [];
  for (const [file, edits] of byFile) {
    const exists = source.text(file) !== undefined;
    const version = source.version(file);
    changes.push({
      uri: source.uri(file),
      create: !exists,
      version,
      textHash: version === null ? positions.hash(file) : undefined,
      edits: edits.map((e) => ({ range: exists ? positions.range(file, e) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: e.newText })),
    });
  }
  return { title: fix.title, safe: fix.safe, changes };
}

/** What `LspFixEdit.textHash` holds for a text ('' when the file does not exist). */
export function textHash(text: string | undefined): string {
  return text === undefined ? '' : createHash('sha256').update(text).digest('base64').slice(0, 16);
}

/** Whether every file a fix edits without a version still holds the text the fix was computed on. */
export function isFresh(fix: LspFix, currentHash: (uri: string) => string): boolean {
  return fix.changes.every((c) => c.version !== null || c.textHash === undefined || currentHash(c.uri) === c.textHash);
}

/**
 * The diagnostic last published for a finding, when `f` comes out exactly as it did: the same rule,
 * severity, message, place in the list and positions (related information included). A keystroke
 * moves most findings of a large file by some offsets but leaves their lines and columns as they
 * were; their diagnostics are kept instead of being made again for every publication.
 */
export function sameDiagnostic(f: Finding, index: number, positions: PositionCache, source: TextSource, was: Finding | undefined, diagnostic: Diagnostic | undefined): Diagnostic | undefined {
  if (!was || !diagnostic) return undefined;
  if (was !== f && (was.ruleId !== f.ruleId || was.severity !== f.severity || was.message !== f.message || was.file !== f.file || was.related.length !== f.related.length)) return undefined;
  if ((diagnostic.data as DiagnosticData | undefined)?.index !== index || !positions.isAt(f.file, f.range, diagnostic.range)) return undefined;
  const related = diagnostic.relatedInformation;
  if ((related?.length ?? 0) !== f.related.length) return undefined;
  for (let i = 0; i < f.related.length; i++) {
    const r = f.related[i];
    const d = related![i];
    if (d.message !== r.message || d.location.uri !== source.uri(r.file) || !positions.isAt(r.file, r.range, d.location.range)) return undefined;
  }
  return diagnostic;
}

export function toDiagnostic(f: Finding, index: number, positions: PositionCache, source: TextSource): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, index };
  return {
    range: positions.range(f.file, f.range),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    source: 'readiness',
    message: f.message,
    relatedInformation: f.related.length
      ? f.related.map((r) => ({ location: { uri: source.uri(r.file), range: positions.range(r.file, r.range) }, message: r.message }))
      : undefined,
    data,
  };
}

/** Merges several fixes' changes into one WorkspaceEdit; file creations come first. */
export function toWorkspaceEdit(fixes: readonly LspFix[]): WorkspaceEdit {
  const creates = new Set<string>();
  const edits = new Map<string, { version: number | null; edits: TextEdit[] }>();
  for (const fix of fixes) {
    for (const c of fix.changes) {
      if (c.create) creates.add(c.uri);
      const entry = edits.get(c.uri) ?? { version: c.create ? null : c.version, edits: [] };
      for (const e of c.edits) if (!entry.edits.some((x) => sameEdit(x, e))) entry.edits.push(e);
      edits.set(c.uri, entry);
    }
  }
  return {
    documentChanges: [
      ...[...creates].map((uri) => ({ kind: 'create' as const, uri, options: { ignoreIfExists: true } })),
      ...[...edits].map(([uri, e]) => ({ textDocument: { uri, version: e.version }, edits: e.edits })),
    ],
  };
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.newText === b.newText && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character && a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;
}

export function quickFix(title: string, diagnostic: Diagnostic | undefined, fixes: LspFix[], preferred: boolean, kind: string = CodeActionKind.QuickFix): CodeAction {
  return { title, kind, diagnostics: diagnostic ? [diagnostic] : undefined, isPreferred: preferred || undefined, edit: toWorkspaceEdit(fixes) };
}

export function fileUri(absPath: string): string {
  return URI.file(absPath).toString();
}

export function uriToPath(uri: string): string | undefined {
  const u = URI.parse(uri);
  return u.scheme === 'file' ? u.fsPath : undefined;
}
