// Re-running a `perService` rule on the edited services only. After a whole-file run, the rule's
// findings are kept per service (offsets relative to the service's first line) and for the frame
// (before the first service: as they are; after the last: relative to its end). On the next
// version, if nothing but this file changed and its frame is the same text, the services whose
// items are the same objects (the incremental parse keeps an unchanged service's nodes) keep their
// findings, moved with them, and the rule runs on a copy of the file holding only the others.
//
// What the copy's run reports is checked before it is trusted: findings must lie in the services
// it checked or in the frame, may point (related information, fix edits) only into those services
// or the frame, and its frame findings and findings in other files must be the ones kept. Anything
// else, and any doubt about the world (config, other files, the disk, the source index), means a
// whole-file run, which also refills what is kept.
import { serviceShards, shardAt, shardEnd, shardedFile, type Shards } from './shards';
import { sameEnds } from './env/worldCheck';
import { onlyChangedSince, worldStamp, type WorldStamp } from './changeLog';
import { sourceIndex } from './code/index';
import { samePlain } from './samePlain';
import type { ResolvedConfig } from './config';
import type { FileContext, FileRule, Finding, Fix, Workspace, YamlSourceFile } from './types';

interface Kept {
  config: ResolvedConfig;
  world: WorldStamp;
  index: unknown;
  /** The frame's text: before the first service, and after the last. */
  prefix: string;
  suffix: string;
  /** The services of the version it ran on. */
  version: Shards;
  /** The places (in `version`) of the items that have findings, ascending, and their findings. */
  places: number[];
  units: UnitFindings[];
  frame: UnitFindings;
  /** Findings in other files, as JSON in a fixed order. */
  other: string;
  otherFindings: Finding[];
}

/**
 * A service's (or the frame's) findings, offsets encoded (see `encoder`), and as last decoded:
 * still right while the service starts where it did and, when an offset counts from the end of
 * the services, that end has not moved either.
 */
interface UnitFindings {
  encoded: Finding[];
  usesEnd: boolean;
  decoded: Finding[];
  start: number;
  end: number;
}

/** Per workspace, per file path, per rule. */
const kept = new WeakMap<Workspace, Map<string, Map<FileRule, Kept>>>();

/**
 * How a file version's services came from an earlier version's: which are new (parsed again) and
 * where each earlier one is now. Worked out once per version for every rule (per keystroke some
 * thirty rules ask which of 200 services changed) in arrays: a map of 200 items per keystroke was
 * a good part of what an edit allocated.
 */
interface Moves {
  /**
   * The earlier version's items (not its shards: those hold their own moves, and each version
   * would keep every version before it alive).
   */
  from: readonly unknown[];
  /** The places of the items that are not in `from`. */
  changed: number[];
  /** For each item of `from`, its place now, or -1 when it is gone. */
  to: Int32Array;
}

const moves = new WeakMap<Shards, Moves>();

function movesFrom(shards: Shards, from: Shards): Moves {
  const hit = moves.get(shards);
  if (hit && hit.from === from.items) return hit;
  const now = shards.items;
  const before = from.items;
  // An edit re-parses the services it touched: those before and after are the same objects.
  const { p, q } = sameEnds(now, before);
  const to = new Int32Array(before.length).fill(-1);
  for (let i = 0; i < p; i++) to[i] = i;
  for (let i = 1; i <= q; i++) to[before.length - i] = now.length - i;
  // Between them, services kept between the changed runs of a change that spans several (parse/runs).
  const changed: number[] = [];
  const upTo = before.length - q;
  let index: Map<unknown, number> | undefined;
  if ((now.length - q - p) * (upTo - p) > 256) {
    index = new Map();
    for (let j = p; j < upTo; j++) index.set(before[j], j);
  }
  for (let i = p; i < now.length - q; i++) {
    let j = -1;
    if (index) j = index.get(now[i]) ?? -1;
    else for (let k = p; k < upTo; k++) if (before[k] === now[i]) { j = k; break; }
    if (j >= 0) to[j] = i;
    else changed.push(i);
  }
  const out = { from: before, changed, to };
  moves.set(shards, out);
  return out;
}

/**
 * Per workspace and path, the latest version's frame. Not in a WeakMap keyed by the version: its
 * slices of the text would keep every keystroke's text alive through young-generation collections
 * (see `copies` below).
 */
/** The workspace's entry of a per-workspace, per-path table, made when missing. */
function pathsOf<T>(table: WeakMap<Workspace, Map<string, T>>, workspace: Workspace): Map<string, T> {
  let byPath = table.get(workspace);
  if (!byPath) table.set(workspace, (byPath = new Map()));
  return byPath;
}

const frames = new WeakMap<Workspace, Map<string, { of: Shards; prefix: string; suffix: string }>>();

/** The file's text before the first service and after the last, once per file version. */
function frameOf(workspace: Workspace, file: YamlSourceFile, shards: Shards): { prefix: string; suffix: string } {
  const byPath = pathsOf(frames, workspace);
  let f = byPath.get(file.path);
  if (f?.of !== shards) byPath.set(file.path, (f = { of: shards, prefix: file.text.slice(0, shards.starts[0]), suffix: file.text.slice(shards.end) }));
  return f;
}

const sets = new WeakMap<readonly number[], ReadonlySet<number>>();

/** The places as a set, once per list (`movesFrom` gives every rule the same list). */
function setOf(changed: readonly number[]): ReadonlySet<number> {
  let set = sets.get(changed);
  if (!set) sets.set(changed, (set = new Set(changed)));
  return set;
}

/** Per-item findings of a whole run, in the items' order. */
function inOrder(entries: Map<number, UnitFindings>): { places: number[]; units: UnitFindings[] } {
  const places = [...entries.keys()].sort((a, b) => a - b);
  return { places, units: places.map((k) => entries.get(k)!) };
}

/** Applies `fn` to every offset of `f` that is in `path`; undefined when `fn` refuses one. */
function mapOffsets(f: Finding, path: string, fn: (o: number) => number | undefined): Finding | undefined {
  let failed = false;
  const m = (o: number): number => {
    const r = fn(o);
    if (r === undefined) failed = true;
    return r ?? o;
  };
  const range = f.file === path ? { start: m(f.range.start), end: m(f.range.end) } : f.range;
  // Lists without an offset in `path` are shared, not copied (most findings have no related information).
  const related = f.related.some((r) => r.file === path) ? f.related.map((r) => (r.file === path ? { ...r, range: { start: m(r.range.start), end: m(r.range.end) } } : r)) : f.related;
  const fixes = f.fixes.some((x) => x.edits.some((e) => e.file === path))
    ? f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => (e.file === path ? { ...e, start: m(e.start), end: m(e.end) } : e)) }))
    : f.fixes;
  return failed ? undefined : { ...f, range, related, fixes };
}

// An encoded offset: relative to the service's first line, to the text's start (frame before the
// services) or to the end of the services (frame after them), with the base in the low bits.
const UNIT = 0;
const BEFORE = 1;
const AFTER = 2;

interface Bases {
  /** The service's lines, for a finding of a service; undefined for the frame. */
  unit?: { start: number; end: number };
  first: number;
  end: number;
}

function encoder(b: Bases): (o: number) => number | undefined {
  return (o) => {
    if (b.unit && o >= b.unit.start && o <= b.unit.end) return (o - b.unit.start) * 3 + UNIT;
    if (o <= b.first) return o * 3 + BEFORE;
    if (o >= b.end) return (o - b.end) * 3 + AFTER;
    return undefined; // inside another service
  };
}

/** An encoded offset placed where its service now starts and the services now end. */
function decodeOffset(v: number, unitStart: number, end: number): number {
  const base = v % 3;
  const n = (v - base) / 3;
  return base === UNIT ? unitStart + n : base === BEFORE ? n : end + n;
}

function decodedRange(r: { start: number; end: number }, unitStart: number, end: number): { start: number; end: number } {
  return { start: decodeOffset(r.start, unitStart, end), end: decodeOffset(r.end, unitStart, end) };
}

function editsPath(fixes: readonly Fix[], path: string): boolean {
  for (const x of fixes) for (const e of x.edits) if (e.file === path) return true;
  return false;
}

function relatesPath(related: Finding['related'], path: string): boolean {
  for (const r of related) if (r.file === path) return true;
  return false;
}

/**
 * An encoded finding placed (`mapOffsets` with the decoding, written out without closures or
 * growing arrays: every finding after an edit's change of length goes through here on every
 * keystroke).
 */
function decoded(f: Finding, path: string, unitStart: number, end: number): Finding {
  const range = f.file === path ? decodedRange(f.range, unitStart, end) : f.range;
  let related = f.related;
  if (relatesPath(related, path)) {
    related = new Array(f.related.length);
    for (let i = 0; i < related.length; i++) {
      const r = f.related[i];
      related[i] = r.file === path ? { ...r, range: decodedRange(r.range, unitStart, end) } : r;
    }
  }
  let fixes = f.fixes;
  if (editsPath(fixes, path)) {
    fixes = new Array(f.fixes.length);
    for (let i = 0; i < fixes.length; i++) {
      const x = f.fixes[i];
      const edits = new Array<Fix['edits'][number]>(x.edits.length);
      for (let j = 0; j < edits.length; j++) {
        const e = x.edits[j];
        edits[j] = e.file === path ? { ...e, start: decodeOffset(e.start, unitStart, end), end: decodeOffset(e.end, unitStart, end) } : e;
      }
      fixes[i] = { ...x, edits };
    }
  }
  return { ...f, range, related, fixes };
}

function sortKey(f: Finding): string {
  return JSON.stringify(f);
}

function otherKey(list: Finding[]): string {
  return JSON.stringify(list.map(sortKey).sort());
}

/** The same findings in any order (in the same order, the usual case, without serialising them). */
function sameList(a: Finding[], b: Finding[]): boolean {
  if (a.length !== b.length) return false;
  if (samePlain(a, b)) return true;
  const x = a.map(sortKey).sort();
  const y = b.map(sortKey).sort();
  return x.every((s, i) => s === y[i]);
}

interface Sorted {
  units: Map<number, UnitFindings>;
  frame: UnitFindings;
  other: Finding[];
}

function add(to: UnitFindings | undefined, f: Finding, enc: Finding, start: number, end: number): UnitFindings {
  const u = to ?? { encoded: [], usesEnd: false, decoded: [], start, end };
  u.encoded.push(enc);
  u.decoded.push(f);
  if (!u.usesEnd) u.usesEnd = usesEnd(enc);
  return u;
}

/** Whether an encoded finding has an offset counted from the end of the services. */
function usesEnd(enc: Finding): boolean {
  const path = enc.file;
  if (enc.range.start % 3 === AFTER || enc.range.end % 3 === AFTER) return true;
  for (const r of enc.related) if (r.file === path && (r.range.start % 3 === AFTER || r.range.end % 3 === AFTER)) return true;
  for (const x of enc.fixes) for (const e of x.edits) if (e.file === path && (e.start % 3 === AFTER || e.end % 3 === AFTER)) return true;
  return false;
}

/** Sorts findings into services, frame and other files, encoded; undefined when one points into another service. */
function encodeAll(findings: Finding[], file: YamlSourceFile, shards: Shards): Sorted | undefined {
  const out: Sorted = { units: new Map(), frame: { encoded: [], usesEnd: false, decoded: [], start: 0, end: shards.end }, other: [] };
  const first = shards.starts[0];
  for (const f of findings) {
    if (f.file !== file.path) {
      out.other.push(f);
      continue;
    }
    const k = shardAt(shards, f.range.start);
    const unit = k < 0 ? undefined : { start: shards.starts[k], end: shardEnd(shards, k) };
    const enc = mapOffsets(f, file.path, encoder({ unit, first, end: shards.end }));
    if (!enc) return undefined;
    if (k < 0) add(out.frame, f, enc, 0, shards.end);
    else out.units.set(k, add(out.units.get(k), f, enc, shards.starts[k], shards.end));
  }
  return out;
}

/**
 * A kept list's findings placed where the service now is (decoded afresh only when it moved). The
 * list is changed in place: only the rule's next run reads it, and the findings handed out before
 * are other objects.
 */
function place(u: UnitFindings, path: string, start: number, end: number, frame: boolean): UnitFindings {
  if (!u.encoded.length || (u.start === start && (!u.usesEnd || u.end === end))) return u;
  // A frame's findings have no offset relative to a service (see the encoder).
  const unitStart = frame ? 0 : start;
  for (let i = 0; i < u.encoded.length; i++) u.decoded[i] = decoded(u.encoded[i], path, unitStart, end);
  u.start = start;
  u.end = end;
  return u;
}

function keptFor(workspace: Workspace, path: string): Map<FileRule, Kept> {
  const byPath = pathsOf(kept, workspace);
  let byRule = byPath.get(path);
  if (!byRule) byPath.set(path, (byRule = new Map()));
  return byRule;
}

/**
 * Runs a file rule on `ctx.file`, re-using what an earlier run kept when it can (see above). The
 * findings go to `ctx.report` as usual, or, for kept ones, are pushed to `findings` directly (they
 * were made by the same `report` for the same rule and config).
 */
export function checkFileRule(rule: FileRule, ctx: FileContext, findings: Finding[], config: ResolvedConfig, incremental: boolean): void {
  const file = ctx.file;
  const world = incremental && rule.meta.perService && file.format === 'yaml' ? worldStamp(ctx.workspace) : undefined;
  const shards = world && file.format === 'yaml' ? serviceShards(file) : undefined;
  if (!world || !shards || file.format !== 'yaml') {
    rule.check(ctx);
    rule.checkAcross?.(ctx);
    return;
  }
  const byRule = keptFor(ctx.workspace, file.path);
  const index = sourceIndex(ctx.workspace);
  const { prefix, suffix } = frameOf(ctx.workspace, file, shards);
  const prev = byRule.get(rule);
  const usable = prev !== undefined
    && prev.config === config
    && prev.index === index
    && onlyChangedSince(ctx.workspace, prev.world, file.path)
    && prev.prefix === prefix
    && prev.suffix === suffix;
  const mark = findings.length;

  if (usable) {
    const { changed, to } = movesFrom(shards, prev.version);
    // Most services changed (a paste over the whole file): the whole-file run is as cheap.
    if (changed.length * 2 <= shards.items.length && checkServices(rule, ctx, findings, mark, file, shards, changed, to, prev)) {
      // What is kept is brought up to date in place: one object per rule and file, not one per keystroke.
      prev.world = world;
      prev.version = shards;
      rule.checkAcross?.(ctx);
      return;
    }
  }

  rule.check(ctx);
  const sorted = encodeAll(findings.slice(mark), file, shards);
  if (sorted) {
    const { places, units } = inOrder(sorted.units);
    byRule.set(rule, { config, world, index, prefix, suffix, version: shards, places, units, frame: sorted.frame, other: otherKey(sorted.other), otherFindings: sorted.other });
  } else byRule.delete(rule);
  rule.checkAcross?.(ctx);
}

/**
 * The copy holding the changed services, one per file version and set of services: the rules
 * checking the same services share it and the models built on it. Only the latest version's is
 * kept, per workspace and path. Keyed by the version in a WeakMap, each keystroke's copy and its
 * models outlived their version: V8's young-generation collections keep a WeakMap value alive
 * while its key is in the old generation, so the copies were promoted and left to the next full
 * collection (on the benchmark's render.yaml edits, 3.6 MB promoted per scavenge, 1.3 MB without).
 */
const copies = new WeakMap<Workspace, Map<string, { of: YamlSourceFile; changed: readonly number[]; key: string; file: YamlSourceFile }>>();

function sharded(workspace: Workspace, file: YamlSourceFile, shards: Shards, changed: readonly number[]): YamlSourceFile {
  const byPath = pathsOf(copies, workspace);
  const hit = byPath.get(file.path);
  const same = hit !== undefined && hit.of === file;
  // Rules of one check get the same list from `movesFrom`.
  if (same && hit.changed === changed) return hit.file;
  const key = changed.join(',');
  if (same && hit.key === key) return hit.file;
  const copy = shardedFile(file, shards, changed);
  byPath.set(file.path, { of: file, changed, key, file: copy });
  return copy;
}

/**
 * The rule run on the changed services only, merged with what was kept into `findings` and `prev`;
 * false (with `findings` back as they were and `prev` untouched) when the run's findings cannot be
 * trusted to be the whole-file run's.
 */
function checkServices(rule: FileRule, ctx: FileContext, findings: Finding[], mark: number, file: YamlSourceFile, shards: Shards, changed: number[], to: Int32Array, prev: Kept): boolean {
  rule.check({ ...ctx, file: sharded(ctx.workspace, file, shards, changed) });
  // Most rules report nothing in the edited services: nothing to sort then.
  const sorted = findings.length === mark ? NOTHING : encodeAll(findings.splice(mark), file, shards);
  if (!sorted) return false;
  const isChanged = setOf(changed);
  for (const k of sorted.units.keys()) if (!isChanged.has(k)) return false;
  if (!sameList(sorted.frame.encoded, prev.frame.encoded) || !(samePlain(sorted.other, prev.otherFindings) || otherKey(sorted.other) === prev.other)) return false;

  // Kept services still there (services gone since are dropped), moved to where they are, merged
  // with the fresh ones in the items' order: unchanged items keep their order, so the kept ones
  // stay in ascending place.
  const freshPlaces = sorted.units.size ? [...sorted.units.keys()].sort((x, y) => x - y) : NONE;
  const size = prev.places.length + freshPlaces.length;
  if (size === 0) {
    const frame = place(prev.frame, file.path, 0, shards.end, true);
    for (const f of frame.decoded) findings.push(f);
    for (const f of prev.otherFindings) findings.push(f);
    prev.frame = frame;
    return true;
  }
  const places = new Array<number>(size);
  const units = new Array<UnitFindings>(size);
  let n = 0;
  let next = 0;
  const add = (k: number, u: UnitFindings): void => {
    places[n] = k;
    units[n++] = u;
    for (let i = 0; i < u.decoded.length; i++) findings.push(u.decoded[i]);
  };
  for (let i = 0; i < prev.places.length; i++) {
    const k = to[prev.places[i]];
    if (k < 0) continue;
    while (next < freshPlaces.length && freshPlaces[next] < k) add(freshPlaces[next], sorted.units.get(freshPlaces[next++])!);
    add(k, place(prev.units[i], file.path, shards.starts[k], shards.end, false));
  }
  while (next < freshPlaces.length) add(freshPlaces[next], sorted.units.get(freshPlaces[next++])!);
  places.length = n;
  units.length = n;
  const frame = place(prev.frame, file.path, 0, shards.end, true);
  for (const f of frame.decoded) findings.push(f);
  for (const f of prev.otherFindings) findings.push(f);
  prev.places = places;
  prev.units = units;
  prev.frame = frame;
  return true;
}

const NONE: number[] = [];
/** A run that reported nothing, sorted (read only). */
const NOTHING: Sorted = { units: new Map(), frame: { encoded: [], usesEnd: false, decoded: [], start: 0, end: 0 }, other: [] };
