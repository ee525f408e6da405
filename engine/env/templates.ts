// Env templates (`.env.example`, `.env.sample`, `.env.template` …): the variables they document,
// which template documents a source file (the nearest one up the folder tree), and the edit that
// adds a variable next to the ones it belongs with.
import * as path from 'node:path';
import { isEnvTemplate } from '../fileKinds';
import { deleteLinesRange, eolOf, nextLineStart } from '../yaml/ast';
import type { DotenvSourceFile, FileEdit, Range, Workspace } from '../types';

export interface TemplateKey {
  key: string;
  range: Range;
  /** Written as a comment (`# STRIPE_KEY=`): documented, though not set. */
  commented: boolean;
  /** Offset just after the line that declares it. */
  lineEnd: number;
  /** The whole lines of the declaration (a multi-line value included), for removal. */
  lines: Range;
}

export interface EnvTemplate {
  file: DotenvSourceFile;
  dir: string;
  keys: TemplateKey[];
  names: Set<string>;
}

/** Preference when one folder holds several templates. */
const ORDER = ['.env.example', '.env.sample', '.env.template', '.env.dist'];

function read(file: DotenvSourceFile): EnvTemplate {
  const keys: TemplateKey[] = file.env.entries.map((e) => ({
    key: e.key, range: e.keyRange, commented: false, lineEnd: nextLineStart(file.text, e.range.end), lines: deleteLinesRange(file.text, e.range),
  }));
  for (const c of file.env.comments) {
    const m = /^#\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(c.text);
    if (m) {
      const start = c.range.start + c.text.indexOf(m[1], 1);
      keys.push({ key: m[1], range: { start, end: start + m[1].length }, commented: true, lineEnd: nextLineStart(file.text, c.range.end), lines: deleteLinesRange(file.text, c.range) });
    }
  }
  keys.sort((a, b) => a.range.start - b.range.start);
  const dir = path.posix.dirname(file.path);
  return { file, dir: dir === '.' ? '' : dir, keys, names: new Set(keys.map((k) => k.key)) };
}

/** Every parsed env template in the workspace, preferred ones first. */
export function allEnvTemplates(workspace: Workspace): EnvTemplate[] {
  return workspace.model('env.allTemplates', () => {
    const rank = (p: string) => {
      const i = ORDER.indexOf(path.posix.basename(p));
      return i < 0 ? ORDER.length : i;
    };
    const files = workspace.filesOfKind('dotenv').filter((f): f is DotenvSourceFile => f.format === 'dotenv' && isEnvTemplate(f.path));
    files.sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
    return files.map(read);
  });
}

/**
 * The template of each folder (the preferred one when a folder has several, e.g. `.env.example`
 * and `.env.local.example`), documenting what any of them lists.
 */
export function envTemplates(workspace: Workspace): Map<string, EnvTemplate> {
  return workspace.model('env.templates', () => {
    const out = new Map<string, EnvTemplate>();
    for (const t of allEnvTemplates(workspace)) {
      const first = out.get(t.dir);
      if (!first) out.set(t.dir, { ...t, names: new Set(t.names) });
      else t.names.forEach((n) => first.names.add(n));
    }
    return out;
  });
}

/** The template nearest to `file` up the folder tree, if any. */
export function templateFor(templates: Map<string, EnvTemplate>, file: string): EnvTemplate | undefined {
  let dir = path.posix.dirname(file);
  for (;;) {
    const d = dir === '.' ? '' : dir;
    const t = templates.get(d);
    if (t) return t;
    if (d === '') return undefined;
    dir = path.posix.dirname(d);
  }
}

/**
 * `KEY=` on a new line: after the last variable sharing its prefix (`STRIPE_` for STRIPE_WEBHOOK_SECRET),
 * so groups and their comments stay together, or at the end of the file, in a block of its own when
 * the file separates groups with blank lines. What goes before the new lines (ending the last line,
 * the blank line) is a separate edit, identical for every variable added there, so adding several
 * at once writes it once.
 */
export function addToTemplate(t: EnvTemplate, key: string): FileEdit[] {
  const text = t.file.text;
  const eol = eolOf(text);
  const unterminated = text.length > 0 && !/[\r\n]$/.test(text);
  const at = (offset: number, newText: string): FileEdit => ({ file: t.file.path, start: offset, end: offset, newText });
  const prefix = key.includes('_') ? key.slice(0, key.indexOf('_') + 1) : undefined;
  const sibling = prefix ? [...t.keys].reverse().find((k) => k.key.startsWith(prefix)) : undefined;
  if (sibling) {
    const lead = sibling.lineEnd === text.length && unterminated ? [at(text.length, eol)] : [];
    return [...lead, at(sibling.lineEnd, `${key}=${eol}`)];
  }
  const grouped = /\S[ \t]*(\r\n|\n|\r)[ \t]*(\r\n|\n|\r)\s*\S/.test(text);
  const endsBlank = /(\r\n|\n|\r)[ \t]*(\r\n|\n|\r)$/.test(text);
  const lead = (unterminated ? eol : '') + (grouped && !endsBlank ? eol : '');
  return [...(lead ? [at(text.length, lead)] : []), at(text.length, `${key}=${eol}`)];
}
