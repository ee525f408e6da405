// Compose files that run together. `docker compose` reads `compose.yaml` / `docker-compose.yml`
// plus `compose.override.yaml` / `docker-compose.override.yml` from the same folder, and other
// files (`docker-compose.prod.yml`) are layered on the base with `-f`. A service, volume or
// network defined in any file of the project counts as defined; `extends` may also point into
// another file, which is read (and parsed once per workspace) when it is not a Compose file itself.
import * as path from 'node:path';
import { parseDotenv } from '../parse/dotenv';
import { createSourceFile } from '../sourceFile';
import { composeModel, type ComposeFileModel, type ComposeService } from './model';
import type { Workspace, YamlSourceFile } from '../types';

const BASE = /^(docker-)?compose\.ya?ml$/i;
const OVERRIDE = /^(docker-)?compose\.override\.ya?ml$/i;
const MAX_EXTENDS = 10;
const MAX_INCLUDED = 50;

export function isBaseComposeFile(p: string): boolean {
  return BASE.test(path.posix.basename(p));
}

export function isOverrideComposeFile(p: string): boolean {
  return OVERRIDE.test(path.posix.basename(p));
}

function composeFilesByDir(workspace: Workspace): Map<string, YamlSourceFile[]> {
  return workspace.model('compose.filesByDir', () => {
    const out = new Map<string, YamlSourceFile[]>();
    for (const f of workspace.filesOfKind('compose')) {
      if (f.format !== 'yaml') continue;
      const dir = path.posix.dirname(f.path);
      out.set(dir, [...(out.get(dir) ?? []), f]);
    }
    return out;
  });
}

/** The files of the project `file` belongs to, `file` first. */
export function projectFiles(workspace: Workspace, file: YamlSourceFile): YamlSourceFile[] {
  const siblings = composeFilesByDir(workspace).get(path.posix.dirname(file.path)) ?? [];
  const layered = isBaseComposeFile(file.path) || isOverrideComposeFile(file.path)
    ? siblings.filter((f) => isBaseComposeFile(f.path) || isOverrideComposeFile(f.path))
    : siblings.filter((f) => isBaseComposeFile(f.path));
  return [file, ...layered.filter((f) => f !== file)];
}

/** Models of the project's files and of the files they `include:` (transitively, bounded); once per file and workspace state. */
export function projectModels(workspace: Workspace, file: YamlSourceFile): ComposeFileModel[] {
  const byFile = workspace.model('compose.projectModels', () => new WeakMap<YamlSourceFile, ComposeFileModel[]>());
  let models = byFile.get(file);
  if (!models) byFile.set(file, (models = readProjectModels(workspace, file)));
  return models;
}

function readProjectModels(workspace: Workspace, file: YamlSourceFile): ComposeFileModel[] {
  const out = projectFiles(workspace, file).map(composeModel);
  for (let i = 0; i < out.length && out.length < MAX_INCLUDED; i++) {
    for (const inc of out[i].includes) {
      const target = composeRelative(out[i].file, inc.text);
      const included = target === undefined ? undefined : composeFileAt(workspace, target);
      if (included && !out.some((m) => m.file.path === included.path)) out.push(composeModel(included));
    }
  }
  return out;
}

export interface ServiceDefinition {
  model: ComposeFileModel;
  service: ComposeService;
}

/** Every definition of a service in the project, the given file's first. */
export function serviceDefinitions(workspace: Workspace, file: YamlSourceFile, name: string): ServiceDefinition[] {
  const out: ServiceDefinition[] = [];
  for (const model of projectModels(workspace, file)) {
    const service = model.byName.get(name);
    if (service) out.push({ model, service });
  }
  return out;
}

/** Resolves a path written in a Compose file (relative to the file's folder) to a workspace path; undefined when absolute or outside. */
export function composeRelative(file: YamlSourceFile, p: string): string | undefined {
  if (path.posix.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('~')) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), p.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '' ? '.' : joined.replace(/\/$/, '');
}

/** A YAML file named by `extends.file`: the loaded Compose file, or the text parsed once for this workspace. */
export function composeFileAt(workspace: Workspace, p: string): YamlSourceFile | undefined {
  const loaded = workspace.get(p);
  if (loaded) return loaded.format === 'yaml' ? loaded : undefined;
  return workspace.model(`compose.extra:${p}`, () => {
    const text = workspace.fs.readText(p);
    if (text === undefined) return undefined;
    const f = createSourceFile(p, 'compose', text);
    return f.format === 'yaml' ? f : undefined;
  });
}

/** The service an `extends` points at, or undefined when it names nothing that exists. */
export function extendedService(workspace: Workspace, def: ServiceDefinition): ServiceDefinition | undefined {
  const ext = def.service.extends;
  if (!ext) return undefined;
  if (ext.file) {
    const target = composeRelative(def.model.file, ext.file.text);
    const file = target === undefined ? undefined : composeFileAt(workspace, target);
    if (!file) return undefined;
    const model = composeModel(file);
    const service = model.byName.get(ext.service.text);
    return service ? { model, service } : undefined;
  }
  const found = serviceDefinitions(workspace, def.model.file, ext.service.text)[0];
  return found && found.service !== def.service ? found : undefined;
}

/** A definition followed by the services it extends (bounded, cycle-safe). */
export function extendsChain(workspace: Workspace, def: ServiceDefinition): ServiceDefinition[] {
  const chain = [def];
  let cur: ServiceDefinition | undefined = def;
  while (chain.length < MAX_EXTENDS && (cur = extendedService(workspace, cur)) && !chain.some((d) => d.service === cur!.service)) chain.push(cur);
  return chain;
}

/** True when some definition of the service in the project (or a service it extends) declares this key. */
export function projectServiceHas(workspace: Workspace, file: YamlSourceFile, name: string, has: (s: ComposeService) => boolean): boolean {
  return serviceDefinitions(workspace, file, name).some((d) => extendsChain(workspace, d).some((x) => has(x.service)));
}

/** Variables of the project-level `.env` next to the Compose file (what interpolation reads besides the shell). */
export function projectEnv(workspace: Workspace, file: YamlSourceFile): Map<string, string> {
  const envPath = composeRelative(file, '.env') ?? '.env';
  return workspace.model(`compose.env:${envPath}`, () => {
    const src = workspace.get(envPath);
    const text = src ? src.text : workspace.fs.readText(envPath);
    const vars = new Map<string, string>();
    if (text === undefined) return vars;
    const env = src && src.format === 'dotenv' ? src.env : parseDotenv(text);
    for (const e of env.entries) if (e.equals >= 0) vars.set(e.key, e.value);
    return vars;
  });
}
