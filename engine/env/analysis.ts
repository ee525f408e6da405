// What the environment rules share: the source index, the deploy units and env templates, which
// units run a given source file, and whether a unit provides a variable.
import { sourceIndex, type IndexedFile, type SourceIndex } from '../code/index';
import { deployUnits, type DeployUnit } from './units';
import { envTemplates, templateFor, type EnvTemplate } from './templates';
import { FRAMEWORK_VARS, OS_VARS, RENDER_PLATFORM_VARS } from './platformVars';
import { environmentOf } from '../code/languages';
import type { EnvRead, LocatedRead } from '../code/scan';
import type { Workspace } from '../types';

export interface Owners {
  render: DeployUnit[];
  compose: DeployUnit[];
}

export interface EnvContext {
  index: SourceIndex;
  units: DeployUnit[];
  templates: Map<string, EnvTemplate>;
  /** The units whose code folder holds `file` (the deepest folder wins), per platform. */
  owners(file: string): Owners;
  /** The env template documenting `file` (the nearest up the folder tree). */
  templateOf(file: string): EnvTemplate | undefined;
  /** Whether code under `root` loads `.env` files itself (then Compose need not list its variables). */
  loadsDotenv(root: string): boolean;
}

/**
 * The deepest code folder of each folder, per platform, kept while the code folders are the same
 * (typing in a service changes its unit, not the folders): every app file asks on every keystroke.
 */
const keptDeepest = new WeakMap<Workspace, { roots: string; byDir: Map<string, [string | undefined, string | undefined]> }>();

/** The folder of the template documenting each folder, kept while the folders with templates are the same. */
const keptTemplateDirs = new WeakMap<Workspace, { templates: string; byDir: Map<string, string | null> }>();

/** Shared state of the environment rules; undefined while the source index is still being built. */
export function envContext(workspace: Workspace): EnvContext | undefined {
  const index = sourceIndex(workspace);
  if (!index) return undefined;
  return workspace.model('env.context', () => {
    const units = deployUnits(workspace);
    const templates = envTemplates(workspace);
    // Worked out when first asked: a workspace without app code never asks.
    let ownersOf: ((file: string) => Owners) | undefined;
    const owners = (file: string): Owners => (ownersOf ??= ownersLookup(workspace, units))(file);
    const templatesKey = JSON.stringify([...templates.keys()]);
    let templateDirs = keptTemplateDirs.get(workspace);
    if (!templateDirs || templateDirs.templates !== templatesKey) keptTemplateDirs.set(workspace, (templateDirs = { templates: templatesKey, byDir: new Map() }));
    const templateDirOf = templateDirs.byDir;
    const templateOf = (file: string): EnvTemplate | undefined => {
      const dir = parentOf(file);
      let found = templateDirOf.get(dir);
      if (found === undefined) templateDirOf.set(dir, (found = templateFor(templates, file)?.dir ?? null));
      return found === null ? undefined : templates.get(found);
    };
    const dotenvByRoot = new Map<string, boolean>();
    const loadsDotenv = (root: string): boolean => {
      if (!dotenvByRoot.has(root)) dotenvByRoot.set(root, index.files().some((f) => f.loadsDotenv && contains(root, f.path)));
      return dotenvByRoot.get(root)!;
    };
    return { index, units, templates, owners, templateOf, loadsDotenv };
  });
}

/** Which units' code folder holds a file, per platform (the deepest folder wins). */
function ownersLookup(workspace: Workspace, units: readonly DeployUnit[]): (file: string) => Owners {
  const roots = { render: new Map<string, DeployUnit[]>(), compose: new Map<string, DeployUnit[]>() };
  for (const u of units) {
    if (u.codeRoot === undefined) continue;
    const byRoot = roots[u.platform];
    const list = byRoot.get(u.codeRoot);
    if (list) list.push(u);
    else byRoot.set(u.codeRoot, [u]);
  }
  // JSON, not a join: a folder name may hold any character (a separator would let two sets read alike).
  const rootsKey = JSON.stringify([[...roots.render.keys()], [...roots.compose.keys()]]);
  let deepestByDir = keptDeepest.get(workspace);
  if (!deepestByDir || deepestByDir.roots !== rootsKey) keptDeepest.set(workspace, (deepestByDir = { roots: rootsKey, byDir: new Map() }));
  const { byDir } = deepestByDir;
  const ownersByDir = new Map<string, Owners>();
  const owners = (file: string): Owners => {
    const dir = parentOf(file);
    let o = ownersByDir.get(dir);
    if (!o) {
      let deepest = byDir.get(dir);
      if (!deepest) {
        // The deepest code folder holding the file: walk up from its folder.
        const walk = (byRoot: Map<string, DeployUnit[]>) => {
          const all = ancestors(dir);
          for (let i = all.length - 1; i >= 0; i--) if (byRoot.has(all[i])) return all[i];
          return undefined;
        };
        byDir.set(dir, (deepest = [walk(roots.render), walk(roots.compose)]));
      }
      const [r, c] = deepest;
      o = { render: r === undefined ? [] : roots.render.get(r)!, compose: c === undefined ? [] : roots.compose.get(c)! };
      ownersByDir.set(dir, o);
    }
    return o;
  };
  return owners;
}

/** The folder of a workspace path ('' for the root). */
export function parentOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** '' and every folder down to `dir` itself, outermost first. */
export function ancestors(dir: string): string[] {
  const out = [''];
  if (dir === '') return out;
  const parts = dir.split('/');
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

export function contains(root: string, file: string): boolean {
  return root === '' || file === root || file.startsWith(`${root}/`);
}

/**
 * Of several units running the same folder (a web service and a worker), the ones whose commands
 * name this file (`celery --app tasks worker` runs tasks.py, `gunicorn app:app` runs app.py);
 * all of them when none does.
 */
export function runnersOf(units: DeployUnit[], file: string): DeployUnit[] {
  if (units.length < 2) return units;
  const named = units.filter((u) => {
    const rel = u.codeRoot ? file.slice(u.codeRoot.length + 1) : file;
    const noExt = rel.replace(/\.[^./]+$/, '');
    const names = new Set([rel, `./${rel}`, noExt, noExt.replace(/\//g, '.'), noExt.replace(/\/(index|__init__|__main__)$/, '').replace(/\//g, '.')]);
    return u.commands.some((c) => c.split(/[\s=]+/).some((token) => names.has(token) || names.has(token.replace(/:.*$/, ''))));
  });
  return named.length ? named : units;
}

/** `asked` records the answers to "loads .env files itself" the result depends on. */
export function provides(env: EnvContext, unit: DeployUnit, read: EnvRead, asked?: Map<string, boolean>): boolean {
  if (unit.providesAnything || unit.provided.has(read.name) || unit.ambient.has(read.name)) return true;
  if (unit.platform === 'compose' && unit.codeRoot !== undefined) {
    const loads = env.loadsDotenv(unit.codeRoot);
    asked?.set(unit.codeRoot, loads);
    if (loads) return true;
  }
  if (!read.caseInsensitive) return false;
  const upper = read.name.toUpperCase();
  for (const k of unit.provided.keys()) if (k.toUpperCase() === upper) return true;
  for (const k of unit.ambient) if (k.toUpperCase() === upper) return true;
  return false;
}

/** Variables no deploy config or template needs to mention: the OS, the build tool or Render set them. */
const AMBIENT = new Set([...OS_VARS, ...FRAMEWORK_VARS, ...RENDER_PLATFORM_VARS]);

export function isAmbient(name: string): boolean {
  return AMBIENT.has(name);
}

/** Reads a finding may be about: without a default, not optional, not set by the OS, build tool or Render (per scan: kept while the file's text is). */
const requiredOf = new WeakMap<object, LocatedRead[]>();

export function requiredReads(file: IndexedFile): LocatedRead[] {
  const scan = file.scan;
  if (!scan) return [];
  let out = requiredOf.get(scan);
  if (!out) requiredOf.set(scan, (out = scan.reads.filter((read) => !read.hasDefault && !read.optional && !isAmbient(read.name))));
  return out;
}

/** `environmentOf` per path (asked for every app file on every keystroke). */
const environments = new Map<string, 'production' | 'development' | undefined>();

export function environmentOfPath(file: string): 'production' | 'development' | undefined {
  let e = environments.get(file);
  if (e === undefined && !environments.has(file)) {
    if (environments.size >= 50_000) environments.clear();
    environments.set(file, (e = environmentOf(file)));
  }
  return e;
}

const appSourcesOf = new WeakMap<readonly IndexedFile[], IndexedFile[]>();

/** App code with its reads, in path order (once per state of the index: several rules ask). */
export function appSources(index: SourceIndex): IndexedFile[] {
  const files = index.files();
  let out = appSourcesOf.get(files);
  if (!out) appSourcesOf.set(files, (out = files.filter((f) => f.scan && f.scan.reads.length && f.role === 'app')));
  return out;
}
