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
  const src = file.text.slice(r.start, r.end);
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    const inner = { start: r.start + 1, end: r.end - 1 };
    return { range: inner, exact: !/\\|''|\n/.test(src.slice(1, -1)) };
  }
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return { range: r, exact: false };
  return { range: r, exact: !src.includes('\n') };
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
    const keyPair = mapGet(entry, 'key');
    const valuePair = mapGet(entry, 'value');
    const key = keyPair && isScalar(keyPair.value) ? String(keyPair.value.value ?? '') : '';
    if (!key || !valuePair || !isScalar(valuePair.value)) continue;
    const a = pairAssignment(file, valuePair, { kind: 'render-envvar', entry: valuePair, inGroup });
    if (a) out.push({ ...a, key, keyRange: nodeRange(keyPair!.value) ?? a.keyRange });
  }
}

function renderAssignments(file: YamlSourceFile): Assignment[] {
  const out: Assignment[] = [];
  const doc = file.docs[0];
  const one = (item: unknown, inGroup: boolean) => keptFor(doc, item, () => {
    const list: Assignment[] = [];
    renderEnvVars(file, mapValue(item, 'envVars'), inGroup, list);
    return list;
  });
  const visit = (scope: unknown): void => {
    for (const svc of seqItems(mapValue(scope, 'services'))) for (const a of one(svc, false)) out.push(a);
    for (const g of seqItems(mapValue(scope, 'envVarGroups'))) for (const a of one(g, true)) out.push(a);
  };
  const root = rootMap(file);
  visit(root);
  for (const project of seqItems(mapValue(root, 'projects'))) for (const env of seqItems(mapValue(project, 'environments'))) visit(env);
  return out;
}

function workflowAssignments(file: YamlSourceFile): Assignment[] {
  const out: Assignment[] = [];
  const inAction = isActionFile(file.path) || undefined;
  const env = (node: unknown, kind: 'workflow-env' | 'workflow-with', service = false, action?: string): void => {
    if (isAlias(node)) return;
    for (const p of mapPairs(node)) {
      const a = pairAssignment(file, p, kind === 'workflow-env' ? { kind, service, inAction } : { kind, action, inAction }, isFlow(node));
      if (a) out.push(a);
    }
  };
  const usesOf = (node: unknown): string | undefined => {
    const u = scalarString(mapValue(node, 'uses'));
    const m = u ? /^([^./@][^/@]*\/[^/@]+)/.exec(u) : null;
    return m ? m[1].toLowerCase() : undefined;
  };
  const steps = (node: unknown): void => {
    for (const step of seqItems(node)) {
      env(mapValue(step, 'env'), 'workflow-env');
      env(mapValue(step, 'with'), 'workflow-with', false, usesOf(step));
    }
  };
  const root = rootMap(file);
  env(mapValue(root, 'env'), 'workflow-env');
  for (const job of mapPairs(mapValue(root, 'jobs'))) {
    env(mapValue(job.value, 'env'), 'workflow-env');
    const container = mapValue(job.value, 'container');
    env(mapValue(container, 'env'), 'workflow-env');
    env(mapValue(container, 'credentials'), 'workflow-with');
    for (const svc of mapPairs(mapValue(job.value, 'services'))) {
      env(mapValue(svc.value, 'env'), 'workflow-env', true);
      env(mapValue(svc.value, 'credentials'), 'workflow-with');
    }
    env(mapValue(job.value, 'with'), 'workflow-with', false, usesOf(job.value));
    env(mapValue(job.value, 'secrets'), 'workflow-with');
    steps(mapValue(job.value, 'steps'));
  }
  // A composite action's own steps (action.yml).
  if (inAction) steps(mapValue(mapValue(root, 'runs'), 'steps'));
  return out;
}
