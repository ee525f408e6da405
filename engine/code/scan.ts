// One source file's environment reads, found lexically (nothing is executed or type-checked):
// comments and strings are blanked first, so a read quoted in a comment or a docstring is not one.
import { lexCLike } from './lex/cLike';
import { lexHashComment } from './lex/hashComment';
import { lexPython } from './lex/python';
import { readElixir } from './read/elixir';
import { readGo } from './read/go';
import { readJs } from './read/js';
import { readPython } from './read/python';
import { readRuby } from './read/ruby';
import { readRust } from './read/rust';
import { LineIndex } from '../text/lineIndex';
import { ownString } from '../text/ownString';
import type { Language } from './languages';
import type { LexedSource } from './lex/masked';
import type { EnvRead, Reader } from './read/types';

export type { EnvRead } from './read/types';

export interface LocatedRead extends EnvRead {
  /** 0-based line of the name. */
  line: number;
}

export interface SourceScan {
  reads: LocatedRead[];
  /** Some variables are read by computed names: the file may read any variable. */
  dynamic: boolean;
  /** `readiness-ignore-next-line <ids>` (0-based line → ids) and `readiness-ignore <ids>` in comments. */
  suppressedLines: ReadonlyMap<number, readonly string[]>;
  suppressedFile: readonly string[];
  /** UPPER_CASE words in the code and its strings (not its comments): a name mentioned there may be read indirectly. */
  words: Set<string>;
}

const LEXERS: Record<Language, (text: string) => LexedSource> = {
  js: (t) => lexCLike(t, { dialect: 'js' }),
  go: (t) => lexCLike(t, { dialect: 'go' }),
  rust: (t) => lexCLike(t, { dialect: 'rust' }),
  python: lexPython,
  ruby: (t) => lexHashComment(t, { dialect: 'ruby' }),
  elixir: (t) => lexHashComment(t, { dialect: 'elixir' }),
};

const READERS: Record<Language, Reader> = { js: readJs, go: readGo, rust: readRust, python: readPython, ruby: readRuby, elixir: readElixir };

const MAX_WORDS = 5000;
/** Blank and comment lines a `readiness-ignore-next-line` may skip to reach its line. */
const MAX_SKIPPED_LINES = 100;

/** Cheap pre-check: files that mention none of these cannot read a variable. */
const HINTS: Record<Language, RegExp> = {
  js: /\benv\b/,
  python: /environ|getenv|BaseSettings|decouple|dj_database_url/,
  ruby: /\bENV\b/,
  go: /Getenv|LookupEnv|Environ/,
  rust: /::\s*var|vars/,
  elixir: /System/,
};

const NO_LINES: ReadonlyMap<number, readonly string[]> = new Map();
const NO_IDS: readonly string[] = [];

const SUPPRESSION = /readiness-ignore(-next-line)?\s+([A-Za-z0-9_,\s-]+?)\s*(?:--.*)?$/;

export function scanSource(language: Language, text: string): SourceScan {
  const lex = LEXERS[language](text);
  const words = upperWords(lex);
  if (!HINTS[language].test(text) && !text.includes('readiness-ignore')) return { reads: [], dynamic: false, suppressedLines: NO_LINES, suppressedFile: NO_IDS, words };
  const { reads, dynamic } = READERS[language](lex);
  const lines = new LineIndex(text);
  // Once a file has tested a variable or given it a default (`if os.getenv("X"):`), its later
  // plain reads of it are taken as guarded by that.
  const handled = new Set<string>();
  const located = reads
    .sort((a, b) => a.start - b.start)
    .map((r) => {
      const guarded = !r.hasDefault && !r.optional && handled.has(r.name);
      if (r.hasDefault || r.optional) handled.add(r.name);
      // Kept for the life of the index: names copied out of the text, and a literal rather than a
      // spread plus overrides (V8 gives that a larger object per read).
      const read: LocatedRead = {
        name: ownString(r.name), start: r.start, end: r.end, via: ownString(r.via),
        default: r.default === undefined ? undefined : ownString(r.default), hasDefault: r.hasDefault,
        optional: r.optional || guarded, caseInsensitive: r.caseInsensitive, line: lines.positionAt(r.start).line,
      };
      return read;
    });
  const suppressedLines = new Map<number, string[]>();
  const suppressedFile: string[] = [];
  for (const c of lex.comments) {
    if (!c.text.includes('readiness-ignore')) continue;
    const m = SUPPRESSION.exec(c.text.replace(/\*\/\s*$/, ''));
    if (!m) continue;
    const ids = m[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (!m[1]) {
      suppressedFile.push(...ids);
      continue;
    }
    // The next line holding code (blank and comment-only lines are skipped).
    let line = lines.positionAt(c.end).line + 1;
    const last = Math.min(lines.lineCount, line + MAX_SKIPPED_LINES);
    while (line < last && lex.code.slice(lines.lineStart(line), lines.lineEnd(line)).trim() === '') line++;
    suppressedLines.set(line, [...(suppressedLines.get(line) ?? []), ...ids]);
  }
  // Most files suppress nothing: they share one empty map and list (an index holds thousands of scans).
  return { reads: located, dynamic, suppressedLines: suppressedLines.size ? suppressedLines : NO_LINES, suppressedFile: suppressedFile.length ? suppressedFile : NO_IDS, words };
}

function upperWords(lex: LexedSource): Set<string> {
  const words = new Set<string>();
  addUpperWords(lex.code, words);
  for (const lit of lex.strings.values()) addUpperWords(lit.value, words);
  return words;
}

const UPPER_WORD = /\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g;

/** The matched words as one list of strings: `matchAll` makes a match object per word, for every source file. */
function addUpperWords(s: string, words: Set<string>): void {
  const found = s.match(UPPER_WORD);
  if (!found) return;
  for (const w of found) {
    if (words.size >= MAX_WORDS) return;
    words.add(ownString(w));
  }
}

export function isSuppressedRead(scan: SourceScan, ruleId: string, line: number): boolean {
  const ids = scan.suppressedLines.get(line);
  return scan.suppressedFile.includes(ruleId) || scan.suppressedFile.includes('all') || Boolean(ids && (ids.includes(ruleId) || ids.includes('all')));
}
