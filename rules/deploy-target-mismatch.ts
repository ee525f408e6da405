import { workspaceBlueprints } from '../engine/render/blueprint';
import { PLATFORMS, platformFiles } from '../engine/deploy/platforms';
import { allWorkflowFacts } from '../engine/deploy/workflows';
import type { RelatedInfo, WorkspaceRule } from '../engine/types';

const rule: WorkspaceRule = {
  id: 'deploy-target-mismatch',
  meta: {
    scope: 'workspace',
    category: 'operations',
    severity: 'warning',
    description: 'A workflow that deploys to another platform than the one the repository is set up for (a Render blueprint, fly.toml …).',
    fixable: false,
  },
  check(ctx) {
    const blueprints = workspaceBlueprints(ctx.workspace).filter((b) => b.services.length > 0);
    const others = platformFiles(ctx.workspace.fs.listFiles(), (p) => ctx.workspace.fs.readText(p));
    for (const facts of allWorkflowFacts(ctx.workspace)) {
      for (const { job, deploys } of facts.jobs.values()) {
        for (const d of deploys) {
          const platform = PLATFORMS[d.platform];
          const jobName = job.name?.text ?? job.id;
          if (d.platform !== 'render' && blueprints.length) {
            const bp = blueprints[0];
            // A frontend host beside a Render backend is the usual split; it conflicts only with a Render static site.
            const statics = bp.services.filter((s) => s.runtime?.value === 'static' || s.env?.value === 'static' || s.type?.value === 'static');
            if (d.frontend && !statics.length) continue;
            const target = d.frontend ? statics[0] : bp.services[0];
            const related: RelatedInfo[] = [{ file: bp.file.path, range: target.name?.valueRange ?? target.range, message: `Render ${d.frontend ? 'static site' : 'service'} ${target.name?.value ?? ''} is deployed from this blueprint`.trim() }];
            ctx.report({
              file: facts.file.path,
              range: d.range,
              message: `Job "${jobName}" deploys to ${platform.name} (${d.what}) but this repository deploys to Render with ${bp.file.path}; remove the stale deploy job, or the blueprint if the app moved to ${platform.name}, so one platform runs production.`,
              related,
            });
          } else if (d.platform === 'render' && !workspaceBlueprints(ctx.workspace).length && others.length) {
            const other = others[0];
            ctx.report({
              file: facts.file.path,
              range: d.range,
              message: `Job "${jobName}" deploys to Render (${d.what}) but this repository is set up for ${PLATFORMS[other.platform].name} (${other.file}) and has no render.yaml; remove the stale deploy job, or ${other.file} if the app moved to Render.`,
              related: [{ file: other.file, range: { start: 0, end: 0 }, message: `${PLATFORMS[other.platform].name} configuration` }],
            });
          }
        }
      }
    }
  },
};

export default rule;
