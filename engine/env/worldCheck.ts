// Whether what a kept result read has changed: the workspace's change logs asked once per stamp,
// not once per kept result (the results kept in one editing session share a few stamps, usually one).
import { changedSince, worldStamp, type WorldStamp } from '../changeLog';
import type { Workspace } from '../types';

export class WorldCheck {
  /** Where the workspace stands now; undefined when it keeps no change logs (nothing may be kept). */
  readonly world: WorldStamp | undefined;
  private askedWs = -1;
  private askedFs: number | undefined = -1;
  private answer: string | undefined | null = null;

  constructor(readonly workspace: Workspace) {
    this.world = worldStamp(workspace);
  }

  /** What changed since `stamp`: nothing (undefined), one path only, or anything (null). */
  changedSince(stamp: WorldStamp): string | undefined | null {
    if (stamp.workspace !== this.askedWs || stamp.fs !== this.askedFs) {
      this.answer = changedSince(this.workspace, stamp);
      this.askedWs = stamp.workspace;
      this.askedFs = stamp.fs;
    }
    return this.answer;
  }

  /** Whether none of `reads` changed since `stamp`. */
  unchanged(stamp: WorldStamp, reads: ReadonlySet<string>): boolean {
    const changed = this.changedSince(stamp);
    return changed === undefined || (typeof changed === 'string' && !reads.has(changed));
  }
}

export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How many items at the start (p) and, of the rest, at the end (q) are the same objects in both lists. */
export function sameEnds(now: readonly unknown[], before: readonly unknown[]): { p: number; q: number } {
  let p = 0;
  while (p < now.length && p < before.length && now[p] === before[p]) p++;
  let q = 0;
  while (q < now.length - p && q < before.length - p && now[now.length - 1 - q] === before[before.length - 1 - q]) q++;
  return { p, q };
}

/**
 * Where each item of `now` stood in `before`: its index there when it is among the same objects at
 * the start or at the end of both lists (moved along when items were added or removed between), else -1.
 */
export function keptIndex(now: readonly unknown[], before: readonly unknown[] | undefined): (i: number) => number {
  if (!before) return () => -1;
  const { p, q } = sameEnds(now, before);
  const moved = before.length - now.length;
  return (i) => (i < p ? i : i >= now.length - q ? i + moved : -1);
}
