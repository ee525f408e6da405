// Cross-file part of env-conflicting-flags: the Dockerfile a production deploy unit builds (a
// Render Docker service, a Compose service with `build:` in a production Compose file) is
// production configuration too. Its `ENV` lines in the stages the final image is built from are
// checked against the flag table, and against what the unit's own config declares: render.yaml
// saying `NODE_ENV=production` while the Dockerfile sets `ENV NODE_ENV=development` means the image
// is built in development mode (Render passes envVars to the running container, not to `RUN`
// steps of the build), and anyone running the image elsewhere gets development.
import * as path from 'node:path';
import { composeModel } from '../compose/model';
import { blueprint } from '../render/blueprint';
import { isNonProductionPath, isProductionPath } from './productionPath';
import { FLAG_RULES, PRODUCTION_DECLARATIONS, type FlagRule } from '../productionFlags';
import { logicalLines } from '../versions/images';
import { renderDockerInfos } from '../versions/production';
import type { EngineSettings, Range, SourceFile, Workspace, YamlSourceFile } from '../types';

export interface DockerEnvSetting {
  key: string;
  value: string;
  keyRange: Range;
  /** The value's characters (inside quotes). */
  valueRange: Range;
}

/** `ENV` settings of the stages the final image is built from (the last stage and the stages it is `FROM`). */
export function finalImageEnv(text: string): DockerEnvSetting[] {
  const stages: { alias?: string; base: string; env: DockerEnvSetting[] }[] = [];
  for (const line of logicalLines(text)) {
    const m = /^(\s*)([A-Za-z]+)(\s+)(.*)$/.exec(line.text);
    if (!m) continue;
    const instr = m[2].toUpperCase();
    const argsAt = m[1].length + m[2].length + m[3].length;
    if (instr === 'FROM') {
      const tokens = m[4].split(/\s+/).filter((t) => t && !t.startsWith('--'));
      stages.push({ base: (tokens[0] ?? '').toLowerCase(), alias: tokens[1]?.toLowerCase() === 'as' ? tokens[2]?.toLowerCase() : undefined, env: [] });
      continue;
    }
    if (instr !== 'ENV' || !stages.length) continue;
    const at = (i: number) => line.offsets[argsAt + i];
    const args = m[4];
    const out = stages[stages.length - 1].env;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
      for (const kv of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g)) {
        const quoted = kv[3] ?? kv[4];
        const value = quoted ?? kv[5] ?? '';
        const vStart = kv.index! + kv[1].length + 1 + (quoted !== undefined ? 1 : 0);
        if (value.includes('\\') || value.includes('$')) continue;
        out.push({ key: kv[1], value, keyRange: { start: at(kv.index!), end: at(kv.index! + kv[1].length - 1) + 1 }, valueRange: { start: at(vStart), end: value.length ? at(vStart + value.length - 1) + 1 : at(vStart) } });
      }
    } else {
      // Legacy `ENV KEY value`: the rest of the line is the value.
      const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*?)\s*$/.exec(args);
      if (legacy && legacy[2] && !/[\\$"']/.test(legacy[2])) {
        const vStart = args.indexOf(legacy[2], legacy[1].length);
        out.push({ key: legacy[1], value: legacy[2], keyRange: { start: at(0), end: at(legacy[1].length - 1) + 1 }, valueRange: { start: at(vStart), end: at(vStart + legacy[2].length - 1) + 1 } });
      }
    }
  }
  // Walk from the last stage through `FROM <stage>` to collect what the final image inherits.
  const chain: typeof stages = [];
  let s: (typeof stages)[number] | undefined = stages[stages.length - 1];
  while (s && !chain.includes(s)) {
    chain.unshift(s);
    const base: string = s.base;
    s = stages.slice(0, stages.indexOf(s)).reverse().find((p) => p.alias === base);
  }
  return chain.flatMap((c) => c.env);
}

export interface UnitDeclaration {
  key: string;
  value: string;
  file: string;
  range: Range;
}

export interface DockerfileOwner {
  /** The config file that deploys it (render.yaml or a Compose file). */
  file: string;
  label: string;
  nameRange: Range;
  /** Variables the unit's config sets, by name. */
  declared: Map<string, UnitDeclaration>;
}

function join(base: string, p: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(base || '.', p.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

interface ComposeBuild {
  dockerfile: string;
  owner: DockerfileOwner;
}

/** The Dockerfiles a Compose file's services build, inside the workspace, with each service's own settings: once per file version. */
function composeBuilds(f: YamlSourceFile): readonly ComposeBuild[] {
  return f.model('env.composeBuilds', () => {
    const out: ComposeBuild[] = [];
    const dir = path.posix.dirname(f.path) === '.' ? '' : path.posix.dirname(f.path);
    for (const s of composeModel(f).services) {
      if (!s.build || s.build.inline) continue;
      const context = s.build.context?.text ?? (s.build.dockerfile ? '.' : undefined);
      const ctxDir = context !== undefined && !/^[a-z]+:\/\//i.test(context) && !context.startsWith('git@') ? join(dir, context) : undefined;
      if (ctxDir === undefined) continue;
      const dockerfile = join(ctxDir, s.build.dockerfile?.text ?? 'Dockerfile');
      if (!dockerfile) continue;
      const declared = new Map<string, UnitDeclaration>();
      for (const e of s.environment) if (e.value !== null) declared.set(e.key, { key: e.key, value: e.value, file: f.path, range: e.keyRange });
      out.push({ dockerfile, owner: { file: f.path, label: `Compose service "${s.name}"`, nameRange: s.nameRange, declared } });
    }
    return out;
  });
}

function isProductionCompose(f: SourceFile, settings: EngineSettings): f is YamlSourceFile {
  return f.format === 'yaml' && !isNonProductionPath(f.path, settings) && isProductionPath(f.path, settings);
}

/**
 * Builds `productionDockerfiles` a step at a time (a rule's `prepare`): each blueprint, the builds
 * of each production Compose file, then the table from them.
 */
export function* prepareProductionDockerfiles(workspace: Workspace, settings: EngineSettings): Generator<string | undefined> {
  for (const f of workspace.filesOfKind('render')) {
    if (f.format === 'yaml') blueprint(f);
    yield f.path;
  }
  for (const f of workspace.filesOfKind('compose')) {
    if (isProductionCompose(f, settings)) composeBuilds(f);
    yield f.path;
  }
  productionDockerfiles(workspace, settings);
  yield;
}

/** Each production Dockerfile with the units that build it, in config-file path order. */
export function productionDockerfiles(workspace: Workspace, settings: EngineSettings): Map<string, DockerfileOwner[]> {
  return workspace.model('env.productionDockerfiles', () => {
    const out = new Map<string, DockerfileOwner[]>();
    const add = (dockerfile: string, owner: DockerfileOwner) => out.set(dockerfile, [...(out.get(dockerfile) ?? []), owner]);
    for (const info of renderDockerInfos(workspace)) {
      if (!info.dockerfile) continue;
      const declared = new Map<string, UnitDeclaration>();
      for (const e of info.service.envVars) {
        const key = e.key?.value;
        const raw = e.value?.raw;
        if (key && e.value && (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean')) declared.set(key, { key, value: String(raw), file: info.file.path, range: e.key!.valueRange });
      }
      add(info.dockerfile, { file: info.file.path, label: `Render service "${info.service.name?.value ?? ''}"`, nameRange: info.service.name?.valueRange ?? info.service.range, declared });
    }
    for (const f of workspace.filesOfKind('compose')) {
      if (!isProductionCompose(f, settings)) continue;
      for (const b of composeBuilds(f)) if (workspace.fs.exists(b.dockerfile)) add(b.dockerfile, b.owner);
    }
    for (const owners of out.values()) owners.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return out;
  });
}

export interface DockerfileFlagFinding {
  dockerfile: string;
  setting: DockerEnvSetting;
  flag: FlagRule;
  safe: string;
  owner: DockerfileOwner;
  /** The unit's own declaration of the same variable with a safe value, when it has one. */
  contradicted?: UnitDeclaration;
  /** A declaration of production on the unit (`NODE_ENV=production`). */
  production?: UnitDeclaration;
}

/** A Dockerfile's final-image settings, kept with the text they were read from (asked on every keystroke in the config that builds it). */
const keptEnv = new WeakMap<object, Map<string, { text: string; env: DockerEnvSetting[] }>>();

function keptImageEnv(workspace: Workspace, dockerfile: string, text: string): DockerEnvSetting[] {
  let byPath = keptEnv.get(workspace.fs);
  if (!byPath) keptEnv.set(workspace.fs, (byPath = new Map()));
  const hit = byPath.get(dockerfile);
  if (hit && hit.text === text) return hit.env;
  const env = finalImageEnv(text);
  byPath.set(dockerfile, { text, env });
  return env;
}

/** Unsafe flags in the production Dockerfiles whose first owner is declared in `configFile`. */
export function dockerfileFlagFindings(workspace: Workspace, settings: EngineSettings, configFile: string): DockerfileFlagFinding[] {
  const out: DockerfileFlagFinding[] = [];
  for (const [dockerfile, owners] of productionDockerfiles(workspace, settings)) {
    // One report per Dockerfile, from the first config file that builds it.
    if (owners[0].file !== configFile) continue;
    const text = workspace.fs.readText(dockerfile);
    if (text === undefined) continue;
    for (const setting of keptImageEnv(workspace, dockerfile, text)) {
      const flag = FLAG_RULES.find((f) => f.name.test(setting.key.toUpperCase()) && f.unsafe.test(setting.value));
      if (!flag) continue;
      const owner = owners.find((o) => o.declared.has(setting.key)) ?? owners[0];
      const own = owner.declared.get(setting.key);
      const contradicted = own && !flag.unsafe.test(own.value) ? own : undefined;
      const production = [...owner.declared.values()].find((d) => PRODUCTION_DECLARATIONS.some((p) => p.name.test(d.key.toUpperCase()) && p.value.test(d.value)));
      out.push({ dockerfile, setting, flag, safe: flag.safe(setting.value), owner, contradicted, production });
    }
  }
  return out;
}
