import * as assert from 'node:assert/strict';
import { createSourceFile } from '../../engine/sourceFile';
import { workflowModel } from '../../engine/workflow/model';
import type { YamlSourceFile } from '../../engine/types';

function model(path: string, text: string) {
  const f = createSourceFile(path, 'workflow', text) as YamlSourceFile;
  return { f, m: workflowModel(f), at: (r: { start: number; end: number }) => f.text.slice(r.start, r.end) };
}

describe('workflow model', () => {
  it('reads triggers in string, list and map form with their filters', () => {
    assert.deepEqual(model('.github/workflows/a.yml', 'on: push\n').m.triggers.map((t) => t.event), ['push']);
    assert.deepEqual(model('.github/workflows/a.yml', 'on: [push, pull_request_target]\n').m.triggers.map((t) => t.event), ['push', 'pull_request_target']);
    const { m, at } = model('.github/workflows/a.yml', 'on:\n  push:\n    branches: [main]\n    paths: ["src/**"]\n  schedule:\n    - cron: "0 0 * * *"\n  workflow_dispatch:\n    inputs:\n      name:\n        type: string\n');
    assert.deepEqual(m.triggers.map((t) => t.event), ['push', 'schedule', 'workflow_dispatch']);
    assert.deepEqual(m.triggers[0].filters.get('branches')!.map((s) => s.text), ['main']);
    assert.equal(at(m.triggers[0].filters.get('paths')![0].range), '"src/**"');
    assert.deepEqual(m.triggers[1].filters.get('cron')!.map((s) => s.text), ['0 0 * * *']);
    assert.deepEqual(m.triggers[2].inputs.entries.map((e) => e.key), ['name']);
  });

  it('reads permissions at the top and per job', () => {
    const { m, at } = model('.github/workflows/a.yml', 'on: push\npermissions: write-all\njobs:\n  a:\n    permissions:\n      contents: read\n      id-token: write\n    runs-on: ubuntu-latest\n    steps: []\n');
    assert.equal(m.permissions!.kind, 'write-all');
    assert.equal(at(m.permissions!.range), 'write-all');
    const p = m.jobs[0].permissions!;
    assert.equal(p.kind, 'map');
    assert.deepEqual(p.scopes.map((s) => [s.scope, s.level, at(s.keyRange)]), [['contents', 'read', 'contents'], ['id-token', 'write', 'id-token']]);
  });

  it('reads jobs, reusable calls, matrices, services and steps with parsed uses', () => {
    const text = `on: push
jobs:
  test:
    name: Test
    runs-on: [self-hosted, linux]
    timeout-minutes: 10
    container: node:20
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: postgres
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
        include:
          - python-version: "3.13"
    steps:
      - uses: actions/checkout@v4
      - uses: "github/codeql-action/init@0123456789abcdef0123456789abcdef01234567"
      - uses: docker://alpine:3.20
      - uses: ./.github/actions/setup
      - id: build
        run: make
        shell: bash
        env:
          A: b
  deploy:
    needs: [test]
    environment: production
    uses: org/repo/.github/workflows/deploy.yml@v1
    secrets: inherit
`;
    const { m, at } = model('.github/workflows/a.yml', text);
    const [t, d] = m.jobs;
    assert.equal(t.name!.text, 'Test');
    assert.deepEqual(t.runsOn.map((s) => s.text), ['self-hosted', 'linux']);
    assert.equal(t.timeoutMinutes!.text, '10');
    assert.equal(t.container!.image!.text, 'node:20');
    assert.equal(t.services[0].image!.text, 'postgres:16');
    assert.equal(t.services[0].env.get('POSTGRES_PASSWORD')!.value!.text, 'postgres');
    assert.deepEqual(t.matrix.map((a) => [a.key, a.values.map((v) => v.text)]), [['python-version', ['3.11', '3.12']]]);
    assert.equal(t.matrixInclude[0].get('python-version')!.value!.text, '3.13');
    const u = t.steps.map((s) => s.uses);
    assert.deepEqual([u[0]!.kind, u[0]!.slug, u[0]!.ref, at(u[0]!.refRange!)], ['repository', 'actions/checkout', 'v4', 'v4']);
    assert.deepEqual([u[1]!.owner, u[1]!.repo, u[1]!.path, at(u[1]!.refRange!)], ['github', 'codeql-action', 'init', '0123456789abcdef0123456789abcdef01234567']);
    assert.deepEqual([u[2]!.kind, u[2]!.image], ['docker', 'alpine:3.20']);
    assert.deepEqual([u[3]!.kind, u[3]!.path], ['local', '.github/actions/setup']);
    assert.equal(t.steps[4].id!.text, 'build');
    assert.equal(t.steps[4].run!.text, 'make');
    assert.equal(t.steps[4].env.get('A')!.value!.text, 'b');
    assert.deepEqual(d.needs.map((s) => s.text), ['test']);
    assert.equal(d.environment!.name!.text, 'production');
    assert.equal(d.uses!.path, '.github/workflows/deploy.yml');
    assert.equal(d.secretsInherit, true);
    assert.equal(m.jobsById.get('deploy'), d);
  });

  it('reads composite action steps from action.yml', () => {
    const { m } = model('.github/actions/setup/action.yml', 'name: Setup\ninputs:\n  token:\n    required: true\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n');
    assert.equal(m.type, 'action');
    assert.equal(m.actionUsing!.text, 'composite');
    assert.equal(m.actionSteps[0].run!.text, 'echo hi');
    assert.deepEqual(m.actionInputs.entries.map((e) => e.key), ['token']);
  });
});
