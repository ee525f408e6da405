// Every place a config file assigns a value to a named variable, with exact ranges, so the secret
// rules judge compose, render, workflow and dotenv files the same way and fix each in its own idiom.
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { documentShape, mergedMaps } from '../yaml/resolve';
import { deref, isFlow, mapGet, mapPairs, mapValue, nodeRange, pairKey, rootMap, scalarString, seqItems, type AnyPair, type Scalar } from '../yaml/ast';
import { isActionFile } from '../workflow/model';
import type { DotenvSourceFile, Range, SourceFile, YamlSourceFile } from '../types';

export type AssignmentSite =
  | { kind: 'compose-map'; pair: AnyPair; service: string }
  | { kind: 'compose-list'; item: Scalar; service: string }
  | { kind: 'render-envvar'; entry: AnyPair; inGroup: boolean }
  | { kind: 'workflow-env'; service: boolean; inAction?: boolean }
  /** `action` is the `owner/repo` the inputs go to; `inAction` marks an action.yml, which has no secrets context. */
  | { kind: 'workflow-with'; action?: string; inAction?: boolean }
  | { kind: 'dotenv' };

export interface Assignment {
  key: string;
  keyRange: Range;
  /** The value as the program receives it. */
  value: string;
  /** Where the value's characters are in the text (inside quotes); `value` maps 1:1 onto it when `exact`. */
  valueRange: Range;
  /** False when escapes make offsets inside the value unreliable. */
  exact: boolean;
  /** The whole scalar to replace in a fix (quotes included). */
  replaceRange: Range;
  /** A plain (unquoted) scalar inside `[...]`/`{...}`: replacements containing braces must be quoted. */
  plainInFlow: boolean;
  site: AssignmentSite;
}

export function collectAssignments(file: SourceFile): Assignment[] {
  return file.model('secrets.assignments', () => {
    if (file.format === 'dotenv') return dotenvAssignments(file);
    if (file.format !== 'yaml') return [];
    if (file.kind === 'compose') return composeAssignments(file);
    if (file.kind === 'render') return renderAssignments(file);
    if (file.kind === 'workflow') return workflowAssignments(file);
    return [];
  });
}

function dotenvAssignments(file: DotenvSourceFile): Assignment[] {
  return file.env.entries
    .filter((e) => e.equals >= 0)
    .map((e) => {
      const inner = e.quote && e.closed ? { start: e.valueRange.start + 1, end: e.valueRange.end - 1 } : e.valueRange;
      return {
        key: e.key, keyRange: e.keyRange, value: e.value, valueRange: inner,
        exact: e.quote !== '"' || !e.rawValue.includes('\\'), replaceRange: e.valueRange, plainInFlow: false, site: { kind: 'dotenv' } as const,
      };
    });
}

function scalarValueRange(file: YamlSourceFile, node: Scalar): { range: Range; exact: boolean } | undefined {
  const r = nodeRange(node);
  if (!r) return undefined;
  const text = file.text;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    const inner = { start: r.start + 1, end: r.end - 1 };
    return { range: inner, exact: !quotedInexact(text, inner.start, inner.end) };
  }
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return { range: r, exact: false };
  const nl = text.indexOf('\n', r.start);
  return { range: r, exact: nl < 0 || nl >= r.end };
}

/** A backslash, `''` or line break in text[start, end): offsets inside the value then differ from the text's. */
function quotedInexact(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === 0x0a || (c === 0x27 && i + 1 < end && text.charCodeAt(i + 1) === 0x27)) return true;
  }
  return false;
}

function pairAssignment(file: YamlSourceFile, pair: AnyPair, site: AssignmentSite, inFlow = false): Assignment | undefined {
  const key = pairKey(pair);
  const kr = nodeRange(pair.key);
  if (!key || !kr || !isScalar(pair.value)) return undefined;
  const raw = pair.value.value;
  if (raw === null || raw === undefined || typeof raw === 'object') return undefined;
  const vr = scalarValueRange(file, pair.value);
  if (!vr) return undefined;
  const plainInFlow = inFlow && pair.value.type === 'PLAIN';
  return { key, keyRange: kr, value: String(raw), valueRange: vr.range, exact: vr.exact, replaceRange: nodeRange(pair.value)!, plainInFlow, site };
}

/** Follows aliases and `<<` merges to the maps that really hold a service's keys (each once, bounded). */
function expandMaps(node: unknown, doc: Document): unknown[] {
  return mergedMaps(node, doc);
}

/**
 * A service's assignments, kept with its node while the document has no aliases (a service is then
 * its own subtree and its text moves as one piece): their ranges are made relative to the node and
 * read back against where it is now, so an edit elsewhere leaves them right.
 */
const kept = new WeakMap<object, Assignment[]>();

function keptFor(doc: Document | undefined, anchor: unknown, build: () => Assignment[]): Assignment[] {
  if (!doc || anchor === null || typeof anchor !== 'object' || documentShape(doc).targets.size > 0) return build();
  let list = kept.get(anchor);
  if (!list) kept.set(anchor, (list = build().map((a) => anchored(a, anchor))));
  return list;
}

function anchored(a: Assignment, anchor: unknown): Assignment {
  const base = nodeRange(anchor)!.start;
  const key = relative(a.keyRange, base);
  const value = relative(a.valueRange, base);
  const replace = relative(a.replaceRange, base);
  // The same fields in the same order, the ranges as accessors written in the object (defineProperty on a copy cost far more).
  return {
    key: a.key,
    get keyRange(): Range {
      return moved(key, anchor);
    },
    value: a.value,
    get valueRange(): Range {
      return moved(value, anchor);
    },
    exact: a.exact,
    get replaceRange(): Range {
      return moved(replace, anchor);
    },
    plainInFlow: a.plainInFlow,
    site: a.site,
  };
}

function relative(r: Range, base: number): Range {
  return { start: r.start - base, end: r.end - base };
}

/** A range kept relative to the anchor's start, where the anchor is now. */
function moved(r: Range, anchor: unknown): Range {
  const now = nodeRange(anchor)!.start;
  return { start: now + r.start, end: now + r.end };
}

function composeAssignments(file: YamlSourceFile): Assignment[] {
  const out: Assignment[] = [];
  const doc = file.docs[0];
  const services = doc ? deref(mapValue(rootMap(file), 'services'), doc) : undefined;
  // An environment shared through an anchor is listed once, under the first service (only a
  // document with aliases can share one; then nothing is kept per service).
  const seen = new Set<unknown>();
  // A loop, not push(...list): a service with a few hundred thousand entries would overflow the stack.
  for (const svc of mapPairs(services)) for (const a of keptFor(doc, svc.key, () => composeService(file, svc, doc, seen))) out.push(a);
  return out;
}

function composeService(file: YamlSourceFile, svc: AnyPair, doc: Document | undefined, seen: Set<unknown>): Assignment[] {
  const out: Assignment[] = [];
  {
    const service = pairKey(svc) ?? '';
    for (const m of doc ? expandMaps(svc.value, doc) : []) {
      for (const envNode of [mapValue(m, 'environment'), mapValue(deref(mapValue(m, 'build'), doc!), 'args')]) {
        const env = deref(envNode, doc!);
        if (!env || seen.has(env)) continue;
        seen.add(env);
        for (const em of expandMaps(env, doc!)) {
          for (const p of mapPairs(em)) {
            if (pairKey(p) === '<<') continue;
            const a = pairAssignment(file, p, { kind: 'compose-map', pair: p, service }, isFlow(em));
            if (a) out.push(a);
          }
        }
        for (const item of seqItems(env)) {
          if (!isScalar(item) || typeof item.value !== 'string') continue;
          const eq = item.value.indexOf('=');
          if (eq <= 0) continue;
          const vr = scalarValueRange(file, item);
          if (!vr) continue;
          const keyStart = vr.range.start;
          out.push({
            key: item.value.slice(0, eq), keyRange: { start: keyStart, end: keyStart + eq }, value: item.value.slice(eq + 1),
            valueRange: vr.exact ? { start: keyStart + eq + 1, end: vr.range.end } : vr.range, exact: vr.exact,
            replaceRange: vr.exact ? { start: keyStart + eq + 1, end: vr.range.end } : nodeRange(item)!, plainInFlow: isFlow(env) && item.type === 'PLAIN', site: { kind: 'compose-list', item, service },
          });
        }
      }
    }
  }
  return out;
}

function renderEnvVars(file: YamlSourceFile, list: unknown, inGroup: boolean, out: Assignment[]): void {
  for (const entry of seqItems(list)) {
    if (!isMap(entry)) continue;
    // The first `key` and `value` pairs, in one pass over the entry.
    let keyPair: AnyPair | undefined;
    let valuePair: AnyPair | undefined;
    for (const p of entry.items as AnyPair[]) {
      const k = pairKey(p);
      if (k === 'key') keyPair ??= p;
      else if (k === 'value') valuePair ??= p;
    }
    const key = keyPair && isScalar(keyPair.value) ? String(keyPair.value.value ?? '') : '';
    if (!key || !valuePair || !isScalar(valuePair.value)) continue;
    const a = pairAssignment(file, valuePair, { kind: 'render-envvar', entry: valuePair, inGroup });
    if (a) out.push({ ...a, key, keyRange: nodeRange(keyPair!.value) ?? a.keyRange });
  }
}

function renderAssignments(file: YamlSourceFile): Assignment[] {
  const out: Assignment[] = [];
  const root = rootMap(file);
  renderScopeAssignments(file, root, out);
  for (const project of seqItems(mapValue(root, 'projects'))) for (const env of seqItems(mapValue(project, 'environments'))) renderScopeAssignments(file, env, out);
  return out;
}

// Module-level rather than closures named per file: under tsx (as the tests run) naming a closure
// costs a property definition each time one is made.

/** The assignments of a Blueprint scope's services and groups, in order. */
function renderScopeAssignments(file: YamlSourceFile, scope: unknown, out: Assignment[]): void {
  for (const svc of seqItems(mapValue(scope, 'services'))) for (const a of renderItemAssignments(file, svc, false)) out.push(a);
  for (const g of seqItems(mapValue(scope, 'envVarGroups'))) for (const a of renderItemAssignments(file, g, true)) out.push(a);
}

/** A service's or group's assignments, kept with its node. */
function renderItemAssignments(file: YamlSourceFile, item: unknown, inGroup: boolean): Assignment[] {
  return keptFor(file.docs[0], item, () => {
    const list: Assignment[] = [];
    renderEnvVars(file, mapValue(item, 'envVars'), inGroup, list);
    return list;
  });
}

function workflowAssignments(file: YamlSourceFile): Assignment[] {
  const out: Assignment[] = [];
  const inAction = isActionFile(file.path) || undefined;
  const root = rootMap(file);
  workflowEnv(file, out, mapValue(root, 'env'), { kind: 'workflow-env', service: false, inAction });
  for (const job of mapPairs(mapValue(root, 'jobs'))) {
    // The first of each key the job's assignments are under, in one pass over the job.
    let env: unknown, container: unknown, services: unknown, withV: unknown, secrets: unknown, steps: unknown, uses: unknown;
    let seen = 0;
    for (const p of mapPairs(job.value)) {
      const k = pairKey(p);
      const bit = k === undefined ? 0 : JOB_KEYS[k] ?? 0;
      if (!bit || seen & bit) continue;
      seen |= bit;
      const v = p.value ?? undefined;
      if (bit === 1) env = v;
      else if (bit === 2) container = v;
      else if (bit === 4) services = v;
      else if (bit === 8) withV = v;
      else if (bit === 16) secrets = v;
      else if (bit === 32) steps = v;
      else uses = v;
    }
    workflowEnv(file, out, env, { kind: 'workflow-env', service: false, inAction });
    workflowEnv(file, out, mapValue(container, 'env'), { kind: 'workflow-env', service: false, inAction });
    workflowEnv(file, out, mapValue(container, 'credentials'), { kind: 'workflow-with', action: undefined, inAction });
    for (const svc of mapPairs(services)) {
      workflowEnv(file, out, mapValue(svc.value, 'env'), { kind: 'workflow-env', service: true, inAction });
      workflowEnv(file, out, mapValue(svc.value, 'credentials'), { kind: 'workflow-with', action: undefined, inAction });
    }
    if (hasPairs(withV)) workflowEnv(file, out, withV, { kind: 'workflow-with', action: actionOf(uses), inAction });
    workflowEnv(file, out, secrets, { kind: 'workflow-with', action: undefined, inAction });
    workflowSteps(file, out, steps, inAction);
  }
  // A composite action's own steps (action.yml).
  if (inAction) workflowSteps(file, out, mapValue(mapValue(root, 'runs'), 'steps'), inAction);
  return out;
}

const JOB_KEYS: Record<string, number> = { __proto__: null, env: 1, container: 2, services: 4, with: 8, secrets: 16, steps: 32, uses: 64 } as unknown as Record<string, number>;

function hasPairs(node: unknown): boolean {
  return isMap(node) && node.items.length > 0;
}

/** The `owner/repo` a `uses:` value calls, lower-cased. */
function actionOf(node: unknown): string | undefined {
  const u = scalarString(node);
  const m = u ? /^([^./@][^/@]*\/[^/@]+)/.exec(u) : null;
  return m ? m[1].toLowerCase() : undefined;
}

/** Every pair of an `env:`, `with:` … map (one site, the same for all of them). */
function workflowEnv(file: YamlSourceFile, out: Assignment[], node: unknown, site: AssignmentSite): void {
  if (!isMap(node)) return;
  const flow = isFlow(node);
  for (const p of node.items as AnyPair[]) {
    const a = pairAssignment(file, p, site, flow);
    if (a) out.push(a);
  }
}

function workflowSteps(file: YamlSourceFile, out: Assignment[], node: unknown, inAction: true | undefined): void {
  for (const step of seqItems(node)) {
    if (!isMap(step)) continue;
    let env: unknown, withV: unknown, uses: unknown;
    let seen = 0;
    for (const p of step.items as AnyPair[]) {
      const k = pairKey(p);
      const bit = k === 'env' ? 1 : k === 'with' ? 2 : k === 'uses' ? 4 : 0;
      if (!bit || seen & bit) continue;
      seen |= bit;
      const v = p.value ?? undefined;
      if (bit === 1) env = v;
      else if (bit === 2) withV = v;
      else uses = v;
    }
    workflowEnv(file, out, env, { kind: 'workflow-env', service: false, inAction });
    if (hasPairs(withV)) workflowEnv(file, out, withV, { kind: 'workflow-with', action: actionOf(uses), inAction });
  }
}
