import { LineIndex } from '../text/lineIndex';
import type { Finding, Range, Workspace } from '../types';

export interface LineColumnRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based line/column (UTF-16 columns) of a range; `line: 0` when the file cannot be read (e.g. it is created by a fix). */
export function lineColumn(workspace: Workspace, file: string, range: Range): LineColumnRange {
  const src = workspace.get(file);
  const text = src ? undefined : workspace.fs.readText(file);
  if (!src && text === undefined) return { line: 0, column: 0, endLine: 0, endColumn: 0 };
  // Files that are not parsed config (.gitignore, code) go through the same line index.
  const lines = src ? src.lines : new LineIndex(text!);
  const s = lines.positionAt(range.start);
  const e = lines.positionAt(range.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function findingPosition(workspace: Workspace, f: Finding): LineColumnRange {
  return lineColumn(workspace, f.file, f.range);
}
