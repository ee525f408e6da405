import { workspaceBlueprints } from '../engine/render/blueprint';
import { addNeeds, setChecksPass } from '../engine/deploy/edits';
import { allWorkflowFacts, isTestJob, needsClosure, repoRootOf, testingWorkflows } from '../engine/deploy/workflows';
import { PLATFORMS } from '../engine/deploy/platforms';
import type { WorkspaceRule } from '../engine/types';

const NO_AUTO_DEPLOY_TYPES = new Set(['keyvalue', 'redis']);

const rule: WorkspaceRule = {
  id: 'deploy-without-tests',
  meta: {
    scope: 'workspace',
    category: 'operations',
    severity: 'warning',
    description: 'Deploy jobs that do not wait for tests (needs:), and Render services that deploy on every commit while CI runs tests (autoDeployTrigger: checksPass).',
    fixable: true,
  },
  check(ctx) {
    const all = allWorkflowFacts(ctx.workspace);
    const ci = testingWorkflows(ctx.workspace);
    let deploysToRender = false;
    for (const facts of all) {
      const testJobs = [...facts.jobs.values()].filter(isTestJob);
      const events = new Set(facts.model.triggers.map((t) => t.event));
      for (const jf of facts.jobs.values()) {
        const deploy = jf.deploys[0];
        if (!deploy) continue;
        if (jf.deploys.some((d) => d.platform === 'render')) deploysToRender = true;
        const job = jf.job;
        const name = job.name?.text ?? job.id;
        // Tests earlier in the same job gate the deploy step.
        if (jf.tests.some((t) => t.stepIndex < deploy.step.index)) continue;
        const waited = needsClosure(facts, job);
        if (testJobs.some((t) => waited.has(t.job.id))) continue;
        const parallel = testJobs.filter((t) => t.job !== job);
        const where = `${PLATFORMS[deploy.platform].name} (${deploy.what})`;
        if (parallel.length) {
          const ids = parallel.map((t) => t.job.id);
          const edit = addNeeds(facts.file, job, ids);
          ctx.report({
            file: facts.file.path,
            range: job.idRange,
            message: `Job "${name}" deploys to ${where} without waiting for ${ids.map((i) => `"${i}"`).join(', ')}, so a failing test still ships; add needs: ${ids.length === 1 ? ids[0] : `[${ids.join(', ')}]`} to the job.`,
            related: parallel.map((t) => ({ file: facts.file.path, range: t.tests[0]?.range ?? t.job.idRange, message: `tests run in job "${t.job.id}"` })),
            fix: edit ? { title: `Make "${job.id}" wait for ${ids.join(', ')}`, edits: [edit], safe: true } : undefined,
          });
          continue;
        }
        // Runs after another workflow (usually CI) or behind an environment's protection rules.
        if (events.has('workflow_run') || job.environment) continue;
        const other = ci.find((c) => c.facts !== facts && repoRootOf(c.facts.file.path) === repoRootOf(facts.file.path));
        ctx.report({
          file: facts.file.path,
          range: job.idRange,
          message: other
            ? `Job "${name}" deploys to ${where} without waiting for the tests in ${other.facts.file.path}, which run separately; trigger this workflow with workflow_run on that workflow (checking its conclusion), or move the deploy job there with needs: on the test job.`
            : `Job "${name}" deploys to ${where} with no tests before it; add a test job and make the deploy job wait for it with needs:.`,
          related: other ? [{ file: other.facts.file.path, range: other.job.tests[0]?.range ?? other.job.job.idRange, message: `tests run in job "${other.job.job.id}"` }] : [],
        });
      }
    }
    // Render deploys on every push to the branch unless told to wait for the checks; a workflow that
    // deploys to Render itself is the gate then (and the deploy-hook case is handled above).
    if (deploysToRender) return;
    for (const bp of workspaceBlueprints(ctx.workspace)) {
      const dir = bp.file.path.includes('/') ? bp.file.path.slice(0, bp.file.path.lastIndexOf('/')) : '';
      const test = testingWorkflows(ctx.workspace, dir)[0];
      if (!test) continue;
      for (const s of bp.services) {
        const type = s.type?.value;
        const runtime = s.runtime?.value ?? s.env?.value;
        if ((type && NO_AUTO_DEPLOY_TYPES.has(type)) || runtime === 'image' || s.fields.has('image') || s.repo) continue;
        const trigger = s.autoDeployTrigger?.value;
        if (trigger !== undefined && trigger !== 'commit') continue;
        if (trigger === undefined && s.autoDeploy?.value === false) continue;
        const name = s.name?.value ?? 'service';
        const range = s.autoDeployTrigger?.valueRange ?? s.autoDeploy?.valueRange ?? s.name?.valueRange ?? s.range;
        const how = trigger === 'commit' ? 'autoDeployTrigger: commit' : s.autoDeploy ? 'autoDeploy: true' : 'autoDeployTrigger defaults to commit';
        const edit = setChecksPass(bp.file, s);
        ctx.report({
          file: bp.file.path,
          range,
          message: `Render service "${name}" deploys every commit (${how}) without waiting for the tests in ${test.facts.file.path}; set autoDeployTrigger: checksPass so Render deploys only after the checks pass.`,
          related: [{ file: test.facts.file.path, range: test.job.tests[0]?.range ?? test.job.job.idRange, message: `tests run in job "${test.job.job.id}"` }],
          fix: edit ? { title: 'Set autoDeployTrigger: checksPass', edits: [edit], safe: true } : undefined,
        });
      }
    }
  },
};

export default rule;
