// What the environment rules share: the source index, the deploy units and env templates, which
// units run a given source file, and whether a unit provides a variable.
import { sourceIndex, type IndexedFile, type SourceIndex } from '../code/index';
import { deployUnits, type DeployUnit } from './units';
import { envTemplates, templateFor, type EnvTemplate } from './templates';
import { FRAMEWORK_VARS, OS_VARS, RENDER_PLATFORM_VARS } from './platformVars';
import type { EnvRead } from '../code/scan';
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

/** Shared state of the environment rules; undefined while the source index is still being built. */
export function envContext(workspace: Workspace): EnvContext | undefined {
  const index = sourceIndex(workspace);
  if (!index) return undefined;
  return workspace.model('env.context', () => {
    const units = deployUnits(workspace);
    const templates = envTemplates(workspace);
    const roots = { render: new Map<string, DeployUnit[]>(), compose: new Map<string, DeployUnit[]>() };
    for (const u of units) {
      if (u.codeRoot === undefined) continue;
      const byRoot = roots[u.platform];
      const list = byRoot.get(u.codeRoot);
      if (list) list.push(u);
      else byRoot.set(u.codeRoot, [u]);
    }
    const ownersByDir = new Map<string, Owners>();
    const templateByDir = new Map<string, EnvTemplate | undefined>();
    const owners = (file: string): Owners => {
      const dir = parentOf(file);
      let o = ownersByDir.get(dir);
      if (!o) {
        // The deepest code folder holding the file: walk up from its folder.
        const deepest = (byRoot: Map<string, DeployUnit[]>) => {
          for (const d of [...ancestors(dir)].reverse()) if (byRoot.has(d)) return byRoot.get(d)!;
          return [];
        };
        o = { render: deepest(roots.render), compose: deepest(roots.compose) };
        ownersByDir.set(dir, o);
      }
      return o;
    };
    const templateOf = (file: string): EnvTemplate | undefined => {
      const dir = parentOf(file);
      if (!templateByDir.has(dir)) templateByDir.set(dir, templateFor(templates, file));
      return templateByDir.get(dir);
    };
    const dotenvByRoot = new Map<string, boolean>();
    const loadsDotenv = (root: string): boolean => {
      if (!dotenvByRoot.has(root)) dotenvByRoot.set(root, index.files().some((f) => f.loadsDotenv && contains(root, f.path)));
      return dotenvByRoot.get(root)!;
    };
    return { index, units, templates, owners, templateOf, loadsDotenv };
  });
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

export function provides(env: EnvContext, unit: DeployUnit, read: EnvRead): boolean {
  if (unit.providesAnything || unit.provided.has(read.name)) return true;
  if (unit.platform === 'compose' && unit.codeRoot !== undefined && env.loadsDotenv(unit.codeRoot)) return true;
  if (!read.caseInsensitive) return false;
  const upper = read.name.toUpperCase();
  for (const k of unit.provided.keys()) if (k.toUpperCase() === upper) return true;
  return false;
}

/** Variables no deploy config or template needs to mention: the OS, the build tool or Render set them. */
const AMBIENT = new Set([...OS_VARS, ...FRAMEWORK_VARS, ...RENDER_PLATFORM_VARS]);

export function isAmbient(name: string): boolean {
  return AMBIENT.has(name);
}

const appSourcesOf = new WeakMap<readonly IndexedFile[], IndexedFile[]>();

/** App code with its reads, in path order (once per state of the index: several rules ask). */
export function appSources(index: SourceIndex): IndexedFile[] {
  const files = index.files();
  let out = appSourcesOf.get(files);
  if (!out) appSourcesOf.set(files, (out = files.filter((f) => f.scan && f.scan.reads.length && f.role === 'app')));
  return out;
}
