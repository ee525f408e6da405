import picomatch from 'picomatch';

interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  match: (path: string) => boolean;
}

/**
 * `.gitignore` semantics for the cases config audits meet: anchored and unanchored patterns,
 * `**`, trailing `/` for directories, `!` negation, nested `.gitignore` files (scoped to their
 * folder). Later rules win, as in git.
 */
export class GitIgnore {
  private rules: IgnoreRule[] = [];
  /** Folder verdicts: a walk asks about the same parent folders for every file below them. */
  private dirVerdicts = new Map<string, boolean>();

  add(baseDir: string, content: string): void {
    const base = baseDir === '' || baseDir === '.' ? '' : baseDir.replace(/\/$/, '') + '/';
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
      const m = picomatch(glob, { dot: true });
      this.rules.push({ negate, dirOnly, match: m });
    }
    this.dirVerdicts.clear();
  }

  /** `path` is POSIX relative to the workspace root. */
  isIgnored(path: string, isDir = false): boolean {
    const parts = path.split('/');
    // A file is ignored when it, or any folder above it, is ignored.
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      const subIsDir = i < parts.length || isDir;
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
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.match(path)) ignored = !r.negate;
    }
    return ignored;
  }
}
