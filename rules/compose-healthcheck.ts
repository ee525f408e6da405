import { isMap, isScalar, isSeq } from 'yaml';
import { composeModel, type ComposeDependency, type ComposeService } from '../engine/compose/model';
import * as path from 'node:path';
import { composeRelative, extendsChain, projectServiceHas, serviceDefinitions } from '../engine/compose/project';
import { datastoreOfImage, type Datastore } from '../engine/compose/datastores';
import { appendToBlockMap, flowStrings, indentStep, keyIndent, replaceScalar } from '../engine/compose/edits';
import { columnOf, eolOf, isFlow, nextLineStart, nodeRange, type AnyPair } from '../engine/yaml/ast';
import type { FileContext, FileEdit, FileRule, Fix, Workspace, YamlSourceFile } from '../engine/types';

interface Dependency {
  dep: ComposeDependency;
  target: ComposeService | undefined;
  store: Datastore | undefined;
  hasHealthcheck: boolean;
  /** A healthcheck is declared somewhere (possibly disabled): never add a second one. */
  declaresHealthcheck: boolean;
}

function imageOf(workspace: Workspace, file: YamlSourceFile, name: string): string | undefined {
  for (const def of serviceDefinitions(workspace, file, name)) {
    for (const d of extendsChain(workspace, def)) if (d.service.image) return d.service.image.text;
  }
  return undefined;
}

/**
 * Whether the image itself may declare a HEALTHCHECK (Compose honours it): true for a build whose
 * Dockerfile has one or cannot be read, and for pulled images other than the official datastores,
 * which declare none.
 */
function imageMayHaveHealthcheck(workspace: Workspace, file: YamlSourceFile, name: string): boolean {
  for (const def of serviceDefinitions(workspace, file, name)) {
    for (const d of extendsChain(workspace, def)) {
      const build = d.service.build;
      if (build) {
        if (build.inline || (build.context && /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(build.context.text))) return true;
        const context = composeRelative(d.model.file, build.context?.text ?? '.');
        const dockerfile = context === undefined || build.dockerfile?.text.includes('$') ? undefined : path.posix.join(context, build.dockerfile?.text ?? 'Dockerfile');
        const text = dockerfile === undefined ? undefined : workspace.fs.readText(dockerfile);
        return text === undefined || /^\s*HEALTHCHECK\s+(?!NONE\b)/im.test(text);
      }
      if (d.service.image) return !datastoreOfImage(d.service.image.text);
    }
  }
  return true;
}

type Target = Omit<Dependency, 'dep'>;

/** What the services depended on are, once per name and check: most services depend on the same few. */
function targets(ctx: FileContext, file: YamlSourceFile): (name: string) => Target {
  const ws = ctx.workspace;
  const known = new Map<string, Target>();
  return (name) => {
    let t = known.get(name);
    if (!t) {
      t = {
        target: composeModel(file).byName.get(name),
        store: datastoreOfImage(imageOf(ws, file, name)),
        hasHealthcheck: projectServiceHas(ws, file, name, (s) => s.healthcheck !== undefined && !s.healthcheck.disabled),
        declaresHealthcheck: projectServiceHas(ws, file, name, (s) => s.healthcheck !== undefined),
      };
      known.set(name, t);
    }
    return t;
  };
}

function ready(condition: string | undefined): boolean {
  return condition === 'service_healthy' || condition === 'service_completed_successfully';
}

/** Whether a dependency starts too early, or waits for a health status its target never reports. */
function matters(t: Target, condition: string | undefined): boolean {
  return (t.store !== undefined && !ready(condition)) || (condition === 'service_healthy' && !t.hasHealthcheck);
}

function anyMatters(svc: ComposeService, reported: Set<unknown> | undefined, target: (name: string) => Target): boolean {
  for (const d of svc.dependsOn) if (!reported?.has(d.node) && matters(target(d.service), d.condition?.text)) return true;
  return false;
}

/** Adds the image's readiness check to a service defined as a block map in this file. */
function healthcheckEdit(file: YamlSourceFile, d: Dependency): FileEdit | undefined {
  const svc = d.target;
  if (!svc?.map || !d.store?.healthcheck || d.declaresHealthcheck) return undefined;
  const env = new Map(svc.environment.map((e) => [e.key, e.value] as const));
  const step = ' '.repeat(indentStep(file, svc.pair, svc.map));
  return appendToBlockMap(file, svc.map, [
    'healthcheck:',
    `${step}test: ${flowStrings(d.store.healthcheck(env))}`,
    `${step}interval: 10s`,
    `${step}timeout: 5s`,
    `${step}retries: 5`,
  ]);
}

/** Trailing `# comment` on the line of an item, kept when the list is rewritten. */
function trailingComment(text: string, end: number): string | undefined {
  const lineEnd = nextLineStart(text, end);
  const m = /^[ \t]*(#[^\r\n]*)/.exec(text.slice(end, lineEnd));
  return m ? m[1] : undefined;
}

/** Rewrites `depends_on` so that every dependency in `healthy` waits for `service_healthy`. */
function dependsOnEdits(file: YamlSourceFile, svc: ComposeService, healthy: Set<string>): FileEdit[] | undefined {
  const pair = svc.dependsOnPair;
  if (!pair || !svc.map || !(svc.map.items as AnyPair[]).includes(pair)) return undefined;
  const text = file.text;
  const eol = eolOf(text);
  const key = nodeRange(pair.key)!;
  const step = indentStep(file, svc.pair, svc.map);
  const keyCol = columnOf(text, key.start);
  const value = pair.value;
  if (isSeq(value)) {
    const items = value.items.filter(isScalar);
    if (items.length !== value.items.length) return undefined;
    const valueEnd = nodeRange(items[items.length - 1])?.end;
    if (valueEnd === undefined) return undefined;
    const colon = text.indexOf(':', key.end);
    const region = text.slice(colon + 1, valueEnd);
    // Comment lines between items would be lost by the rewrite; leave such lists alone.
    if (!isFlow(value) && /^[ \t]*#/m.test(region)) return undefined;
    if (isFlow(value) && region.includes('#')) return undefined;
    const pad = ' '.repeat(keyCol + step);
    const inner = ' '.repeat(keyCol + 2 * step);
    const lines = items.map((item) => {
      const name = String(item.value);
      const comment = isFlow(value) ? undefined : trailingComment(text, nodeRange(item)!.end);
      return `${pad}${name}:${comment ? ` ${comment}` : ''}${eol}${inner}condition: ${healthy.has(name) ? 'service_healthy' : 'service_started'}`;
    });
    let end = valueEnd;
    let head = '';
    if (isFlow(value)) {
      // A comment after `[db]` stays on the depends_on line.
      end = nodeRange(value)!.end;
      const comment = trailingComment(text, end);
      if (comment) {
        head = ` ${comment}`;
        end = text.indexOf(comment, end) + comment.length;
      }
    } else {
      const last = items[items.length - 1];
      const comment = trailingComment(text, nodeRange(last)!.end);
      if (comment) end = text.indexOf(comment, nodeRange(last)!.end) + comment.length;
    }
    return [{ file: file.path, start: colon + 1, end, newText: `${head}${eol}${lines.join(eol)}` }];
  }
  if (isMap(value) && !isFlow(value)) {
    const edits: FileEdit[] = [];
    for (const p of value.items as AnyPair[]) {
      const name = isScalar(p.key) ? String(p.key.value) : undefined;
      if (!name || !healthy.has(name)) continue;
      const body = p.value;
      if (isMap(body)) {
        const cond = (body.items as AnyPair[]).find((x) => isScalar(x.key) && x.key.value === 'condition');
        if (cond && isScalar(cond.value)) {
          const e = replaceScalar(file, cond.value, 'service_healthy');
          if (!e) return undefined;
          edits.push(e);
        } else {
          const e = appendToBlockMap(file, body, ['condition: service_healthy']);
          if (!e) return undefined;
          edits.push(e);
        }
      } else if (body === null || (isScalar(body) && body.value === null)) {
        const kr = nodeRange(p.key)!;
        const colon = text.indexOf(':', kr.end);
        const pad = ' '.repeat((keyIndent(file, value) ?? keyCol + step) + step);
        edits.push({ file: file.path, start: colon + 1, end: colon + 1 + (text.slice(colon + 1).match(/^[ \t]*/)?.[0].length ?? 0), newText: `${eol}${pad}condition: service_healthy` });
      } else return undefined;
    }
    return edits;
  }
  return undefined;
}

const rule: FileRule = {
  id: 'compose-healthcheck',
  meta: {
    scope: 'file',
    kinds: ['compose'],
    category: 'reliability',
    severity: 'warning',
    description: 'A service that starts before the database or cache it depends on is ready, or waits for a health status its dependency never reports.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = composeModel(file);
    // A dependency shared through an alias or a merge is reported once. Without aliases every
    // service has its own nodes, and nothing needs remembering (a keystroke in a 200-service file
    // filled a set with every dependency).
    const reported = model.aliases ? new Set<unknown>() : undefined;
    const target = targets(ctx, file);
    for (const svc of model.services) {
      if (svc.dependsOn.length === 0) continue;
      if (!anyMatters(svc, reported, target)) {
        if (reported) for (const d of svc.dependsOn) reported.add(d.node);
        continue;
      }
      const deps: Dependency[] = svc.dependsOn.filter((d) => !reported?.has(d.node)).map((d) => ({ dep: d, ...target(d.service) }));
      if (reported) for (const d of deps) reported.add(d.dep.node);
      // Dependencies this service should wait on, and can: the dependency has or can get a healthcheck.
      const premature = deps.filter((d) => d.store && !ready(d.dep.condition?.text));
      const fixable = premature.filter((d) => d.hasHealthcheck || healthcheckEdit(file, d));
      const healthy = new Set([...fixable.map((d) => d.dep.service), ...deps.filter((d) => d.dep.condition?.text === 'service_healthy').map((d) => d.dep.service)]);
      let fix: Fix | undefined;
      if (fixable.length) {
        const rewrite = dependsOnEdits(file, svc, healthy);
        if (rewrite) {
          const checks = fixable.map((d) => (d.hasHealthcheck ? undefined : healthcheckEdit(file, d))).filter((e): e is FileEdit => e !== undefined);
          const names = fixable.map((d) => d.dep.service).join(', ');
          fix = { title: `Wait for ${names} to be healthy (condition: service_healthy)${checks.length ? ' and add a healthcheck' : ''}`, edits: [...rewrite, ...checks], safe: true };
        }
      }
      for (const d of premature) {
        const waitFor = d.dep.condition ? `condition: ${d.dep.condition.text}` : 'depends_on without a condition';
        const extra = d.hasHealthcheck ? '' : ` and give ${d.dep.service} a healthcheck`;
        ctx.report({
          range: d.dep.range,
          message: `${svc.name} starts as soon as the ${d.dep.service} container starts (${waitFor}), before ${d.store!.family} accepts connections; use the long form of depends_on with condition: service_healthy${extra}.`,
          fix: fixable.includes(d) ? fix : undefined,
        });
      }
      for (const d of deps) {
        if (d.dep.condition?.text !== 'service_healthy' || d.hasHealthcheck) continue;
        if (!d.declaresHealthcheck && imageMayHaveHealthcheck(ctx.workspace, file, d.dep.service)) continue;
        const add = healthcheckEdit(file, d);
        ctx.report({
          range: d.dep.condition.range,
          message: `${svc.name} waits for ${d.dep.service} to be healthy, but ${d.dep.service} has no healthcheck${d.declaresHealthcheck ? ' (it is disabled)' : ''}, so Compose fails to start ${svc.name}; add a healthcheck to ${d.dep.service}.`,
          fix: add ? { title: `Add a ${d.store!.family} healthcheck to ${d.dep.service}`, edits: [add], safe: true } : undefined,
        });
      }
    }
  },
};

export default rule;
