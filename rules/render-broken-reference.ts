import { isMap, isSeq } from 'yaml';
import { CleanServices, directory } from '../engine/render/directory';
import { describeLocation, workspaceBlueprints, type Blueprint, type EnvVar, type Field, type Location, type Service } from '../engine/render/blueprint';
import { listOf } from '../engine/render/describe';
import { findDatabase, findGroup, findService, serviceEnvKeys, type Lookup } from '../engine/render/references';
import { suggest } from '../engine/text/suggest';
import { RENDER_PLATFORM_VARS } from '../engine/env/platformVars';
import { mapValue, quoteOf, scalarString } from '../engine/yaml/ast';
import type { Fix, RelatedInfo, WorkspaceContext, WorkspaceRule } from '../engine/types';

function renameFix(bp: Blueprint, field: Field<string>, to: string, what: string): Fix {
  const q = quoteOf(field.node);
  return { title: `Change ${what} to \`${to}\``, edits: [{ file: bp.file.path, start: field.valueRange.start, end: field.valueRange.end, newText: `${q}${to}${q}` }], safe: true };
}

function searched(bp: Blueprint, l: Lookup<unknown>, what: string, loc: Location): RelatedInfo[] {
  return l.listRange ? [{ file: bp.file.path, range: l.listRange, message: `${what} searched (${describeLocation(loc)})` }] : [];
}

function known(names: string[], what: string): string {
  return names.length ? `${what}: ${listOf(names)}` : `no ${what} are defined there`;
}

/** Names listed under a root `redis:` key, which Render does not read. */
function rootRedisNames(bp: Blueprint): Map<string, Field<unknown>> {
  const out = new Map<string, Field<unknown>>();
  const redis = bp.fields.get('redis');
  if (!redis || !isSeq(redis.node)) return out;
  for (const item of redis.node.items) {
    const name = scalarString(mapValue(item, 'name'));
    if (name && isMap(item)) out.set(name, redis);
  }
  return out;
}

/** Template placeholders (`replace-with-your-db`, `<db-name>`) are for the reader to fill in, not references. */
function isPlaceholder(name: string): boolean {
  return /^(replace|your[-_]|change[-_]?me|<|\$\{|todo)/i.test(name.trim());
}

function elsewhere<T extends { location: Location }>(l: Lookup<T>, name: string): string {
  return l.otherScope ? ` \`${name}\` is defined in ${describeLocation(l.otherScope.location)}, and references resolve only within the same environment.` : '';
}

/** What checking a service's references looked at and did. */
interface Seen {
  /** Names looked up. */
  names: string[];
  reported: boolean;
  /** An `envVarKey` was checked against another service's variables. */
  keyed: boolean;
}

/** Services that reported nothing, kept while nothing their references name changed (every service is checked on every keystroke). */
const clean = new CleanServices();

function checkDatabase(ctx: WorkspaceContext, bp: Blueprint, svc: Service, e: EnvVar, seen: Seen): void {
  const name = e.fromDatabase?.name;
  if (!name?.value || isPlaceholder(name.value)) return;
  seen.names.push(name.value);
  const l = findDatabase(ctx.workspace, bp, svc.location, name.value);
  if (l.found) return;
  const serviceLookup = findService(ctx.workspace, bp, svc.location, name.value, undefined);
  const asService = serviceLookup.found;
  if (asService) {
    ctx.report({
      file: bp.file.path,
      range: name.valueRange,
      message: `\`fromDatabase\` names \`${name.value}\`, which is written as a service (\`type: ${asService.type?.value ?? '?'}\`), not under \`databases:\`: define the Postgres database under \`databases:\`.`,
      related: asService.name ? [{ file: (serviceLookup.foundIn ?? bp).file.path, range: asService.name.valueRange, message: `service ${name.value}` }] : [],
    });
    return;
  }
  const s = suggest(name.value, l.candidates);
  ctx.report({
    file: bp.file.path,
    range: name.valueRange,
    message: `\`fromDatabase\` names \`${name.value}\`, but no database of that name is defined in ${describeLocation(svc.location)} (${known(l.candidates, 'databases')}).${elsewhere(l, name.value)}${s ? ` Did you mean \`${s.value}\`?` : ''}`,
    fix: s?.certain ? renameFix(bp, name, s.value, 'the database name') : undefined,
    related: searched(bp, l, 'databases', svc.location),
  });
}

function checkService(ctx: WorkspaceContext, bp: Blueprint, svc: Service, e: EnvVar, seen: Seen): void {
  const from = e.fromService;
  const name = from?.name;
  if (!from || !name?.value || isPlaceholder(name.value)) return;
  seen.names.push(name.value);
  const type = from.type?.value;
  const l = findService(ctx.workspace, bp, svc.location, name.value, type);
  if (l.found) {
    if (e.fromService?.envVarKey?.value) seen.keyed = true;
    checkEnvVarKey(ctx, bp, e, l.foundIn ?? bp, l.found);
    return;
  }
  const anyType = type === undefined ? undefined : findService(ctx.workspace, bp, svc.location, name.value, undefined);
  if (anyType?.found && from.type) {
    const actual = anyType.found.type?.value ?? 'web';
    ctx.report({
      file: bp.file.path,
      range: from.type.valueRange,
      message: `\`fromService\` asks for the ${type} service \`${name.value}\`, but \`${name.value}\` is a \`type: ${actual}\` service: write \`type: ${actual}\`.`,
      fix: renameFix(bp, from.type, actual, 'the service type'),
      related: anyType.found.type ? [{ file: (anyType.foundIn ?? bp).file.path, range: anyType.found.type.valueRange, message: `type of ${name.value}` }] : [],
    });
    return;
  }
  const redis = rootRedisNames(bp).get(name.value);
  if (redis) {
    ctx.report({
      file: bp.file.path,
      range: name.valueRange,
      message: `\`fromService\` names \`${name.value}\`, which is listed only under the root \`redis:\` key that Render does not read: define it under \`services:\` as \`type: keyvalue\`.`,
      related: [{ file: bp.file.path, range: redis.keyRange, message: 'root redis: key (not part of the Blueprint spec)' }],
    });
    return;
  }
  const s = suggest(name.value, l.candidates);
  ctx.report({
    file: bp.file.path,
    range: name.valueRange,
    message: `\`fromService\` names the ${type ?? ''}${type ? ' ' : ''}service \`${name.value}\`, but none is defined in ${describeLocation(svc.location)} (${known(l.candidates, type ? `${type} services` : 'services')}).${elsewhere(l, name.value)}${s ? ` Did you mean \`${s.value}\`?` : ''}`,
    fix: s?.certain ? renameFix(bp, name, s.value, 'the service name') : undefined,
    related: searched(bp, l, 'services', svc.location),
  });
}

function checkEnvVarKey(ctx: WorkspaceContext, bp: Blueprint, e: EnvVar, targetBp: Blueprint, target: Service): void {
  const key = e.fromService?.envVarKey;
  if (!key?.value) return;
  const keys = serviceEnvKeys(ctx.workspace, targetBp, target);
  // Render injects its platform variables (RENDER_EXTERNAL_URL, …) into every service.
  if (keys.has(key.value) || RENDER_PLATFORM_VARS.includes(key.value)) return;
  const s = suggest(key.value, keys);
  const where = target.envVarsField ?? target.name;
  ctx.report({
    file: bp.file.path,
    range: key.valueRange,
    message: `\`envVarKey: ${key.value}\` names a variable the service \`${target.name?.value}\` does not define (${keys.size ? `it defines ${listOf([...keys])}` : 'it defines no env vars'}).${s ? ` Did you mean \`${s.value}\`?` : ''}`,
    fix: s?.certain ? renameFix(bp, key, s.value, 'envVarKey') : undefined,
    related: where ? [{ file: targetBp.file.path, range: where.keyRange, message: `env vars of ${target.name?.value}` }] : [],
  });
}

function checkGroup(ctx: WorkspaceContext, bp: Blueprint, svc: Service, e: EnvVar, seen: Seen): void {
  const name = e.fromGroup;
  if (!name?.value || isPlaceholder(name.value)) return;
  seen.names.push(name.value);
  const l = findGroup(ctx.workspace, bp, svc.location, name.value);
  if (l.found) return;
  const s = suggest(name.value, l.candidates);
  ctx.report({
    file: bp.file.path,
    range: name.valueRange,
    message: `\`fromGroup\` names \`${name.value}\`, but no environment group of that name is defined in ${describeLocation(svc.location)} (${known(l.candidates, 'groups')}).${elsewhere(l, name.value)}${s ? ` Did you mean \`${s.value}\`?` : ''}`,
    fix: s?.certain ? renameFix(bp, name, s.value, 'the group name') : undefined,
    related: searched(bp, l, 'envVarGroups', svc.location),
  });
}

const rule: WorkspaceRule = {
  id: 'render-broken-reference',
  meta: {
    scope: 'workspace',
    reads: ['render'],
    category: 'correctness',
    severity: 'error',
    description: 'A render.yaml `fromDatabase`, `fromService` (type and name), `fromGroup` or `envVarKey` that names nothing defined in the workspace\'s Blueprints.',
    fixable: true,
  },
  check(ctx) {
    const dir = directory(ctx.workspace);
    for (const bp of workspaceBlueprints(ctx.workspace)) {
      const services = bp.services;
      // Index loops: this runs once per keystroke over every service, and an iterator's results
      // are allocated per step until the function is optimised.
      for (let i = 0; i < services.length; i++) {
        const svc = services[i];
        // Whether a reference resolves does not depend on where its own service is in the list.
        if (clean.isClean(dir, svc, 0)) continue;
        const seen: Seen = { names: [], reported: false, keyed: false };
        const sctx: WorkspaceContext = dir ? { ...ctx, report: (r) => { seen.reported = true; ctx.report(r); } } : ctx;
        const envVars = svc.envVars;
        for (let j = 0; j < envVars.length; j++) {
          const e = envVars[j];
          checkDatabase(sctx, bp, svc, e, seen);
          checkService(sctx, bp, svc, e, seen);
          checkGroup(sctx, bp, svc, e, seen);
        }
        if (!seen.reported && !seen.keyed) clean.keep(dir, svc, 0, seen.names);
      }
    }
  },
};

export default rule;
