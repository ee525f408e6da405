// Fixes stay in the server with the findings last published for each file, and become edits only
// when the client asks for code actions. The edits must still be the ones the diagnostics were
// computed with: each publication keeps the texts (and versions) of the files its fixes edit.
import type { Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../engine/types';
import type { DiagnosticData, TextSource } from './convert';

export interface FixTexts {
  texts: Map<string, string | undefined>;
  versions: Map<string, number | null>;
}

export interface Publication {
  version: number | undefined;
  diagnostics: Diagnostic[];
  findings: readonly Finding[];
  fixTexts: FixTexts;
  /** Made only to compare with a publication for the same version. */
  json?: string;
  /** The texts the diagnostics' positions were computed on (./samePublication). */
  positionTexts: ReadonlyMap<string, string | undefined>;
}

const NO_TEXTS: FixTexts = { texts: new Map(), versions: new Map() };

/** The texts of every file the findings' fixes edit, as they are now (strings are shared, not copied). */
export function fixTextsOf(findings: readonly Finding[], source: TextSource): FixTexts {
  let out: FixTexts | undefined;
  for (const f of findings) {
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        out ??= { texts: new Map(), versions: new Map() };
        if (out.texts.has(e.file)) continue;
        out.texts.set(e.file, source.text(e.file));
        out.versions.set(e.file, source.version(e.file));
      }
    }
  }
  return out ?? NO_TEXTS;
}

/** `live`, except that the files a publication's fixes edit read as they were when it was made. */
export function asPublished(fixTexts: FixTexts, live: TextSource): TextSource {
  return {
    text: (file) => (fixTexts.texts.has(file) ? fixTexts.texts.get(file) : live.text(file)),
    lines: live.lines && ((file, text) => live.lines!(file, text)),
    uri: (file) => live.uri(file),
    version: (file) => (fixTexts.versions.has(file) ? fixTexts.versions.get(file)! : live.version(file)),
  };
}

/**
 * The finding a diagnostic of a code action request stands for, or undefined when the request's
 * diagnostic is not (any longer) one of the published ones.
 */
export function findingOf(publication: Publication, diagnostic: Diagnostic): Finding | undefined {
  const hint = (diagnostic.data as Partial<DiagnosticData> | undefined)?.index;
  if (typeof hint === 'number' && sameDiagnostic(publication.diagnostics[hint], diagnostic)) return publication.findings[hint];
  const i = publication.diagnostics.findIndex((d) => sameDiagnostic(d, diagnostic));
  return i < 0 ? undefined : publication.findings[i];
}

function sameDiagnostic(a: Diagnostic | undefined, b: Diagnostic): boolean {
  if (!a) return false;
  const r = a.range;
  const s = b.range;
  return a.code === b.code && a.message === b.message
    && r.start.line === s.start.line && r.start.character === s.start.character && r.end.line === s.end.line && r.end.character === s.end.character;
}
