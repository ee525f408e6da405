import picomatch from 'picomatch';

interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  match: (path: string) => boolean;
  /** Position in the order the rules were added: the last matching rule decides, as in git. */
  seq: number;
}

/**
 * `.gitignore` semantics for the cases config audits meet: anchored and unanchored patterns,
 * `**`, trailing `/` for directories, `!` negation, nested `.gitignore` files (scoped to their
 * folder). Later rules win, as in git.
 */
export class GitIgnore {
  /**
   * Rules by the folder of their `.gitignore` ('' or 'a/b/'): a rule's glob starts with that
   * folder, so only the folders above a path (and the path itself) can hold rules matching it.
   * A workspace with hundreds of nested `.gitignore` files tests a handful of rules per path.
   */
  private byBase = new Map<string, IgnoreRule[]>();
  private count = 0;
  /** Folder verdicts: a walk asks about the same parent folders for every file below them. */
  private dirVerdicts = new Map<string, boolean>();

  add(baseDir: string, content: string): void {
    const base = baseDir === '' || baseDir === '.' ? '' : baseDir.replace(/\/$/, '') + '/';
    let rules = this.byBase.get(base);
    if (!rules) this.byBase.set(base, (rules = []));
    for (let raw of content.split(/\r?\n/)) {
      raw = raw.replace(/(?<!\\)\s+$/, '');
      if (!raw || raw.startsWith('#')) continue;
      let negate = false;
      if (raw.startsWith('!')) {
        negate = true;
        raw = raw.slice(1);
      }
      raw = raw.replace(/^\\/, '');
      const dirOnly = raw.endsWith('/');
      if (dirOnly) raw = raw.slice(0, -1);
      const anchored = raw.startsWith('/') || raw.slice(0, -1).includes('/');
      const pattern = raw.replace(/^\//, '');
      if (!pattern) continue;
      const glob = anchored ? base + pattern : base + '**/' + pattern;
      rules.push({ negate, dirOnly, match: matcher(glob, base, pattern, anchored), seq: this.count++ });
    }
    this.dirVerdicts.clear();
  }

  /** `path` is POSIX relative to the workspace root. */
  isIgnored(path: string, isDir = false): boolean {
    const parts = path.split('/');
    // A file is ignored when it, or any folder above it, is ignored.
    let sub = '';
    for (let i = 0; i < parts.length; i++) {
      sub = i === 0 ? parts[0] : `${sub}/${parts[i]}`;
      const subIsDir = i < parts.length - 1 || isDir;
      if (subIsDir ? this.testDir(sub) : this.test(sub, false)) return true;
    }
    return false;
  }

  private testDir(path: string): boolean {
    let v = this.dirVerdicts.get(path);
    if (v === undefined) this.dirVerdicts.set(path, (v = this.test(path, true)));
    return v;
  }

  private test(path: string, isDir: boolean): boolean {
    let ignored = false;
    let decidedBy = -1;
    // Candidate folders: '', then each folder of the path, then the path itself as a folder
    // (`a/**` matches `a`).
    let base = '';
    for (let at = 0; ; ) {
      const rules = this.byBase.get(base);
      if (rules) {
        for (const r of rules) {
          if (r.seq < decidedBy || (r.dirOnly && !isDir)) continue;
          if (r.match(path)) {
            ignored = !r.negate;
            decidedBy = r.seq;
          }
        }
      }
      if (at > path.length) break;
      const slash = path.indexOf('/', at);
      const end = slash < 0 ? path.length : slash;
      base = path.slice(0, end + 1) + (slash < 0 ? '/' : '');
      at = end + 1;
    }
    return ignored;
  }
}

/** A pattern (and folder) of plain names: no glob syntax, no `.` or `..` segment. */
const LITERAL_SEGMENT = /^[\w.-]*[\w-][\w.-]*$/;
/** A path as the walk and the rules write it: relative, `/`-separated, no empty, `.` or `..` segment. */
const PLAIN_PATH = /^[^/\\]+(?:\/[^/\\]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * Compiled globs, shared by every `.gitignore` read: nested and repeated workspaces (and every
 * re-load of the same one) hold the same patterns, and compiling one costs far more than a match.
 */
const compiled = new Map<string, picomatch.Matcher>();
const MAX_COMPILED = 10_000;

function compile(glob: string): picomatch.Matcher {
  let m = compiled.get(glob);
  if (!m) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(glob, (m = picomatch(glob, { dot: true })));
  }
  return m;
}

function isLiteral(p: string): boolean {
  return p.split('/').every((seg) => LITERAL_SEGMENT.test(seg));
}

/**
 * Most `.gitignore` lines are plain names (`node_modules`, `.env`, `dist/app.js`): for a plain
 * path, what the glob matches is then a string comparison. Anything else goes to the glob.
 */
function matcher(glob: string, base: string, pattern: string, anchored: boolean): (path: string) => boolean {
  if (!isLiteral(pattern) || (base && !isLiteral(base.slice(0, -1)))) return compile(glob);
  let slow: picomatch.Matcher | undefined;
  const fallback = (path: string) => (slow ??= compile(glob))(path);
  const full = base + pattern;
  if (anchored) return (path) => (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) ? path === full : fallback(path));
  const tail = '/' + pattern;
  // `base/**/name`: the name right in `base`, or as the last segment of a path below it.
  return (path) => {
    if (!PLAIN_PATH.test(path) || DOT_SEGMENT.test(path)) return fallback(path);
    return path === full || (path.endsWith(tail) && path.startsWith(base) && path.length > full.length);
  };
}
