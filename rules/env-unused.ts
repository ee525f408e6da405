import { ancestors, envContext, parentOf, type EnvContext } from '../engine/env/analysis';
import { isImplicitVar } from '../engine/env/implicitVars';
import { FRAMEWORK_VARS, OS_VARS, RENDER_PLATFORM_VARS, RENDER_VERSION_VARS } from '../engine/env/platformVars';
import { renderGroups } from '../engine/env/renderServices';
import { allEnvTemplates } from '../engine/env/templates';
import type { Declaration, DeployUnit } from '../engine/env/units';
import type { FileEdit, RuleOptions, Workspace, WorkspaceRule } from '../engine/types';

const ID = 'env-unused';
const ALWAYS_ALLOWED = new Set(['PORT', 'NODE_ENV', 'PYTHON_VERSION', 'NODE_VERSION', ...RENDER_PLATFORM_VARS, ...RENDER_VERSION_VARS, ...OS_VARS, ...FRAMEWORK_VARS]);

interface Scope {
  /** At least one source file lies in the folder: without code here, nothing can be judged. */
  hasCode: boolean;
  /** Some code reads variables by computed names. */
  dynamic: boolean;
  used: Set<string>;
  /** Names Compose files in the folder interpolate (`${X}`): a template documents those for Compose. */
  interpolated: Set<string>;
}

/** `allow: ["LEGACY_*", "FEATURE_X"]`: names (a trailing `*` matches a prefix) never reported. */
function allowList(options: RuleOptions): (name: string) => boolean {
  const raw = Array.isArray(options.allow) ? options.allow.filter((x): x is string => typeof x === 'string') : [];
  const exact = new Set(raw.filter((x) => !x.endsWith('*')));
  const prefixes = raw.filter((x) => x.endsWith('*')).map((x) => x.slice(0, -1));
  return (name) => ALWAYS_ALLOWED.has(name) || isImplicitVar(name) || exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

/** The scope of every folder in `roots`, in one pass over the index. */
function scopes(workspace: Workspace, env: EnvContext, roots: Set<string>): Map<string, Scope> {
  const out = new Map<string, Scope>([...roots].map((r) => [r, { hasCode: false, dynamic: false, used: new Set<string>(), interpolated: new Set<string>() }]));
  const holdersByDir = new Map<string, Scope[]>();
  for (const f of env.index.files()) {
    const dir = parentOf(f.path);
    let holders = holdersByDir.get(dir);
    if (!holders) holdersByDir.set(dir, (holders = ancestors(dir).filter((d) => out.has(d)).map((d) => out.get(d)!)));
    if (!holders.length) continue;
    const config = workspace.get(f.path);
    for (const s of holders) {
      // A deploy config naming a variable is not a use of it; Compose interpolation is kept apart.
      if (config?.kind === 'compose') for (const m of config.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) s.interpolated.add(m[1]);
      if (config) continue;
      if (f.scan) {
        s.hasCode = true;
        s.dynamic ||= f.scan.dynamic;
        for (const r of f.scan.reads) s.used.add(r.caseInsensitive ? r.name.toUpperCase() : r.name);
      }
      for (const w of f.words) s.used.add(w);
    }
  }
  return out;
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
    const allowed = allowList(ctx.options);
    const all = scopes(workspace, env, new Set([...env.templates.keys(), ...env.units.flatMap((u) => (u.codeRoot === undefined ? [] : [u.codeRoot]))]));
    const scopeOf = (root: string) => all.get(root)!;
    // A variable another service copies (`fromService: {envVarKey: X}`) is used by that reference.
    const copied = new Set<string>();
    for (const f of workspace.filesOfKind('render')) for (const m of f.text.matchAll(/envVarKey\s*:\s*["']?([A-Za-z_][\w.-]*)/g)) copied.add(m[1]);
    const isUsed = (name: string, s: Scope, extra?: ReadonlySet<string>) => s.used.has(name) || allowed(name) || copied.has(name) || Boolean(extra?.has(name));
    const report = (d: Declaration, message: string, removal: FileEdit | undefined) =>
      ctx.report({ file: d.file, range: d.range, message, fix: removal ? { title: `Remove ${d.key}`, edits: [removal], safe: false } : undefined });

    for (const t of allEnvTemplates(workspace)) {
      const s = scopeOf(t.dir);
      if (!s.hasCode || s.dynamic) continue;
      for (const k of t.keys) {
        if (k.commented || isUsed(k.key, s, s.interpolated)) continue;
        report({ key: k.key, file: t.file.path, range: k.range }, `${k.key} is listed in ${t.file.path} but no code in ${where(t.dir)} reads it: remove it, or add it to this rule's "allow" option if a tool reads it.`, { file: t.file.path, ...k.lines, newText: '' });
      }
    }

    const judged = (u: DeployUnit) => u.codeRoot !== undefined && !u.foreignApp && scopeOf(u.codeRoot).hasCode && !scopeOf(u.codeRoot).dynamic;
    const commandWords = (u: DeployUnit) => new Set(u.commands.flatMap((c) => c.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
    for (const u of env.units) {
      if (!judged(u)) continue;
      const s = scopeOf(u.codeRoot!);
      const words = commandWords(u);
      for (const d of u.declarations) {
        if (isUsed(d.key, s, words)) continue;
        report(d, `${d.key} is set for ${u.label} but no code in ${where(u.codeRoot!)} reads it: remove it, or add it to this rule's "allow" option if a tool reads it.`, d.removal);
      }
    }

    for (const f of workspace.filesOfKind('render')) {
      if (f.format !== 'yaml') continue;
      for (const g of renderGroups(f)) {
        const users = env.units.filter((u) => u.platform === 'render' && u.file === f.path && u.groups.includes(g.name));
        if (!users.length || !users.every(judged)) continue;
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
