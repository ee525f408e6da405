import { workspaceBlueprints } from '../engine/render/blueprint';
import { composeModel } from '../engine/compose/model';
import { allWorkflowFacts, coversDir, isTestJob, repoRootOf } from '../engine/deploy/workflows';
import { dockerfileFacts } from '../engine/env/dockerfile';
import { renderServiceInfos } from '../engine/versions/production';
import { mapGet, keyRange, rootMap } from '../engine/yaml/ast';
import { nonProductionMatcher } from '../engine/production';
import type { Range, WorkspaceRule } from '../engine/types';

/** Other CI systems: their presence means tests may well run elsewhere. */
const OTHER_CI = /^(\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|Jenkinsfile|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml|\.woodpecker\/.+\.ya?ml|\.buildkite\/.+|buildspec\.ya?ml|\.semaphore\/semaphore\.ya?ml|appveyor\.ya?ml|cloudbuild\.ya?ml)$/;
const CODE = /\.(py|js|mjs|cjs|ts|tsx|jsx|rb|go|rs|ex|exs|java|kt|php|cs|swift|scala|clj)$/i;
const NO_CODE_TYPES = new Set(['keyvalue', 'redis']);

const rule: WorkspaceRule = {
  id: 'missing-ci',
  meta: {
    scope: 'workspace',
    category: 'operations',
    severity: 'warning',
    description: 'A workspace that deploys its own code (render.yaml, Compose build) with no CI workflow that runs its tests.',
    fixable: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const files = ws.fs.listFiles();
    if (files.some((f) => OTHER_CI.test(f))) return;
    if (!files.some((f) => CODE.test(f))) return;
    // Where the deployment is declared: a blueprint service built from this repository, else a production Compose file that builds.
    let target: { file: string; range: Range; what: string } | undefined;
    // A Docker service whose Dockerfile runs someone else's application (FROM ghost, git clone) deploys no code of this repository.
    const foreign = new Set(renderServiceInfos(ws).filter((i) => i.runtime === 'docker' && i.dockerfile && dockerfileFacts(ws.fs.readText(i.dockerfile) ?? '').foreignApp).map((i) => i.service));
    for (const bp of workspaceBlueprints(ws)) {
      const s = bp.services.find((x) => !NO_CODE_TYPES.has(x.type?.value ?? '') && !x.repo && (x.runtime?.value ?? x.env?.value) !== 'image' && !x.fields.has('image') && !foreign.has(x));
      if (s) {
        target = { file: bp.file.path, range: bp.fields.get('services')?.keyRange ?? s.range, what: bp.file.path };
        break;
      }
    }
    if (!target) {
      const nonProduction = nonProductionMatcher(ctx.settings);
      for (const f of ws.filesOfKind('compose')) {
        if (f.format !== 'yaml' || nonProduction(f.path)) continue;
        if (!composeModel(f).services.some((s) => s.build)) continue;
        const pair = mapGet(rootMap(f), 'services');
        const r = pair ? keyRange(pair) : undefined;
        if (r) {
          target = { file: f.path, range: r, what: f.path };
          break;
        }
      }
    }
    if (!target) return;
    // Only the workflows of the repository holding the deployment run for it.
    const dir = target.file.includes('/') ? target.file.slice(0, target.file.lastIndexOf('/')) : '';
    const workflows = allWorkflowFacts(ws).filter((w) => coversDir(repoRootOf(w.file.path), dir));
    if (workflows.some((w) => [...w.jobs.values()].some(isTestJob))) return;
    const names = workflows.map((w) => w.file.path.split('/').pop()).join(', ');
    ctx.report({
      file: target.file,
      range: target.range,
      message: workflows.length
        ? `${target.what} deploys code from this repository but none of its workflows (${names}) runs tests; add a workflow job that runs the test suite on push and pull_request.`
        : `${target.what} deploys code from this repository but no CI workflow runs its tests; add .github/workflows/ci.yml running the test suite on push and pull_request.`,
    });
  },
};

export default rule;
