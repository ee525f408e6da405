import { composeModel, type ComposeService } from '../engine/compose/model';
import { projectModels, projectServiceHas } from '../engine/compose/project';
import { keyIndent } from '../engine/compose/edits';
import { isProductionConfig } from '../engine/production';
import { blockEnd, eolOf, isFlow, isMap, isSeq, nextLineStart, nodeRange, pairKey, type AnyPair } from '../engine/yaml/ast';
import type { Fix, FileRule, YamlSourceFile } from '../engine/types';

/** Services that run once and exit (migrations, seeds): a restart policy would rerun them forever. */
const ONE_SHOT_NAME = /migrat|seed|setup|init|bootstrap|provision|create-?buckets|fixtures|backup-once|^test/i;

function hasPolicy(s: ComposeService): boolean {
  return s.restart !== undefined || s.deployRestartPolicy || s.profiles.length > 0;
}

function restartFix(file: YamlSourceFile, svc: ComposeService): Fix | undefined {
  const map = svc.map;
  if (!map || isFlow(map) || map.items.length === 0) return undefined;
  const pairs = map.items as AnyPair[];
  const after = pairs.find((p) => pairKey(p) === 'image') ?? pairs.find((p) => pairKey(p) === 'build') ?? pairs[0];
  const value = after.value;
  const at = (isMap(value) || isSeq(value)) && !isFlow(value) ? blockEnd(file, value) : nextLineStart(file.text, (nodeRange(value) ?? nodeRange(after.key))!.end);
  const indent = keyIndent(file, map);
  if (at === undefined || indent === undefined) return undefined;
  const eol = eolOf(file.text);
  const lead = at === file.text.length && !/[\r\n]$/.test(file.text) ? eol : '';
  return { title: 'Add restart: unless-stopped', edits: [{ file: file.path, start: at, end: at, newText: `${lead}${' '.repeat(indent)}restart: unless-stopped${eol}` }], safe: true };
}

const rule: FileRule = {
  id: 'compose-restart-policy',
  meta: {
    scope: 'file',
    kinds: ['compose'],
    category: 'reliability',
    severity: 'info',
    description: 'A long-running service in a production Compose file with no restart policy: it stays down after a crash or a host reboot.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml' || !isProductionConfig(file.path, ctx.settings)) return;
    const models = projectModels(ctx.workspace, file);
    const runsOnce = new Set<string>();
    for (const m of models) {
      const services = m.services;
      for (let i = 0; i < services.length; i++) {
        const deps = services[i].dependsOn;
        for (let j = 0; j < deps.length; j++) if (deps[j].condition?.text === 'service_completed_successfully') runsOnce.add(deps[j].service);
      }
    }
    const services = composeModel(file).services;
    for (let i = 0; i < services.length; i++) {
      const svc = services[i];
      if (runsOnce.has(svc.name) || ONE_SHOT_NAME.test(svc.name) || svc.profiles.length) continue;
      // The service's own definition is the project's first: most services settle it without a project lookup.
      if (hasPolicy(svc) || projectServiceHas(ctx.workspace, file, svc.name, hasPolicy)) continue;
      ctx.report({
        range: svc.nameRange,
        message: `${svc.name} has no restart policy, so it stays down after a crash or a host reboot; add restart: unless-stopped (or on-failure for jobs that should stop once they succeed).`,
        fix: restartFix(file, svc),
      });
    }
  },
};

export default rule;
