// dotenv lines that parsers read differently or not at all. The checks follow dotenv-linter's
// (SpaceCharacter, IncorrectDelimiter/LeadingCharacter, LowercaseKey, KeyWithoutValue,
// ValueWithoutQuotes, SubstitutionKey, EndingBlankLine, UnorderedKey) where they change what a
// program receives, plus parser disagreements found in motdotla/dotenv (`#` ends an unquoted
// value anywhere), compose-go's dotenv (`KEY: value`, invalid `${`), and python-dotenv.
import { parseInterpolation } from '../engine/compose/interpolation';
import type { DotenvEntry } from '../engine/parse/dotenv';
import type { DotenvSourceFile, FileContext, FileRule, Fix } from '../engine/types';

const VALID_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fix(file: DotenvSourceFile, title: string, start: number, end: number, newText: string, safe = true): Fix {
  return { title, edits: [{ file: file.path, start, end, newText }], safe };
}

/** Quotes `start..end` by inserting the quote characters only, so the fix never carries the value (it may be a secret). */
function quoteFix(file: DotenvSourceFile, title: string, start: number, end: number, quoted: string): Fix {
  const q = quoted[0];
  return { title, edits: [{ file: file.path, start, end: start, newText: q }, { file: file.path, start: end, end, newText: q }], safe: true };
}

/**
 * The value quoted so every parser reads the same text: single quotes when a broken `${` must stay
 * literal, double quotes otherwise (they keep `${VAR}` interpolation in Compose and dotenv-expand).
 */
function quoteFor(value: string, literal: boolean): string | undefined {
  if (literal) return value.includes("'") ? undefined : `'${value}'`;
  if (!/["\\`]/.test(value)) return `"${value}"`;
  return value.includes('$') || value.includes("'") ? undefined : `'${value}'`;
}

function checkEntry(ctx: FileContext, file: DotenvSourceFile, e: DotenvEntry, opts: { lowercase: boolean }): void {
  const key = e.key;
  if (e.equals < 0 && key.includes(':')) {
    // `KEY:value` / `KEY: value` (YAML style): motdotla and Compose accept it, python-dotenv and shells do not.
    const colon = e.keyRange.start + key.indexOf(':');
    const name = key.slice(0, key.indexOf(':'));
    if (VALID_KEY.test(name)) {
      ctx.report({ range: { start: colon, end: colon + 1 }, message: `${name} is assigned with ":" instead of "="; python-dotenv and shells do not read it. Write ${name}=value.`, fix: fix(file, 'Use = instead of :', colon, colon + 1, '=') });
      return;
    }
  }
  if (e.equals < 0) {
    ctx.report({
      range: e.keyRange,
      message: `${key} has no "=": Node's dotenv ignores the line and Compose copies ${key} from the shell; write ${key}= for an empty value or remove the line.`,
      fix: fix(file, `Write ${key}= (empty value)`, e.keyRange.end, e.keyRange.end, '=', false),
    });
    return;
  }
  if (e.equals > e.keyRange.end || (e.valueRange.start > e.equals + 1 && e.rawValue !== '')) {
    ctx.report({
      range: { start: e.keyRange.end, end: e.valueRange.start },
      message: `Spaces around = in ${key}: some parsers keep them in the key or value. Write ${key}=value.`,
      fix: fix(file, 'Remove the spaces around =', e.keyRange.end, e.valueRange.start, '='),
    });
  }
  if (!VALID_KEY.test(key)) {
    const suggested = key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
    ctx.report({
      range: e.keyRange,
      message: `${key} is not a valid variable name (letters, digits and _, not starting with a digit); shells and many parsers reject it. Rename it, e.g. ${suggested}.`,
      fix: fix(file, `Rename to ${suggested}`, e.keyRange.start, e.keyRange.end, suggested, false),
    });
  } else if (opts.lowercase && key !== key.toUpperCase()) {
    ctx.report({
      range: e.keyRange,
      message: `${key} is not upper case; environment names are case-sensitive on Linux but not on Windows, so ${key} and ${key.toUpperCase()} can silently swap. Use ${key.toUpperCase()}.`,
      fix: fix(file, `Rename to ${key.toUpperCase()}`, e.keyRange.start, e.keyRange.end, key.toUpperCase(), false),
    });
  }
  if (!e.closed) {
    ctx.report({
      range: e.valueRange,
      message: `The value of ${key} opens a ${e.quote} quote that never closes; parsers disagree on what it contains. Close the quote.`,
      fix: fix(file, 'Close the quote at the end of the line', e.valueRange.end, e.valueRange.end, e.quote!, false),
    });
    return;
  }
  const inner = e.quote ? e.rawValue.slice(1, -1) : e.rawValue;
  const broken = e.quote === "'" || e.quote === '`' ? undefined : parseInterpolation(inner).find((p) => p.kind === 'invalid');
  if (e.quote === null && e.rawValue !== '') {
    const value = e.rawValue;
    const hash = value.indexOf('#');
    const q = quoteFor(value, broken !== undefined);
    const quoted = q ? quoteFix(file, 'Quote the value', e.valueRange.start, e.valueRange.end, q) : undefined;
    if (hash >= 0) {
      ctx.report({
        range: { start: e.valueRange.start + hash, end: e.valueRange.start + hash + 1 },
        message: `The value of ${key} contains # without quotes: Node's dotenv cuts the value there, Compose and python-dotenv keep it. Quote the value.`,
        fix: quoted,
      });
    } else if (/\s/.test(value)) {
      ctx.report({
        range: e.valueRange,
        message: `The value of ${key} contains spaces without quotes; a shell that sources the file runs the words after the first space as a command. Quote the value.`,
        fix: quoted,
      });
    }
  }
  if (broken && broken.kind === 'invalid') {
    const offset = e.valueRange.start + (e.quote ? 1 : 0);
    const q = e.quote === null ? quoteFor(inner, true) : undefined;
    ctx.report({
      range: { start: offset + broken.start, end: offset + broken.end },
      message: `The value of ${key} has a broken variable reference (${broken.reason}); Compose rejects the file and dotenv-expand leaves it half-expanded. Write $$ for a literal $ or single-quote the value.`,
      fix: q ? quoteFix(file, 'Single-quote the value (no interpolation)', e.valueRange.start, e.valueRange.end, q) : undefined,
    });
  }
}

function checkExportStyle(ctx: FileContext, file: DotenvSourceFile): void {
  const entries = file.env.entries;
  const exported = entries.filter((e) => e.exportRange);
  if (exported.length === 0 || exported.length === entries.length) return;
  if (exported.length * 2 >= entries.length) {
    for (const e of entries) {
      if (e.exportRange) continue;
      ctx.report({
        range: e.keyRange,
        message: `${e.key} lacks the export that the other lines have; when the file is sourced by a shell, ${e.key} does not reach child processes. Add export.`,
        fix: fix(file, 'Add export', e.keyRange.start, e.keyRange.start, 'export '),
      });
    }
  } else {
    for (const e of exported) {
      const r = e.exportRange!;
      ctx.report({
        range: r,
        message: `${e.key} is the only kind of line with export in this file; mixed styles mean the file behaves differently when sourced by a shell. Remove export or add it everywhere.`,
        fix: fix(file, 'Remove export', r.start, e.keyRange.start, ''),
      });
    }
  }
}

function checkOrder(ctx: FileContext, file: DotenvSourceFile): void {
  let prev: DotenvEntry | undefined;
  for (const e of file.env.entries) {
    // A blank line or a comment starts a new group: ordering is only checked inside a group.
    const between = prev ? file.text.slice(prev.range.end, e.range.start) : '';
    if (prev && !/\n[ \t]*\r?\n|#/.test(between) && e.key.localeCompare(prev.key, 'en') < 0) {
      ctx.report({ range: e.keyRange, message: `${e.key} should come before ${prev.key} (keys are kept in alphabetical order in this project).` });
    }
    prev = e;
  }
}

const rule: FileRule = {
  id: 'env-syntax',
  meta: {
    scope: 'file',
    kinds: ['dotenv'],
    category: 'correctness',
    severity: 'warning',
    description: 'dotenv lines that parsers read differently or not at all: spaces around =, unquoted spaces or #, unbalanced quotes, invalid keys, broken ${...}, mixed export, missing final newline.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'dotenv') return;
    const text = file.text;
    const lowercase = ctx.options.lowercaseKeys !== false;
    for (const bad of file.env.invalidLines) {
      const line = text.slice(bad.range.start, bad.range.end);
      const colon = /^(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)([ \t]*):[ \t]+/.exec(line);
      if (colon) {
        const keyEnd = bad.range.start + (colon[1]?.length ?? 0) + colon[2].length;
        const at = keyEnd + colon[3].length;
        ctx.report({
          range: { start: at, end: at + 1 },
          message: `${colon[2]} is assigned with ":" instead of "="; python-dotenv and shells do not read it. Write ${colon[2]}=value.`,
          fix: fix(file, 'Use = instead of :', keyEnd, bad.range.start + colon[0].length, '='),
        });
        continue;
      }
      ctx.report({ range: bad.range, message: 'This line is not KEY=value, a comment or blank; dotenv parsers ignore it. Fix or comment it out.', fix: fix(file, 'Comment the line out', bad.range.start, bad.range.start, '# ', false) });
    }
    for (const e of file.env.entries) checkEntry(ctx, file, e, { lowercase });
    checkExportStyle(ctx, file);
    if (ctx.options.order === true) checkOrder(ctx, file);
    if (text.length > 0 && !file.env.endsWithNewline) {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      ctx.report({
        range: { start: text.length, end: text.length },
        message: 'The file does not end with a newline; tools that append to it will corrupt the last line. Add one.',
        fix: fix(file, 'Add a final newline', text.length, text.length, eol),
      });
    }
  },
};

export default rule;
