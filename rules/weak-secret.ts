import { mask } from '../engine/secrets/mask';
import { scanSecrets, dotenvIsCommitted, type SecretFinding } from '../engine/secrets/scan';
import { requireVariable, scanSecretDefaults } from '../engine/secrets/defaults';
import { isKeyName } from '../engine/secrets/secretNames';
import { isEnvTemplate } from '../engine/fileKinds';
import { serviceShards, shardAt, shardEnd, shardedFile, type Shards } from '../engine/shards';
import type { FileRule, SourceFile, Workspace, YamlSourceFile } from '../engine/types';
import { sameEnds, sameItems } from '../engine/env/worldCheck';
import { isOneOff } from '../engine/oneOff';

interface Reuse {
  finding: SecretFinding;
  file: SourceFile;
  first: { file: SourceFile; finding: SecretFinding };
}

function keysIn(workspace: Workspace, file: SourceFile): SecretFinding[] {
  return scanSecrets(workspace, file).filter((f) => isKeyName(f.assignment.key) && f.assignment.value.trim().length >= 8);
}

const NONE: readonly SecretFinding[] = [];

/**
 * A service's keys, kept with its node (the same object while its text is unchanged; its
 * assignments read their ranges from the nodes): after an edit, only the edited services' secrets
 * are scanned for the reuse table, not the whole file's.
 */
const serviceKeys = new WeakMap<object, { kind: string; keys: readonly SecretFinding[] }>();

/** Paths whose keys were asked for before, per workspace. */

/** Services without kept keys above which the whole file is scanned (and its keys kept per service) rather than each on a copy. */
const MANY = 4;

/**
 * The keys of a render.yaml or Compose file service by service, then those outside its services
 * (the order of a whole scan); undefined when its shape does not allow it, or in a one-off audit
 * (../engine/oneOff), where kept parts would only cost.
 */
/**
 * A file's keys as last listed, per workspace and path: the services' keys aligned with the
 * services, and the keys outside them with the text and root pairs they were read from. An edit
 * makes new nodes of the edited services only, so the services before and after them take their
 * keys over without a look-up each, and while the text outside the services is unchanged and its
 * root pairs are the same nodes (nothing there was parsed again; their assignments read their ranges
 * from the nodes), so are its keys, without scanning a copy of the file for them.
 */
interface Listed {
  kind: string;
  items: readonly unknown[];
  keys: (readonly SecretFinding[])[];
  frame: Frame | undefined;
}

interface Frame {
  pairs: unknown[];
  prefix: string;
  suffix: string;
  /** Where the text after the services started. */
  end: number;
  keys: readonly SecretFinding[];
  /** Where each key started. */
  starts: number[];
}

/** Whether the kept keys outside the services are where the text they were read from is now (their ranges moved with their nodes). */
function inPlace(frame: Frame, first: number, end: number): boolean {
  const by = end - frame.end;
  for (let i = 0; i < frame.keys.length; i++) {
    const was = frame.starts[i];
    if (frame.keys[i].assignment.keyRange.start !== (was < first ? was : was + by)) return false;
  }
  return true;
}
const listed = new WeakMap<Workspace, Map<string, Listed>>();

function framePairs(file: YamlSourceFile, shards: Shards): unknown[] {
  const root = file.docs[0].contents as { items: unknown[] };
  const out: unknown[] = [];
  for (let i = 0; i < root.items.length; i++) if (i !== shards.pairIndex) out.push(root.items[i]);
  return out;
}

function readFrame(workspace: Workspace, file: YamlSourceFile, shards: Shards, pairs: unknown[], prefix: string, suffix: string): Frame {
  const keys = keysIn(workspace, shardedFile(file, shards, []));
  return { pairs, prefix, suffix, end: shards.end, keys, starts: keys.map((f) => f.assignment.keyRange.start) };
}

function keysByService(workspace: Workspace, file: SourceFile): SecretFinding[] | undefined {
  if ((file.kind !== 'render' && file.kind !== 'compose') || file.format !== 'yaml') return undefined;
  if (isOneOff(workspace)) return undefined;
  const shards = serviceShards(file);
  if (!shards) return undefined;
  const kind = file.kind;
  let byPath = listed.get(workspace);
  if (!byPath) listed.set(workspace, (byPath = new Map()));
  const was = byPath.get(file.path);
  const prior = was?.kind === kind ? was : undefined;
  const items = shards.items;
  const { p, q } = sameEnds(items, prior ? prior.items : []);
  const moved = prior ? prior.items.length - items.length : 0;
  let missing = 0;
  for (let k = p; k < items.length - q; k++) if (serviceKeys.get(items[k] as object)?.kind !== kind) missing++;
  if (missing > MANY) {
    const all = keysIn(workspace, file);
    const per = new Map<number, SecretFinding[]>();
    for (const f of all) {
      const k = shardAt(shards, f.assignment.keyRange.start);
      if (k < 0) continue;
      const list = per.get(k);
      if (list) list.push(f);
      else per.set(k, [f]);
    }
    const keys: (readonly SecretFinding[])[] = [];
    items.forEach((item, k) => {
      const own = per.get(k) ?? NONE;
      serviceKeys.set(item as object, { kind, keys: own });
      keys.push(own);
    });
    // The shards' list is this version's own copy (the next parse splices the collection's).
    byPath.set(file.path, { kind, items, keys, frame: undefined });
    return all;
  }
  const keys = new Array<readonly SecretFinding[]>(items.length);
  let count = 0;
  for (let k = 0; k < items.length; k++) {
    let own: readonly SecretFinding[];
    if (prior && k < p) own = prior.keys[k];
    else if (prior && k >= items.length - q) own = prior.keys[k + moved];
    else {
      const item = items[k];
      let hit = serviceKeys.get(item as object);
      if (hit?.kind !== kind) {
        // The copy holds the file outside the services too: its keys are the frame's, listed once below.
        const start = shards.starts[k];
        const end = shardEnd(shards, k);
        const found = keysIn(workspace, shardedFile(file, shards, [k])).filter((f) => f.assignment.keyRange.start >= start && f.assignment.keyRange.start < end);
        serviceKeys.set(item as object, (hit = { kind, keys: found.length ? found : NONE }));
      }
      own = hit.keys;
    }
    keys[k] = own;
    count += own.length;
  }
  const pairs = framePairs(file, shards);
  const prefix = file.text.slice(0, shards.starts[0]);
  const suffix = file.text.slice(shards.end);
  const kept = prior?.frame;
  const first = shards.starts[0];
  // A kept frame stays as it was read: its keys' places are compared with where they were then.
  const frame: Frame = kept && kept.prefix === prefix && kept.suffix === suffix && sameItems(kept.pairs, pairs) && inPlace(kept, first, shards.end) ? kept : readFrame(workspace, file, shards, pairs, prefix, suffix);
  const out = new Array<SecretFinding>(count + frame.keys.length);
  let n = 0;
  for (const own of keys) for (const f of own) out[n++] = f;
  for (const f of frame.keys) out[n++] = f;
  byPath.set(file.path, { kind, items, keys, frame });
  return out;
}

/** A file's signing keys with values long enough to compare: its part of the reuse table, once per file version. */
function keysOf(workspace: Workspace, file: SourceFile): readonly SecretFinding[] {
  if (file.kind === 'dotenv' && (isEnvTemplate(file.path) || !dotenvIsCommitted(workspace, file))) return [];
  return file.model('weak-secret.keys', () => keysByService(workspace, file) ?? keysIn(workspace, file));
}

/** Signing keys sharing one value: leaking one breaks all. Passwords may legitimately repeat (both sides of one credential). */
function reusedKeys(workspace: Workspace): Reuse[] {
  return workspace.model('weak-secret.reuse', () => {
    const seen = new Map<string, { file: SourceFile; finding: SecretFinding }>();
    const out: Reuse[] = [];
    for (const file of workspace.files()) {
      for (const finding of keysOf(workspace, file)) {
        const a = finding.assignment;
        const prev = seen.get(a.value);
        if (prev && prev.finding.assignment.key !== a.key) out.push({ finding, file, first: prev });
        else if (!prev) seen.set(a.value, { file, finding });
      }
    }
    return out;
  });
}

const rule: FileRule = {
  id: 'weak-secret',
  meta: {
    scope: 'file',
    kinds: ['compose', 'render', 'workflow', 'dotenv'],
    category: 'security',
    severity: 'error',
    description: 'A weak or default secret: a common password, a short key, a weak `${VAR:-default}`, or one value reused for two keys.',
    fixable: true,
    perService: true,
  },
  // The reuse table needs every file's secrets: scanned one file per step ahead of the check.
  *prepare({ workspace }) {
    for (const file of workspace.files()) {
      keysOf(workspace, file);
      yield file.path;
    }
    reusedKeys(workspace);
    yield;
  },
  check(ctx) {
    const { file } = ctx;
    // Weak defaults only; strong-looking ones are published secrets and belong to hardcoded-secret.
    for (const d of scanSecretDefaults(file)) {
      if (!d.verdict.weak) continue;
      const required = requireVariable(d.variable);
      ctx.report({
        range: d.secretRange,
        message: `${d.variable} falls back to a weak default (${mask(d.value.slice(d.verdict.secretStart, d.verdict.secretEnd))}, ${d.verdict.weak}) whenever it is not set. Require it instead: ${required}.`,
        fix: { title: `Require ${d.variable} to be set`, edits: [{ file: file.path, start: d.expr.start, end: d.expr.end, newText: required }], safe: true },
      });
    }
  },
  // A value reused for two keys is found across services and files.
  checkAcross(ctx) {
    const { file, workspace } = ctx;
    for (const r of reusedKeys(workspace)) {
      if (r.file.path !== file.path) continue;
      const a = r.finding.assignment;
      const first = r.first.finding.assignment;
      ctx.report({
        range: a.valueRange,
        message: `${a.key} reuses the value of ${first.key} (${mask(a.value)}); a leak of one exposes both. Give each key its own random value.`,
        related: [{ file: r.first.file.path, range: first.valueRange, message: `${first.key} has the same value` }],
      });
    }
  },
};

export default rule;
