// A typed view of a GitHub Actions workflow (`.github/workflows/*.yml`) or of an action's metadata
// (`action.yml`, whose `runs.steps` a composite action runs), keeping the YAML node and exact range
// of every value. Field meanings follow GitHub's "Workflow syntax for GitHub Actions" and
// "Metadata syntax for GitHub Actions". YAML aliases are followed (GitHub accepts anchors since
// 2025); merge keys are not, because GitHub rejects them. Memoised per file version.
import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import { resolveAlias } from '../yaml/resolve';
import { mapPairs, nodeRange, pairKey, rootMap, type AnyPair } from '../yaml/ast';
import type { Range, YamlSourceFile } from '../types';

/** A scalar value with its node; `text` is the value as a string (numbers and booleans included). */
export interface WfScalar {
  text: string;
  node: Scalar;
  range: Range;
}

/** A `key: value` entry of `env:`, `with:`, `secrets:`, `outputs:`. */
export interface WfEntry {
  key: string;
  keyRange: Range;
  pair: AnyPair;
  /** The value when it is a scalar (null and empty values are absent). */
  value?: WfScalar;
  /** The value node, whatever its type. */
  valueNode: unknown;
}

/** A map of entries, or an expression / other value standing for the whole map. */
export interface WfEntries {
  pair?: AnyPair;
  /** The map node, when the value is a block or flow map. */
  map?: YAMLMap;
  entries: WfEntry[];
  get(key: string): WfEntry | undefined;
}

export interface WfTrigger {
  /** Event name as written (`push`, `pull_request_target`, `workflow_dispatch` …). */
  event: string;
  range: Range;
  /** The event's configuration node (a map), or undefined for the string and list forms. */
  config?: YAMLMap;
  /** Scalar-list filters: `branches`, `branches-ignore`, `tags`, `paths`, `types`, `workflows`, `cron` … */
  filters: Map<string, WfScalar[]>;
  /** Input names for `workflow_dispatch` / `workflow_call`, secrets for `workflow_call`. */
  inputs: WfEntries;
  secrets: WfEntries;
}

export type PermissionLevel = 'read' | 'write' | 'none';

export interface WfPermissions {
  pair: AnyPair;
  /** `write-all` / `read-all` written as a string; `map` for a map (`{}` included); `other` for anything else. */
  kind: 'write-all' | 'read-all' | 'map' | 'other';
  /** Range of the value (or of the key when the value is empty). */
  range: Range;
  scopes: { scope: string; level: string; keyRange: Range; valueRange: Range }[];
}

/** `uses:` parsed: `owner/repo[/path]@ref`, `docker://image`, or `./local/path`. */
export interface WfUses {
  raw: string;
  range: Range;
  node: Scalar;
  kind: 'repository' | 'docker' | 'local' | 'invalid';
  owner?: string;
  repo?: string;
  /** Path inside the repository (without leading slash), empty when the action is at the root. */
  path?: string;
  ref?: string;
  /** File range of the ref (after `@`). */
  refRange?: Range;
  /** `owner/repo` lower-cased, for table look-ups. */
  slug?: string;
  /** For docker: the image reference after `docker://`. */
  image?: string;
}

export interface WfStep {
  index: number;
  node: YAMLMap;
  range: Range;
  id?: WfScalar;
  name?: WfScalar;
  uses?: WfUses;
  with: WfEntries;
  run?: WfScalar;
  shell?: WfScalar;
  env: WfEntries;
  if?: WfScalar;
  workingDirectory?: WfScalar;
  continueOnError?: WfScalar;
  timeoutMinutes?: WfScalar;
  get(key: string): AnyPair | undefined;
}

export interface WfMatrixAxis {
  key: string;
  keyRange: Range;
  /** Scalar values of the axis (an expression standing for the axis appears as one value). */
  values: WfScalar[];
  node: unknown;
}

export interface WfService {
  id: string;
  idRange: Range;
  map?: YAMLMap;
  image?: WfScalar;
  env: WfEntries;
  credentials: WfEntries;
}

export interface WfJob {
  id: string;
  idRange: Range;
  pair: AnyPair;
  map?: YAMLMap;
  name?: WfScalar;
  runsOn: WfScalar[];
  runsOnPair?: AnyPair;
  needs: WfScalar[];
  needsPair?: AnyPair;
  if?: WfScalar;
  environment?: { pair: AnyPair; name?: WfScalar; url?: WfScalar };
  permissions?: WfPermissions;
  timeoutMinutes?: WfScalar;
  timeoutPair?: AnyPair;
  concurrency?: AnyPair;
  container?: { pair: AnyPair; image?: WfScalar; env: WfEntries; credentials: WfEntries };
  services: WfService[];
  strategyPair?: AnyPair;
  matrix: WfMatrixAxis[];
  /** `include:` entries of the matrix, each as entries (key → value). */
  matrixInclude: WfEntries[];
  /** The matrix value when it is an expression string (`matrix: ${{ fromJSON(…) }}`). */
  matrixExpression?: WfScalar;
  /** Reusable-workflow call (`jobs.<id>.uses`). */
  uses?: WfUses;
  with: WfEntries;
  /** `secrets: inherit` or a map of secrets passed to a reusable workflow. */
  secrets: WfEntries;
  secretsInherit: boolean;
  env: WfEntries;
  defaultsShell?: WfScalar;
  steps: WfStep[];
  stepsPair?: AnyPair;
  get(key: string): AnyPair | undefined;
}

export interface WorkflowModel {
  file: YamlSourceFile;
  doc?: Document;
  root?: YAMLMap;
  /** `workflow` for `.github/workflows/*`, `action` for an action metadata file. */
  type: 'workflow' | 'action';
  name?: WfScalar;
  onPair?: AnyPair;
  triggers: WfTrigger[];
  permissions?: WfPermissions;
  env: WfEntries;
  concurrency?: AnyPair;
  jobsPair?: AnyPair;
  jobs: WfJob[];
  jobsById: Map<string, WfJob>;
  /** Composite action steps (`runs.steps`) when `type` is `action`. */
  actionSteps: WfStep[];
  /** `runs.using` of an action (`node20`, `composite`, `docker` …). */
  actionUsing?: WfScalar;
  /** Inputs of an action (`inputs:`), by name. */
  actionInputs: WfEntries;
  get(key: string): AnyPair | undefined;
}

/** True for an action metadata file name. */
export function isActionFile(path: string): boolean {
  return /(^|\/)action\.ya?ml$/i.test(path);
}

function lookup(map: unknown, key: string): AnyPair | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items as AnyPair[]) if (pairKey(p) === key) return p;
  return undefined;
}

const NO_PAIRS: ReadonlyMap<string, AnyPair> = new Map();

/** The scalar value of a key of `pairs`. */
function valueOf(pairs: ReadonlyMap<string, AnyPair>, key: string, doc: Document): WfScalar | undefined {
  return scalar(pairs.get(key)?.value, doc);
}

/** A map's pairs by key, the first of each key (what `lookup` finds): one pass for the many look-ups of a job or step. */
function firstPairs(map: YAMLMap | undefined): ReadonlyMap<string, AnyPair> {
  if (!map) return NO_PAIRS;
  const out = new Map<string, AnyPair>();
  for (const p of map.items as AnyPair[]) {
    const k = pairKey(p);
    if (k !== undefined && !out.has(k)) out.set(k, p);
  }
  return out;
}

function scalar(node: unknown, doc: Document): WfScalar | undefined {
  const n = resolveAlias(node, doc);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  const range = nodeRange(n);
  if (!range) return undefined;
  return { text: String(n.value), node: n, range };
}

function scalars(node: unknown, doc: Document): WfScalar[] {
  const n = resolveAlias(node, doc);
  if (isSeq(n)) return n.items.map((i) => scalar(i, doc)).filter((s): s is WfScalar => s !== undefined);
  const one = scalar(n, doc);
  return one ? [one] : [];
}

/** Absent `env:`, `with:`, `secrets:` … (most steps and jobs): one shared, frozen value. */
const NO_ENTRIES: WfEntries = Object.freeze({ pair: undefined, map: undefined, entries: Object.freeze([]) as unknown as WfEntry[], get: () => undefined });

function entries(pair: AnyPair | undefined, doc: Document): WfEntries {
  if (!pair) return NO_ENTRIES;
  const v = resolveAlias(pair.value, doc);
  const out: WfEntry[] = [];
  for (const p of mapPairs(v)) {
    const key = pairKey(p);
    const keyRange = nodeRange(p.key);
    if (key === undefined || !keyRange) continue;
    out.push({ key, keyRange, pair: p, value: scalar(p.value, doc), valueNode: resolveAlias(p.value, doc) });
  }
  return new Entries(pair, isMap(v) ? v : undefined, out);
}

// A class rather than an object with its own `get` closure: workflows hold many of these.
class Entries implements WfEntries {
  constructor(readonly pair: AnyPair | undefined, readonly map: YAMLMap | undefined, readonly entries: WfEntry[]) {}

  get(key: string): WfEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }
}

function entriesOfNode(node: unknown, doc: Document): WfEntries {
  return entries(node === undefined ? undefined : ({ key: null, value: node } as unknown as AnyPair), doc);
}

/** Parses a `uses:` value. */
export function parseUses(s: WfScalar): WfUses {
  const raw = s.text;
  // The value's first character in the file (after an opening quote).
  const q = s.node.type === 'QUOTE_DOUBLE' || s.node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const at0 = s.range.start + q;
  if (raw.startsWith('docker://')) return uses(s, 'docker', undefined, undefined, undefined, undefined, undefined, undefined, raw.slice(9));
  if (raw.startsWith('./') || raw.startsWith('../')) return uses(s, 'local', undefined, undefined, raw.replace(/^\.\//, ''), undefined, undefined, undefined, undefined);
  const at = raw.lastIndexOf('@');
  const spec = at >= 0 ? raw.slice(0, at) : raw;
  const parts = spec.split('/');
  if (parts.length < 2 || !parts[0] || !parts[1]) return uses(s, 'invalid', undefined, undefined, undefined, undefined, undefined, undefined, undefined);
  const ref = at >= 0 ? raw.slice(at + 1) : undefined;
  // For plain and quoted scalars without escapes the ref's offset is at the same index.
  const verbatim = s.node.type !== 'BLOCK_LITERAL' && s.node.type !== 'BLOCK_FOLDED' && !raw.includes('\\');
  const refRange = ref !== undefined && verbatim ? { start: at0 + at + 1, end: at0 + raw.length } : undefined;
  const path = parts.length === 2 ? '' : parts.length === 3 ? parts[2] : parts.slice(2).join('/');
  return uses(s, at >= 0 ? 'repository' : 'invalid', parts[0], parts[1], path, ref, refRange, `${parts[0]}/${parts[1]}`.toLowerCase(), undefined);
}

// Every `uses` value has the same fields (absent ones undefined): one object shape for all of them.
function uses(s: WfScalar, kind: WfUses['kind'], owner: string | undefined, repo: string | undefined, path: string | undefined, ref: string | undefined, refRange: Range | undefined, slug: string | undefined, image: string | undefined): WfUses {
  return { raw: s.text, range: s.range, node: s.node, kind, owner, repo, path, ref, refRange, slug, image };
}

function permissions(pair: AnyPair | undefined, doc: Document): WfPermissions | undefined {
  if (!pair) return undefined;
  const v = resolveAlias(pair.value, doc);
  const range = nodeRange(v) ?? nodeRange(pair.key)!;
  if (isMap(v)) {
    const scopes = mapPairs(v).flatMap((p) => {
      const scope = pairKey(p);
      const level = scalar(p.value, doc);
      const keyRange = nodeRange(p.key);
      return scope !== undefined && keyRange ? [{ scope, level: level?.text ?? '', keyRange, valueRange: level?.range ?? keyRange }] : [];
    });
    return { pair, kind: 'map', range, scopes };
  }
  const s = scalar(v, doc)?.text;
  return { pair, kind: s === 'write-all' || s === 'read-all' ? s : 'other', range, scopes: [] };
}

function triggers(pair: AnyPair | undefined, doc: Document): WfTrigger[] {
  if (!pair) return [];
  const v = resolveAlias(pair.value, doc);
  const out: WfTrigger[] = [];
  for (const s of isMap(v) ? [] : scalars(v, doc)) out.push({ event: s.text, range: s.range, filters: new Map(), inputs: entries(undefined, doc), secrets: entries(undefined, doc) });
  for (const p of mapPairs(v)) {
    const event = pairKey(p);
    const range = nodeRange(p.key);
    if (event === undefined || !range) continue;
    const cfg = resolveAlias(p.value, doc);
    const filters = new Map<string, WfScalar[]>();
    for (const f of mapPairs(cfg)) {
      const k = pairKey(f);
      if (k !== undefined && !isMap(resolveAlias(f.value, doc))) filters.set(k, scalars(f.value, doc));
    }
    // `schedule` is a list of `{cron: …}` maps.
    if (isSeq(cfg)) filters.set('cron', cfg.items.map((i) => scalar(lookup(resolveAlias(i, doc), 'cron')?.value, doc)).filter((s): s is WfScalar => s !== undefined));
    out.push({
      event, range, config: isMap(cfg) ? cfg : undefined, filters,
      inputs: entries(lookup(cfg, 'inputs'), doc), secrets: entries(lookup(cfg, 'secrets'), doc),
    });
  }
  return out;
}

function steps(node: unknown, doc: Document): WfStep[] {
  const seq = resolveAlias(node, doc);
  const out: WfStep[] = [];
  if (!isSeq(seq)) return out;
  const items = seq.items;
  for (let index = 0; index < items.length; index++) {
    const m = resolveAlias(items[index], doc);
    const range = nodeRange(m);
    if (!isMap(m) || !range) continue;
    const pairs = firstPairs(m);
    const usesS = valueOf(pairs, 'uses', doc);
    out.push(new Step(
      index, m, range, valueOf(pairs, 'id', doc), valueOf(pairs, 'name', doc), usesS ? parseUses(usesS) : undefined,
      entries(pairs.get('with'), doc), valueOf(pairs, 'run', doc), valueOf(pairs, 'shell', doc), entries(pairs.get('env'), doc), valueOf(pairs, 'if', doc),
      valueOf(pairs, 'working-directory', doc), valueOf(pairs, 'continue-on-error', doc), valueOf(pairs, 'timeout-minutes', doc), pairs,
    ));
  }
  return out;
}

// A class rather than an object with its own `get` closure: workflows hold many steps.
class Step implements WfStep {
  readonly with: WfEntries;
  readonly if: WfScalar | undefined;
  constructor(
    readonly index: number,
    readonly node: YAMLMap,
    readonly range: Range,
    readonly id: WfScalar | undefined,
    readonly name: WfScalar | undefined,
    readonly uses: WfUses | undefined,
    withEntries: WfEntries,
    readonly run: WfScalar | undefined,
    readonly shell: WfScalar | undefined,
    readonly env: WfEntries,
    condition: WfScalar | undefined,
    readonly workingDirectory: WfScalar | undefined,
    readonly continueOnError: WfScalar | undefined,
    readonly timeoutMinutes: WfScalar | undefined,
    private readonly pairs: ReadonlyMap<string, AnyPair>,
  ) {
    this.with = withEntries;
    this.if = condition;
  }

  get(key: string): AnyPair | undefined {
    return this.pairs.get(key);
  }
}

function job(pair: AnyPair, doc: Document): WfJob | undefined {
  const id = pairKey(pair);
  const idRange = nodeRange(pair.key);
  if (id === undefined || !idRange) return undefined;
  const m = resolveAlias(pair.value, doc);
  const map = isMap(m) ? m : undefined;
  const pairs = firstPairs(map);
  // No closures named per job: under tsx (as the tests run) naming one costs a property definition each time.
  const get = pairGetter(pairs);
  const envPair = pairs.get('environment');
  const envV = resolveAlias(envPair?.value, doc);
  const environment = envPair ? { pair: envPair, name: isMap(envV) ? scalar(lookup(envV, 'name')?.value, doc) : scalar(envV, doc), url: isMap(envV) ? scalar(lookup(envV, 'url')?.value, doc) : undefined } : undefined;
  const contPair = pairs.get('container');
  const contV = resolveAlias(contPair?.value, doc);
  const container = contPair
    ? {
        pair: contPair,
        image: isMap(contV) ? scalar(lookup(contV, 'image')?.value, doc) : scalar(contV, doc),
        env: entries(lookup(contV, 'env'), doc),
        credentials: entries(lookup(contV, 'credentials'), doc),
      }
    : undefined;
  const services: WfService[] = [];
  for (const sp of mapPairs(resolveAlias(pairs.get('services')?.value, doc))) {
    const sid = pairKey(sp);
    const sr = nodeRange(sp.key);
    if (sid === undefined || !sr) continue;
    const sv = resolveAlias(sp.value, doc);
    services.push({ id: sid, idRange: sr, map: isMap(sv) ? sv : undefined, image: scalar(lookup(sv, 'image')?.value, doc), env: entries(lookup(sv, 'env'), doc), credentials: entries(lookup(sv, 'credentials'), doc) });
  }
  const strategyPair = pairs.get('strategy');
  const matrixNode = resolveAlias(lookup(resolveAlias(strategyPair?.value, doc), 'matrix')?.value, doc);
  const matrix: WfMatrixAxis[] = [];
  const matrixInclude: WfEntries[] = [];
  for (const ap of mapPairs(matrixNode)) {
    const key = pairKey(ap);
    const keyRange = nodeRange(ap.key);
    if (key === undefined || !keyRange) continue;
    const av = resolveAlias(ap.value, doc);
    if (key === 'include' || key === 'exclude') {
      if (key === 'include' && isSeq(av)) for (const it of av.items) matrixInclude.push(entriesOfNode(it, doc));
      continue;
    }
    matrix.push({ key, keyRange, values: scalars(av, doc), node: av });
  }
  const secretsPair = pairs.get('secrets');
  const usesS = scalar(pairs.get('uses')?.value, doc);
  const defaultsRun = lookup(resolveAlias(lookup(resolveAlias(pairs.get('defaults')?.value, doc), 'run')?.value, doc), 'shell');
  return {
    id, idRange, pair, map, name: scalar(pairs.get('name')?.value, doc), runsOn: runsOn(pairs.get('runs-on')?.value, doc), runsOnPair: pairs.get('runs-on'),
    needs: scalars(pairs.get('needs')?.value, doc), needsPair: pairs.get('needs'), if: scalar(pairs.get('if')?.value, doc), environment,
    permissions: permissions(pairs.get('permissions'), doc), timeoutMinutes: scalar(pairs.get('timeout-minutes')?.value, doc), timeoutPair: pairs.get('timeout-minutes'),
    concurrency: pairs.get('concurrency'), container, services, strategyPair, matrix, matrixInclude,
    matrixExpression: isScalar(matrixNode) ? scalar(matrixNode, doc) : undefined,
    uses: usesS ? parseUses(usesS) : undefined, with: entries(pairs.get('with'), doc),
    secrets: entries(secretsPair, doc), secretsInherit: scalar(secretsPair?.value, doc)?.text === 'inherit',
    env: entries(pairs.get('env'), doc), defaultsShell: scalar(defaultsRun?.value, doc),
    steps: steps(pairs.get('steps')?.value, doc), stepsPair: pairs.get('steps'), get,
  };
}

/** A job's pair for a key, as its model's `get` answers (made here: see job). */
function pairGetter(pairs: ReadonlyMap<string, AnyPair>): (key: string) => AnyPair | undefined {
  return (key) => pairs.get(key);
}

/** A root key's pair, as a workflow model's `get` answers (made here: see job). */
function rootGetter(root: YAMLMap | undefined): (key: string) => AnyPair | undefined {
  return (key) => lookup(root, key);
}

/** `runs-on` as a string, a list of labels, or `{group, labels}`. */
function runsOn(node: unknown, doc: Document): WfScalar[] {
  const v = resolveAlias(node, doc);
  if (isMap(v)) return [...scalars(lookup(v, 'group')?.value, doc), ...scalars(lookup(v, 'labels')?.value, doc)];
  return scalars(v, doc);
}

/** The workflow (or action) model of a file, memoised per version; empty for anything that is not a mapping. */
export function workflowModel(file: YamlSourceFile): WorkflowModel {
  return file.model('workflow.model', () => {
    const doc = file.docs[0];
    const root = rootMap(file);
    const type = isActionFile(file.path) ? 'action' : 'workflow';
    const model: WorkflowModel = {
      file, doc, root, type, triggers: [], env: entriesOfNode(undefined, doc ?? ({} as Document)), jobs: [], jobsById: new Map(),
      actionSteps: [], actionInputs: entriesOfNode(undefined, doc ?? ({} as Document)), get: rootGetter(root),
    };
    if (!doc || !root) return model;
    model.name = scalar(lookup(root, 'name')?.value, doc);
    // YAML 1.1 loaders read a bare `on` key as true; GitHub reads it as "on". Accept both spellings.
    model.onPair = lookup(root, 'on') ?? lookup(root, 'true');
    model.triggers = triggers(model.onPair, doc);
    model.permissions = permissions(lookup(root, 'permissions'), doc);
    model.env = entries(lookup(root, 'env'), doc);
    model.concurrency = lookup(root, 'concurrency');
    model.jobsPair = lookup(root, 'jobs');
    for (const p of mapPairs(resolveAlias(model.jobsPair?.value, doc))) {
      const j = job(p, doc);
      if (!j || model.jobsById.has(j.id)) continue;
      model.jobs.push(j);
      model.jobsById.set(j.id, j);
    }
    if (type === 'action') {
      const runs = resolveAlias(lookup(root, 'runs')?.value, doc);
      model.actionUsing = scalar(lookup(runs, 'using')?.value, doc);
      model.actionSteps = steps(lookup(runs, 'steps')?.value, doc);
      model.actionInputs = entries(lookup(root, 'inputs'), doc);
    }
    return model;
  });
}

/** Every step of the file: job steps, then composite action steps. */
export function allSteps(model: WorkflowModel): readonly { job?: WfJob; step: WfStep }[] {
  // Several rules walk every step of each file: the list is made once per model.
  let list = stepLists.get(model);
  if (!list) {
    const out: { job?: WfJob; step: WfStep }[] = [];
    for (const job of model.jobs) for (const step of job.steps) out.push({ job, step });
    for (const step of model.actionSteps) out.push({ step });
    stepLists.set(model, (list = out));
  }
  return list;
}

const stepLists = new WeakMap<WorkflowModel, readonly { job?: WfJob; step: WfStep }[]>();

/** True when a trigger with this event name is present. */
export function hasTrigger(model: WorkflowModel, event: string): boolean {
  return model.triggers.some((t) => t.event === event);
}
