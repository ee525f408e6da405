import type { Range, SourceFile } from './types';

export interface Suppressions {
  /** Rule ids suppressed for the whole file. */
  file: Set<string>;
  /** 0-based line → rule ids suppressed on that line. */
  lines: Map<number, Set<string>>;
  /** Every id named in a suppression comment, with where it was written (to report unknown ids). */
  mentions: { id: string; range: Range }[];
}

const PATTERN = /#\s*readiness-ignore(-next-line)?\s+([A-Za-z0-9_,\s-]+?)\s*(?:--.*)?$/gm;

/**
 * `# readiness-ignore-next-line <id>[, <id>]` silences the next non-blank, non-comment line;
 * `# readiness-ignore <id>` silences the whole file. Both work in YAML and dotenv files.
 */
export function readSuppressions(file: SourceFile): Suppressions {
  const result: Suppressions = { file: new Set(), lines: new Map(), mentions: [] };
  if (!file.text.includes('readiness-ignore')) return result;
  const text = file.text;
  for (const m of text.matchAll(PATTERN)) {
    const idsStart = m.index! + m[0].indexOf(m[2]);
    const ids: string[] = [];
    let cursor = idsStart;
    for (const part of m[2].split(',')) {
      const id = part.trim();
      const at = text.indexOf(id, cursor);
      cursor = at + id.length;
      if (!id) continue;
      ids.push(id);
      result.mentions.push({ id, range: { start: at, end: at + id.length } });
    }
    if (m[1]) {
      let line = file.lines.positionAt(m.index!).line + 1;
      while (line < file.lines.lineCount && /^\s*(#.*)?$/.test(file.lines.lineText(line))) line++;
      const set = result.lines.get(line) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      result.lines.set(line, set);
    } else {
      ids.forEach((id) => result.file.add(id));
    }
  }
  return result;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  return s.file.has(ruleId) || s.file.has('all') || Boolean(s.lines.get(line)?.has(ruleId) || s.lines.get(line)?.has('all'));
}
