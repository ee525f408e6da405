import { ancestors, envContext, parentOf, type EnvContext } from '../engine/env/analysis';
import { isImplicitVar } from '../engine/env/implicitVars';
import { FRAMEWORK_VARS, OS_VARS, RENDER_PLATFORM_VARS, RENDER_VERSION_VARS } from '../engine/env/platformVars';
import { renderGroups } from '../engine/env/renderServices';
import { allEnvTemplates } from '../engine/env/templates';
import type { Declaration, DeployUnit } from '../engine/env/units';
import { sameItems } from '../engine/env/worldCheck';
import type { IndexedFile } from '../engine/code/index';
import type { FileEdit, RuleOptions, SourceFile, Workspace, WorkspaceRule } from '../engine/types';

const ID = 'env-unused';
const ALWAYS_ALLOWED = new Set(['PORT', 'NODE_ENV', 'PYTHON_VERSION', 'NODE_VERSION', ...RENDER_PLATFORM_VARS, ...RENDER_VERSION_VARS, ...OS_VARS, ...FRAMEWORK_VARS]);

interface Scope {
  /** At least one source file lies in the folder: without code here, nothing can be judged. */
  hasCode: boolean;
  /** Some code reads variables by computed names. */
  dynamic: boolean;
  used: Set<string>;
}

interface Holder {
  /** The folder's code files (config files excluded), in index order. */
  files: IndexedFile[];
  /** Compose files in the folder: a template documents the names they interpolate (`${X}`) for Compose. */
  compose: SourceFile[];
}

/** Names a Compose file interpolates (once per file version, and only when a template asks). */
function interpolatedNames(file: SourceFile): Set<string> {
  return file.model('env-unused.interpolated', () => new Set([...file.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1])));
}

/** Variables a blueprint's services copy from another (`fromService: {envVarKey: X}`), once per file version. */
function copiedKeys(file: SourceFile): Set<string> {
  return file.model('env-unused.copied', () => new Set([...file.text.matchAll(/envVarKey\s*:\s*["']?([A-Za-z_][\w.-]*)/g)].map((m) => m[1])));
}

/** `allow: ["LEGACY_*", "FEATURE_X"]`: names (a trailing `*` matches a prefix) never reported. */
function allowList(options: RuleOptions): (name: string) => boolean {
  const raw = Array.isArray(options.allow) ? options.allow.filter((x): x is string => typeof x === 'string') : [];
  const exact = new Set(raw.filter((x) => !x.endsWith('*')));
  const prefixes = raw.filter((x) => x.endsWith('*')).map((x) => x.slice(0, -1));
  return (name) => ALWAYS_ALLOWED.has(name) || isImplicitVar(name) || exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

/** A folder's scope, kept with the indexed files it was built from (an indexed file is kept while its text is unchanged). */
const keptScopes = new WeakMap<object, Map<string, { files: IndexedFile[]; scope: Scope }>>();

function scopeOf(index: object, root: string, files: IndexedFile[]): Scope {
  let byRoot = keptScopes.get(index);
  if (!byRoot) keptScopes.set(index, (byRoot = new Map()));
  const hit = byRoot.get(root);
  if (hit && sameItems(hit.files, files)) return hit.scope;
  const scope: Scope = { hasCode: false, dynamic: false, used: new Set<string>() };
  for (const f of files) {
    if (f.scan) {
      scope.hasCode = true;
      scope.dynamic ||= f.scan.dynamic;
      for (const r of f.scan.reads) scope.used.add(r.caseInsensitive ? r.name.toUpperCase() : r.name);
    }
    for (const w of f.words) scope.used.add(w);
  }
  byRoot.set(root, { files, scope });
  return scope;
}

const NO_CODE: Scope & Holder = { hasCode: false, dynamic: false, used: new Set(), files: [], compose: [] };

/** Whether any indexed file is code with its reads (per file list, which is kept while the index is unchanged). */
const anyCodeOf = new WeakMap<readonly IndexedFile[], boolean>();

function anyCode(files: readonly IndexedFile[]): boolean {
  let out = anyCodeOf.get(files);
  if (out === undefined) anyCodeOf.set(files, (out = files.some((f) => f.scan !== undefined)));
  return out;
}

/**
 * The scope of every folder in `roots`, in one pass over the index (a folder without files gets
 * an empty one); each folder's rebuilt only when its files changed.
 */
function scopes(workspace: Workspace, env: EnvContext, roots: Set<string>): (root: string) => Scope & Holder {
  const holders = new Map<string, Holder>();
  const holdersByDir = new Map<string, Holder[]>();
  for (const f of env.index.files()) {
    const dir = parentOf(f.path);
    let hs = holdersByDir.get(dir);
    if (!hs) {
      hs = [];
      for (const d of ancestors(dir)) {
        if (!roots.has(d)) continue;
        let h = holders.get(d);
        if (!h) holders.set(d, (h = { files: [], compose: [] }));
        hs.push(h);
      }
      holdersByDir.set(dir, hs);
    }
    if (!hs.length) continue;
    // A deploy config naming a variable is not a use of it; Compose interpolation is kept apart.
    const config = workspace.get(f.path);
    for (const h of hs) {
      if (config?.kind === 'compose') h.compose.push(config);
      else if (!config) h.files.push(f);
    }
  }
  const out = new Map<string, Scope & Holder>();
  for (const [root, h] of holders) out.set(root, { ...scopeOf(env.index, root, h.files), ...h });
  // Folders typed on the way to a rootDir leave scopes behind: drop those no unit or template names.
  const kept = keptScopes.get(env.index);
  if (kept && kept.size > holders.size + 16) for (const root of kept.keys()) if (!holders.has(root)) kept.delete(root);
  return (root) => out.get(root) ?? NO_CODE;
}

function where(root: string): string {
  return root === '' ? 'the workspace' : `${root}/`;
}

const rule: WorkspaceRule = {
  id: ID,
  meta: {
    scope: 'workspace',
    category: 'configuration',
    severity: 'info',
    description: 'A variable declared in .env.example, render.yaml or a Compose service that no code reads.',
    fixable: true,
  },
  check(ctx) {
    const { workspace } = ctx;
    const env = envContext(workspace);
    if (!env) return;
    // Only a folder with code is judged (templates, units and groups alike): without any, nothing is.
    if (!anyCode(env.index.files())) return;
    const allowed = allowList(ctx.options);
    const roots = new Set(env.templates.keys());
    for (const u of env.units) if (u.codeRoot !== undefined) roots.add(u.codeRoot);
    const scopeOf = scopes(workspace, env, roots);
    // A variable another service copies (`fromService: {envVarKey: X}`) is used by that reference.
    const renderFiles = workspace.filesOfKind('render');
    const copied = (name: string) => renderFiles.some((f) => copiedKeys(f).has(name));
    const isUsed = (name: string, s: Scope, extra?: (name: string) => boolean) => s.used.has(name) || allowed(name) || copied(name) || Boolean(extra?.(name));
    const report = (d: Declaration, message: string, removal: FileEdit | undefined) =>
      ctx.report({ file: d.file, range: d.range, message, fix: removal ? { title: `Remove ${d.key}`, edits: [removal], safe: false } : undefined });

    for (const t of allEnvTemplates(workspace)) {
      const s = scopeOf(t.dir);
      if (!s.hasCode || s.dynamic) continue;
      const interpolated = (name: string) => s.compose.some((f) => interpolatedNames(f).has(name));
      for (const k of t.keys) {
        if (k.commented || isUsed(k.key, s, interpolated)) continue;
        report({ key: k.key, file: t.file.path, range: k.range }, `${k.key} is listed in ${t.file.path} but no code in ${where(t.dir)} reads it: remove it, or add it to this rule's "allow" option if a tool reads it.`, { file: t.file.path, ...k.lines, newText: '' });
      }
    }

    const judged = (u: DeployUnit) => u.codeRoot !== undefined && !u.foreignApp && scopeOf(u.codeRoot).hasCode && !scopeOf(u.codeRoot).dynamic;
    const commandWords = (u: DeployUnit) => {
      const words = new Set(u.commands.flatMap((c) => c.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
      return (name: string) => words.has(name);
    };
    // Per blueprint: its judged services that pull in groups, and the groups some service that cannot be judged pulls in.
    const groupUsers = new Map<string, DeployUnit[]>();
    const unjudgedGroups = new Map<string, Set<string>>();
    for (const u of env.units) {
      const ok = judged(u);
      if (u.platform === 'render' && u.groups.length) {
        if (ok) {
          const list = groupUsers.get(u.file);
          if (list) list.push(u);
          else groupUsers.set(u.file, [u]);
        } else {
          let set = unjudgedGroups.get(u.file);
          if (!set) unjudgedGroups.set(u.file, (set = new Set()));
          for (const g of u.groups) set.add(g);
        }
      }
      if (!ok) continue;
      const s = scopeOf(u.codeRoot!);
      const words = commandWords(u);
      for (const d of u.declarations) {
        if (isUsed(d.key, s, words)) continue;
        report(d, `${d.key} is set for ${u.label} but no code in ${where(u.codeRoot!)} reads it: remove it, or add it to this rule's "allow" option if a tool reads it.`, d.removal);
      }
    }

    // A group is judged when every service pulling it in is.
    for (const f of renderFiles) {
      if (f.format !== 'yaml') continue;
      const candidates = groupUsers.get(f.path);
      if (!candidates) continue;
      const blocked = unjudgedGroups.get(f.path);
      for (const g of renderGroups(f)) {
        if (blocked?.has(g.name)) continue;
        const users = candidates.filter((u) => u.groups.includes(g.name));
        if (!users.length) continue;
        for (const v of g.envVars) {
          if (users.some((u) => isUsed(v.key, scopeOf(u.codeRoot!), commandWords(u)))) continue;
          const names = unitList(users.map((u) => u.label));
          report({ key: v.key, file: f.path, range: v.keyRange }, `${v.key} is in env group "${g.name}" but the code of ${names} never reads it: remove it, or add it to this rule's "allow" option if a tool reads it.`, undefined);
        }
      }
    }
  },
};

/** `Render service "a"`, `Render service "b"` → `Render services "a" and "b"`. */
function unitList(labels: string[]): string {
  const prefix = 'Render service ';
  if (labels.length < 2 || !labels.every((l) => l.startsWith(prefix))) return labels.join(', ');
  const names = labels.map((l) => l.slice(prefix.length));
  return `Render services ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export default rule;
