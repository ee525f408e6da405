// Version requirements as written in version files, images, workflow inputs and package metadata,
// reduced to what the runtime rules compare: release lines. A Python line is major.minor (minor
// releases remove modules and change the C API); a Node line is the major (Node follows semver,
// minor releases within a major are compatible). A requirement is a union of intervals of full
// versions, so `3.11.0`, `3.11`, `>=3.10,<3.13`, `^18`, `18.x`, `~16.13.0` and `lts/hydrogen` are
// all answered the same way: which lines does it allow, and is it pinned to exactly one?
import { NODE_LTS_CODENAMES } from './data';

export type Language = 'python' | 'node';

export interface Line {
  major: number;
  /** Python only. */
  minor?: number;
}

/** [lo, hi) over versions encoded as major*1e6 + minor*1e3 + patch. */
interface Interval {
  lo: number;
  hi: number;
}

export interface VersionReq {
  language: Language;
  /** The text as written (trimmed). */
  text: string;
  intervals: Interval[];
  /** The single line the requirement allows, when it allows exactly one. */
  pinned?: Line;
}

const INF = Number.MAX_SAFE_INTEGER;
const enc = (a: number, b: number, c: number) => a * 1e6 + b * 1e3 + c;

interface Partial {
  parts: number[];
  /** Index of the first wildcard (`x`, `*`), or parts.length when none. */
  wild: number;
}

function parseVersion(s: string): Partial | undefined {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+.]?[0-9A-Za-z.-]*)?$/.exec(s.trim());
  if (!m) return undefined;
  const raw = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined);
  const wild = raw.findIndex((p) => /^[xX*]$/.test(p));
  const parts = (wild < 0 ? raw : raw.slice(0, wild)).map(Number);
  if (parts.some((n) => n >= 1000 && n !== parts[0])) return undefined;
  return { parts, wild: wild < 0 ? raw.length : wild };
}

/** The interval of every version matching a partial version (`3.11` = [3.11.0, 3.12.0)). */
function spanOf(p: Partial): Interval {
  const [a, b, c] = p.parts;
  if (a === undefined) return { lo: 0, hi: INF };
  if (b === undefined) return { lo: enc(a, 0, 0), hi: enc(a + 1, 0, 0) };
  if (c === undefined) return { lo: enc(a, b, 0), hi: enc(a, b + 1, 0) };
  return { lo: enc(a, b, c), hi: enc(a, b, c + 1) };
}

function intersect(a: Interval, b: Interval): Interval {
  return { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

/** One comparator (`>=3.10`, `^18.2`, `~=3.9`, `18.x`, `3.11.*`) as an interval. */
function comparator(token: string, language: Language): Interval | undefined {
  const m = /^(===|==|>=|<=|~=|!=|>|<|=|\^|~)?\s*(.+)$/.exec(token.trim());
  if (!m) return undefined;
  const op = m[1] ?? '';
  const p = parseVersion(m[2].replace(/\.\*$/, '.x'));
  if (!p) return undefined;
  const span = spanOf(p);
  const [a, b, c] = p.parts;
  switch (op) {
    case '':
    case '=':
    case '==':
    case '===':
      // PEP 440 `==3.11` is exactly 3.11.0; npm `18` is any 18.x. Both allow the line.
      return language === 'python' && op.startsWith('==') && p.wild === p.parts.length ? { lo: span.lo, hi: span.lo + 1 } : span;
    case '!=':
      return { lo: 0, hi: INF };
    case '>=':
      return { lo: span.lo, hi: INF };
    case '>':
      // npm `>18` = `>=19`; a full version excludes itself only.
      return { lo: p.parts.length === 3 ? span.lo + 1 : span.hi, hi: INF };
    case '<':
      return { lo: 0, hi: span.lo };
    case '<=':
      return { lo: 0, hi: span.hi };
    case '~=':
      // PEP 440 compatible release: `~=3.10` = >=3.10,<4; `~=3.10.2` = >=3.10.2,<3.11.
      if (b === undefined) return undefined;
      return c === undefined ? { lo: span.lo, hi: enc(a + 1, 0, 0) } : { lo: span.lo, hi: enc(a, b + 1, 0) };
    case '^':
      // npm and Poetry caret: the left-most non-zero part may not change.
      if (a > 0 || b === undefined) return { lo: span.lo, hi: enc(a + 1, 0, 0) };
      if (b > 0 || c === undefined) return { lo: span.lo, hi: enc(a, b + 1, 0) };
      return span;
    case '~':
      // npm and Poetry tilde: patch changes allowed when a minor is given.
      return b === undefined ? span : { lo: span.lo, hi: enc(a, b + 1, 0) };
  }
  return undefined;
}

/** A comparator set: space- or comma-separated comparators that must all hold; `a - b` hyphen ranges. */
function conjunction(text: string, language: Language): Interval | undefined {
  const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(text);
  if (hyphen) {
    const lo = comparator(`>=${hyphen[1]}`, language);
    const hi = comparator(`<=${hyphen[2]}`, language);
    return lo && hi ? intersect(lo, hi) : undefined;
  }
  // `>= 3.10` is written with a space too: glue operators to their version first.
  const tokens = text.replace(/(===|==|>=|<=|~=|!=|>|<|=|\^|~)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
  if (!tokens.length) return undefined;
  let acc: Interval = { lo: 0, hi: INF };
  for (const t of tokens) {
    const i = comparator(t, language);
    if (!i) return undefined;
    acc = intersect(acc, i);
  }
  return acc;
}

/** The interval of a release line. */
export function lineSpan(line: Line): Interval {
  return line.minor === undefined ? { lo: enc(line.major, 0, 0), hi: enc(line.major + 1, 0, 0) } : { lo: enc(line.major, line.minor, 0), hi: enc(line.major, line.minor + 1, 0) };
}

function pinnedLine(intervals: Interval[], language: Language): Line | undefined {
  if (intervals.length !== 1) return undefined;
  const { lo, hi } = intervals[0];
  if (hi === INF || lo >= hi) return undefined;
  const major = Math.floor(lo / 1e6);
  const minor = Math.floor((lo % 1e6) / 1e3);
  const line: Line = language === 'python' ? { major, minor } : { major };
  const span = lineSpan(line);
  return lo >= span.lo && hi <= span.hi ? line : undefined;
}

/**
 * Parses a requirement. Understands plain versions (`3.11.0`, `v18.17.0`, `python-3.11.4`,
 * `pypy3.9`), npm ranges (`^18`, `>=18 <21`, `18.x`, `16 || 18`), PEP 440 specifiers (`>=3.10`,
 * `~=3.9`, `==3.11.*`), Poetry carets and Node LTS aliases (`lts/hydrogen`). Returns undefined
 * for what names no version (`lts/*`, `node`, `latest`, `system`, `3.x` stays a range).
 */
export function parseRequirement(raw: string, language: Language): VersionReq | undefined {
  let text = raw.trim().replace(/^["']|["']$/g, '').trim();
  if (!text) return undefined;
  if (language === 'python') text = text.replace(/^(python|cpython|pypy)-?/i, '');
  if (language === 'node') {
    const lts = /^lts\/([a-z]+)$/i.exec(text);
    if (lts) {
      const major = NODE_LTS_CODENAMES[lts[1].toLowerCase()];
      if (major === undefined) return undefined;
      text = String(major);
    }
  }
  const intervals: Interval[] = [];
  for (const alt of text.split('||')) {
    const i = conjunction(alt, language);
    if (!i) return undefined;
    if (i.lo < i.hi) intervals.push(i);
  }
  if (!intervals.length) return undefined;
  return { language, text: raw.trim(), intervals, pinned: pinnedLine(intervals, language) };
}

/** True when the requirement allows some version of the line. */
export function allowsLine(req: VersionReq, line: Line): boolean {
  const span = lineSpan(line);
  return req.intervals.some((i) => i.lo < span.hi && span.lo < i.hi);
}

export function sameLine(a: Line, b: Line): boolean {
  return a.major === b.major && (a.minor ?? -1) === (b.minor ?? -1);
}

export function showLine(line: Line): string {
  return line.minor === undefined ? String(line.major) : `${line.major}.${line.minor}`;
}

export function languageName(language: Language): string {
  return language === 'python' ? 'Python' : 'Node';
}
