// What the environment rules share: the source index, the deploy units and env templates, which
// units run a given source file, and whether a unit provides a variable.
import * as path from 'node:path';
import { sourceIndex, type IndexedFile, type SourceIndex } from '../code/index';
import { deployUnits, type DeployUnit } from './units';
import { envTemplates, type EnvTemplate } from './templates';
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
}

/** Shared state of the environment rules; undefined while the source index is still being built. */
export function envContext(workspace: Workspace): EnvContext | undefined {
  const index = sourceIndex(workspace);
  if (!index) return undefined;
  return workspace.model('env.context', () => {
    const units = deployUnits(workspace);
    const byDir = new Map<string, Owners>();
    const owners = (file: string): Owners => {
      const dir = path.posix.dirname(file);
      let o = byDir.get(dir);
      if (!o) {
        o = { render: deepest(units.filter((u) => u.platform === 'render'), file), compose: deepest(units.filter((u) => u.platform === 'compose'), file) };
        byDir.set(dir, o);
      }
      return o;
    };
    return { index, units, templates: envTemplates(workspace), owners };
  });
}

export function contains(root: string, file: string): boolean {
  return root === '' || file === root || file.startsWith(`${root}/`);
}

function deepest(units: DeployUnit[], file: string): DeployUnit[] {
  const holding = units.filter((u) => u.codeRoot !== undefined && contains(u.codeRoot, file));
  const depth = Math.max(-1, ...holding.map((u) => u.codeRoot!.length));
  return holding.filter((u) => u.codeRoot!.length === depth);
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

export function provides(unit: DeployUnit, read: EnvRead): boolean {
  if (unit.providesAnything || unit.provided.has(read.name)) return true;
  if (!read.caseInsensitive) return false;
  const upper = read.name.toUpperCase();
  for (const k of unit.provided.keys()) if (k.toUpperCase() === upper) return true;
  return false;
}

/** Variables no deploy config or template needs to mention: the OS, the build tool or Render set them. */
export function isAmbient(name: string): boolean {
  return OS_VARS.includes(name) || FRAMEWORK_VARS.includes(name) || RENDER_PLATFORM_VARS.includes(name);
}

/** App code with its reads, in path order. */
export function appSources(index: SourceIndex): IndexedFile[] {
  return index.files().filter((f) => f.scan && f.scan.reads.length && f.role === 'app');
}
