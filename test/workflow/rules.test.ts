import * as assert from 'node:assert/strict';
import { auditDirectory } from '../../engine/audit';
import { writeWorkspace } from '../helpers/workspace';

function run(files: Record<string, string>, rule: string) {
  // No config passed: .readiness.json of the workspace is read, as in the CLI.
  const result = auditDirectory(writeWorkspace(files), { only: [rule], git: null });
  return result.findings.filter((f) => f.ruleId === rule);
}

describe('workflow rules: options and fix safety', () => {
  const pinned = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: my-org/setup@v2\n      - uses: docker/login-action@v3\n      - uses: actions/checkout@v7\n';

  it('workflow-unpinned-action trusts the owners and repositories of the trusted option instead of the defaults', () => {
    assert.deepEqual(run({ '.github/workflows/a.yml': pinned }, 'workflow-unpinned-action').map((f) => f.message.split(' ')[0]), ['my-org/setup', 'docker/login-action']);
    const config = JSON.stringify({ rules: { 'workflow-unpinned-action': ['info', { trusted: ['my-org', 'docker/login-action'] }] } });
    assert.deepEqual(run({ '.github/workflows/a.yml': pinned, '.readiness.json': config }, 'workflow-unpinned-action').map((f) => f.message.split(' ')[0]), ['actions/checkout']);
  });

  it('workflow-permissions offers its fix as unsafe when a job writes with the token', () => {
    const text = 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1\n        env:\n          NPM: ${{ secrets.NPM_TOKEN }}\n';
    const [f] = run({ '.github/workflows/r.yml': text }, 'workflow-permissions');
    assert.equal(f.fixes.length, 1);
    assert.equal(f.fixes[0].safe, false);
    assert.equal(f.fixes[0].title, 'Add permissions: contents: read (then grant release the write scopes they need)');
    assert.deepEqual(f.related.map((r) => r.message), ['a secret is used here', 'job release deploys']);
  });

  it('workflow-script-injection offers no fix inside a here-document or for a python shell', () => {
    const text = 'on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          cat <<EOF\n          ${{ github.event.issue.title }}\n          EOF\n      - shell: python\n        run: print("${{ github.event.issue.body }}")\n';
    const found = run({ '.github/workflows/a.yml': text }, 'workflow-script-injection');
    assert.equal(found.length, 2);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 0]);
  });

  it('workflow-script-injection gives no fix for a matrix mixing Windows and Linux', () => {
    const text = 'on: issues\njobs:\n  a:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n';
    const found = run({ '.github/workflows/a.yml': text }, 'workflow-script-injection');
    assert.deepEqual(found.map((f) => f.fixes.length), [0]);
  });
});

describe('workflow-script-injection fix text', () => {
  it('replaces a single-quoted string that is only the expression by the double-quoted variable', () => {
    const text = "on: repository_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          printf '%s' '${{ github.event.client_payload.data }}' | base64 -d\n";
    const [f] = run({ '.github/workflows/a.yml': text }, 'workflow-script-injection');
    const edits = [...f.fixes[0].edits].sort((a, b) => b.start - a.start);
    let out = text;
    for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    assert.equal(out, "on: repository_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          printf '%s' \"$CLIENT_PAYLOAD_DATA\" | base64 -d\n        env:\n          CLIENT_PAYLOAD_DATA: ${{ github.event.client_payload.data }}\n");
  });
});
