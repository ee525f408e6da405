/**
 * What changed since a point in time, as much as incremental checks need to know: whether every
 * change since then was to one given path (an editor typing in one file) or anything else may
 * have changed. Counts changes; `stamp` marks a point.
 */
export class ChangeLog {
  private version = 0;
  /** All changes after `since` were to `path` (none to anything else); undefined path: no such path. */
  private sole: { path: string | undefined; since: number } = { path: undefined, since: 0 };

  /** Records a change to `path`, or to anything (undefined). */
  note(path?: string): void {
    const before = this.version++;
    if (path === undefined) this.sole = { path: undefined, since: this.version };
    else if (this.sole.path !== path) this.sole = { path, since: before };
  }

  get stamp(): number {
    return this.version;
  }

  /** True when nothing but `path` changed after `stamp`. */
  onlySince(stamp: number, path: string): boolean {
    return stamp === this.version || (this.sole.path === path && this.sole.since <= stamp);
  }
}
