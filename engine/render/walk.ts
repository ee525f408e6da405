// Walks a render.yaml along the spec (./spec.ts): every key of every mapping the spec knows the
// level of, with the spec of that key (undefined when the level has no such key). The two rules
// that check keys and values (render-unknown-field, render-invalid-value) share this one walk.
import { isMap, isSeq, type Document } from 'yaml';
import { deref, keyRange, mapPairs, nodeRange, pairKey, rootMap, scalarString, type AnyPair, type YAMLMap } from '../yaml/ast';
import type { Range, YamlSourceFile } from '../types';
import { LEVELS, type KeySpec, type LevelName, type ServiceShape } from './spec';

export interface KeyVisit {
  level: LevelName;
  /** The mapping that holds the key. */
  map: YAMLMap;
  pair: AnyPair;
  key: string;
  keyRange: Range;
  /** The value node, aliases resolved. */
  value: unknown;
  valueRange: Range;
  spec: KeySpec | undefined;
  /** For keys of a service (and everything under it): the service's type and runtime. */
  service?: ServiceShape;
  /** The level of the mapping one step up (e.g. `envVar` under `envVarGroup`). */
  parentLevel?: LevelName;
}

function shapeOf(map: YAMLMap, doc: Document): ServiceShape {
  const get = (k: string) => scalarString(deref(mapPairs(map).find((p) => pairKey(p) === k)?.value, doc));
  return { type: get('type'), runtime: get('runtime') ?? get('env') };
}

function walk(file: YamlSourceFile): KeyVisit[] {
  const root = rootMap(file);
  const doc = file.docs[0];
  if (!root || !doc) return [];
  const out: KeyVisit[] = [];
  const seen = new Set<unknown>();
  const stack: { map: YAMLMap; level: LevelName; service?: ServiceShape; parentLevel?: LevelName }[] = [{ map: root, level: 'root' }];
  while (stack.length) {
    const { map, level, service: inherited, parentLevel } = stack.pop()!;
    // An anchored mapping reused through aliases is checked once, where it is written.
    if (seen.has(map)) continue;
    seen.add(map);
    const service = level === 'service' ? shapeOf(map, doc) : inherited;
    const children: typeof stack = [];
    for (const pair of mapPairs(map)) {
      const key = pairKey(pair);
      const kr = keyRange(pair);
      if (key === undefined || !kr || key === '<<') continue;
      const spec = LEVELS[level][key];
      const value = deref(pair.value, doc);
      out.push({ level, map, pair, key, keyRange: kr, value, valueRange: nodeRange(pair.value) ?? kr, spec, service, parentLevel });
      if (!spec?.level) continue;
      if (spec.kind === 'map' && isMap(value)) children.push({ map: value, level: spec.level, service, parentLevel: level });
      if (spec.kind === 'list' && isSeq(value)) {
        for (const item of value.items) {
          const m = deref(item, doc);
          if (isMap(m)) children.push({ map: m, level: spec.level, service, parentLevel: level });
        }
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/** Every key of the blueprint in document order, with its level and spec (memoised per file version). */
export function blueprintKeys(file: YamlSourceFile): KeyVisit[] {
  return file.model('render-blueprint-keys', () => walk(file));
}
