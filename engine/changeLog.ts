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

  /** What changed after `stamp`: nothing (undefined), one path only, or anything (null). */
  soleSince(stamp: number): string | undefined | null {
    if (stamp === this.version) return undefined;
    return this.sole.path !== undefined && this.sole.since <= stamp ? this.sole.path : null;
  }
}

/** Where the workspace's change logs stand (undefined when it keeps none, e.g. a one-off audit). */
export interface WorldStamp {
  workspace: number;
  fs: number | undefined;
}

function logsOf(workspace: object): { workspace: ChangeLog; fs: ChangeLog | undefined } | undefined {
  const ws = (workspace as { changes?: unknown }).changes;
  const fs = ((workspace as { fs?: { changes?: unknown } }).fs)?.changes;
  return ws instanceof ChangeLog ? { workspace: ws, fs: fs instanceof ChangeLog ? fs : undefined } : undefined;
}

export function worldStamp(workspace: object): WorldStamp | undefined {
  const logs = logsOf(workspace);
  return logs && { workspace: logs.workspace.stamp, fs: logs.fs?.stamp };
}

/** True when, since `stamp`, nothing but the file `path` changed in the workspace and on its file view. */
export function onlyChangedSince(workspace: object, stamp: WorldStamp, path: string): boolean {
  const logs = logsOf(workspace);
  if (!logs || !logs.workspace.onlySince(stamp.workspace, path)) return false;
  return logs.fs === undefined || stamp.fs === undefined || logs.fs.onlySince(stamp.fs, path);
}

/** What changed in the workspace and on its file view since `stamp`: nothing (undefined), one path only, or anything (null). */
export function changedSince(workspace: object, stamp: WorldStamp): string | undefined | null {
  const logs = logsOf(workspace);
  if (!logs) return null;
  const a = logs.workspace.soleSince(stamp.workspace);
  const b = logs.fs === undefined || stamp.fs === undefined ? undefined : logs.fs.soleSince(stamp.fs);
  if (a === null || b === null) return null;
  if (a === undefined) return b;
  return b === undefined || b === a ? a : null;
}
