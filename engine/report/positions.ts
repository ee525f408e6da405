import type { Finding, Range, Workspace } from '../types';

export interface LineColumnRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based line/column (UTF-16 columns) of a finding; `line: 0` when the file is not parsed (e.g. `.gitignore`). */
export function lineColumn(workspace: Workspace, file: string, range: Range): LineColumnRange {
  const src = workspace.get(file);
  if (!src) {
    const text = workspace.fs.readText(file);
    if (text === undefined) return { line: 0, column: 0, endLine: 0, endColumn: 0 };
    return fromText(text, range);
  }
  const s = src.lines.positionAt(range.start);
  const e = src.lines.positionAt(range.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

function fromText(text: string, range: Range): LineColumnRange {
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split(/\r\n|\r|\n/).length;
    const col = o - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
    return { line, col };
  };
  const s = pos(range.start);
  const e = pos(range.end);
  return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

export function findingPosition(workspace: Workspace, f: Finding): LineColumnRange {
  return lineColumn(workspace, f.file, f.range);
}
