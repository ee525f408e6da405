// The workflow issue's second "must show": a deploy workflow written for Google Cloud in a repository
// whose Render blueprint pins Python 3.11, with an old checkout and setup-python, CI on Python 3.9,
// no permissions: block and no tests before the deploy. Each rule fires at the exact place.
import * as assert from 'node:assert/strict';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { applyFixesOnDisk, position, writeWorkspace } from '../helpers/workspace';
import * as fs from 'node:fs';
import * as path from 'node:path';

const RULES = ['runtime-version-mismatch', 'workflow-deprecated-action', 'deploy-target-mismatch', 'workflow-permissions', 'deploy-without-tests'];

const RENDER = `services:
  - type: web
    name: api
    runtime: python
    buildCommand: pip install -r requirements.txt
    startCommand: gunicorn app:app
    envVars:
      - key: PYTHON_VERSION
        value: 3.11.0
`;

const WORKFLOW = `name: Deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    name: Deploy to GCP
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
      - uses: actions/setup-python@v4
        with:
          python-version: "3.9"
      - run: pip install -r requirements.txt
      - uses: google-github-actions/auth@v3
        with:
          credentials_json: \${{ secrets.GCP_SA_KEY }}
      - run: gcloud run deploy api --source . --region us-central1
`;

function audit(dir: string) {
  return auditDirectory(dir, { config: defaultConfig(), git: null, only: RULES });
}

describe('must show: a GCP deploy workflow in a Render repository', () => {
  const files = { 'render.yaml': RENDER, '.github/workflows/deploy.yml': WORKFLOW, 'requirements.txt': 'flask\n', 'app.py': 'app = None\n' };

  it('reports each rule at its line and column', () => {
    const result = audit(writeWorkspace(files));
    assert.deepEqual(result.failures, []);
    const shown = result.findings
      .map((f) => `${f.ruleId} ${f.file}:${position(result, f).line}:${position(result, f).column}`)
      .sort();
    assert.deepEqual(shown, [
      'deploy-target-mismatch .github/workflows/deploy.yml:18:14',
      'deploy-without-tests .github/workflows/deploy.yml:6:3',
      'runtime-version-mismatch .github/workflows/deploy.yml:13:27',
      'workflow-deprecated-action .github/workflows/deploy.yml:10:32',
      'workflow-deprecated-action .github/workflows/deploy.yml:11:36',
      'workflow-permissions .github/workflows/deploy.yml:2:1',
    ]);
  });

  it('says what is wrong with the concrete values and points at the production source', () => {
    const result = audit(writeWorkspace(files));
    const by = (id: string) => result.findings.filter((f) => f.ruleId === id);
    const runtime = by('runtime-version-mismatch')[0];
    assert.equal(runtime.message, 'CI job "deploy" tests on Python 3.9 (actions/setup-python) but production runs Python 3.11 (render.yaml PYTHON_VERSION 3.11.0); set python-version to 3.11.');
    assert.deepEqual(runtime.related.map((r) => `${r.file} ${RENDER.slice(r.range.start, r.range.end)}`), ['render.yaml 3.11.0']);
    assert.equal(by('deploy-target-mismatch')[0].message, 'Job "Deploy to GCP" deploys to Google Cloud (gcloud run deploy) but this repository deploys to Render with render.yaml; remove the stale deploy job, or the blueprint if the app moved to Google Cloud, so one platform runs production.');
    assert.deepEqual(by('workflow-deprecated-action').map((f) => f.message.split(' ')[0]), ['actions/checkout@v3', 'actions/setup-python@v4']);
    assert.equal(by('deploy-without-tests')[0].message, 'Job "Deploy to GCP" deploys to Google Cloud (gcloud run deploy) with no tests before it; add a test job and make the deploy job wait for it with needs:.');
  });

  it('fixes the Python version and the action majors', () => {
    const dir = writeWorkspace(files);
    const result = audit(dir);
    applyFixesOnDisk(dir, result.findings.filter((f) => f.ruleId === 'runtime-version-mismatch' || f.ruleId === 'workflow-deprecated-action'));
    const fixed = fs.readFileSync(path.join(dir, '.github/workflows/deploy.yml'), 'utf8');
    assert.match(fixed, /^ {10}python-version: "3\.11"$/m);
    assert.doesNotMatch(fixed, /actions\/checkout@v3|actions\/setup-python@v4/);
    const again = audit(dir);
    assert.deepEqual(again.findings.filter((f) => f.ruleId === 'runtime-version-mismatch' || f.ruleId === 'workflow-deprecated-action').map((f) => f.message), []);
  });
});
