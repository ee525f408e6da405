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
  /** The services of the version it ran on (shared by every rule run on that version). */
  version: Version;
  /** Findings per item object, for the items that have any, in the items' order. */
  units: Map<object, UnitFindings>;
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

/** A file version's services: each item object and its place. */
type Version = ReadonlyMap<object, number>;

// Built once per file version and shared by every rule: per keystroke some thirty rules ask which
// of 200 services changed, and most services have no finding of a given rule.
const versions = new WeakMap<Shards, Version>();
const changes = new WeakMap<Shards, { from: Version; changed: number[] }>();

function versionOf(shards: Shards): Version {
  let v = versions.get(shards);
  if (!v) {
    const m = new Map<object, number>();
    shards.items.forEach((item, k) => m.set(item as object, k));
    versions.set(shards, (v = m));
  }
  return v;
}

const frames = new WeakMap<Shards, { prefix: string; suffix: string }>();

/** The file's text before the first service and after the last, once per file version. */
function frameOf(file: YamlSourceFile, shards: Shards): { prefix: string; suffix: string } {
  let f = frames.get(shards);
  if (!f) frames.set(shards, (f = { prefix: file.text.slice(0, shards.starts[0]), suffix: file.text.slice(shards.end) }));
  return f;
}

/** The places of the items that are not in `from` (new or re-parsed since). */
function changedItems(shards: Shards, from: Version): number[] {
  const hit = changes.get(shards);
  if (hit && hit.from === from) return hit.changed;
  const changed: number[] = [];
  shards.items.forEach((item, k) => {
    if (!from.has(item as object)) changed.push(k);
  });
  changes.set(shards, { from, changed });
  return changed;
}

const sets = new WeakMap<readonly number[], ReadonlySet<number>>();

/** The places as a set, once per list (`changedItems` gives every rule the same list). */
function setOf(changed: readonly number[]): ReadonlySet<number> {
  let set = sets.get(changed);
  if (!set) sets.set(changed, (set = new Set(changed)));
  return set;
}

/** Per-item findings in the items' order, keyed by item object. */
function byItem(shards: Shards, entries: Iterable<[number, UnitFindings]>): Map<object, UnitFindings> {
  const list = [...entries].sort((a, b) => a[0] - b[0]);
  const out = new Map<object, UnitFindings>();
  for (const [k, u] of list) out.set(shards.items[k] as object, u);
  return out;
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

/**
 * An encoded finding placed (`mapOffsets` with the decoding, written out without closures: every
 * finding after an edit's change of length goes through here on every keystroke).
 */
function decoded(f: Finding, path: string, unitStart: number, end: number): Finding {
  const range = f.file === path ? decodedRange(f.range, unitStart, end) : f.range;
  const related = f.related.some((r) => r.file === path) ? f.related.map((r) => (r.file === path ? { ...r, range: decodedRange(r.range, unitStart, end) } : r)) : f.related;
  const fixes = editsPath(f.fixes, path)
    ? f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => (e.file === path ? { ...e, start: decodeOffset(e.start, unitStart, end), end: decodeOffset(e.end, unitStart, end) } : e)) }))
    : f.fixes;
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

function usesEnd(enc: Finding): boolean {
  let found = false;
  mapOffsets(enc, enc.file, (v) => {
    if (v % 3 === AFTER) found = true;
    return v;
  });
  return found;
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

/** A kept list's findings where the service now is (decoded afresh only when it moved). */
function placed(u: UnitFindings, path: string, start: number, end: number, frame: boolean): UnitFindings {
  if (!u.encoded.length || (u.start === start && (!u.usesEnd || u.end === end))) return u;
  // A frame's findings have no offset relative to a service (see the encoder).
  const unitStart = frame ? 0 : start;
  const list = new Array<Finding>(u.encoded.length);
  for (let i = 0; i < list.length; i++) list[i] = decoded(u.encoded[i], path, unitStart, end);
  return { ...u, decoded: list, start, end };
}

function keptFor(workspace: Workspace, path: string): Map<FileRule, Kept> {
  let byPath = kept.get(workspace);
  if (!byPath) kept.set(workspace, (byPath = new Map()));
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
  const { prefix, suffix } = frameOf(file, shards);
  const prev = byRule.get(rule);
  const usable = prev !== undefined
    && prev.config === config
    && prev.index === index
    && onlyChangedSince(ctx.workspace, prev.world, file.path)
    && prev.prefix === prefix
    && prev.suffix === suffix;
  const stamp = { config, world, index, prefix, suffix };
  const mark = findings.length;

  const version = versionOf(shards);
  if (usable) {
    const changed = changedItems(shards, prev.version);
    // Most services changed (a paste over the whole file): the whole-file run is as cheap.
    if (changed.length * 2 <= shards.items.length) {
      const merged = checkServices(rule, ctx, findings, mark, file, shards, changed, prev);
      if (merged) {
        for (const f of merged.findings) findings.push(f);
        byRule.set(rule, { ...stamp, version, units: merged.units, frame: merged.frame, other: prev.other, otherFindings: prev.otherFindings });
        rule.checkAcross?.(ctx);
        return;
      }
    }
  }

  rule.check(ctx);
  const sorted = encodeAll(findings.slice(mark), file, shards);
  if (sorted) {
    byRule.set(rule, { ...stamp, version, units: byItem(shards, sorted.units), frame: sorted.frame, other: otherKey(sorted.other), otherFindings: sorted.other });
  } else byRule.delete(rule);
  rule.checkAcross?.(ctx);
}

/**
 * The copy holding the changed services, one per file version and set of services: the rules
 * checking the same services share it and the models built on it.
 */
const copies = new WeakMap<YamlSourceFile, { changed: readonly number[]; key: string; file: YamlSourceFile }>();

function sharded(file: YamlSourceFile, shards: Shards, changed: readonly number[]): YamlSourceFile {
  const hit = copies.get(file);
  // Rules of one check get the same list from `changedItems`.
  if (hit && hit.changed === changed) return hit.file;
  const key = changed.join(',');
  if (hit && hit.key === key) return hit.file;
  const copy = shardedFile(file, shards, changed);
  copies.set(file, { changed, key, file: copy });
  return copy;
}

/**
 * The rule run on the changed services only, merged with what was kept; undefined (with `findings`
 * back as they were) when the run's findings cannot be trusted to be the whole-file run's.
 */
function checkServices(rule: FileRule, ctx: FileContext, findings: Finding[], mark: number, file: YamlSourceFile, shards: Shards, changed: number[], prev: Kept): { findings: Finding[]; units: Map<object, UnitFindings>; frame: UnitFindings } | undefined {
  rule.check({ ...ctx, file: sharded(file, shards, changed) });
  const fresh = findings.splice(mark);
  const sorted = encodeAll(fresh, file, shards);
  if (!sorted) return undefined;
  const isChanged = setOf(changed);
  for (const k of sorted.units.keys()) if (!isChanged.has(k)) return undefined;
  if (!sameList(sorted.frame.encoded, prev.frame.encoded) || !(samePlain(sorted.other, prev.otherFindings) || otherKey(sorted.other) === prev.other)) return undefined;

  const now = versionOf(shards);
  // Kept services still there (services gone since are dropped), moved to where they are, merged
  // with the fresh ones in the items' order: unchanged items keep their order, so the kept ones
  // come out of the kept map in ascending place already.
  const places = [...sorted.units.keys()].sort((x, y) => x - y);
  const units = new Map<object, UnitFindings>();
  const out: Finding[] = [];
  let next = 0;
  const add = (k: number, u: UnitFindings): void => {
    units.set(shards.items[k] as object, u);
    for (let i = 0; i < u.decoded.length; i++) out.push(u.decoded[i]);
  };
  prev.units.forEach((was, item) => {
    const k = now.get(item);
    if (k === undefined || isChanged.has(k)) return;
    while (next < places.length && places[next] < k) add(places[next], sorted.units.get(places[next++])!);
    add(k, placed(was, file.path, shards.starts[k], shards.end, false));
  });
  while (next < places.length) add(places[next], sorted.units.get(places[next++])!);
  const frame = placed(prev.frame, file.path, 0, shards.end, true);
  for (const f of frame.decoded) out.push(f);
  for (const f of prev.otherFindings) out.push(f);
  return { findings: out, units, frame };
}
