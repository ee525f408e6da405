import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseArgs } from '../../cli/args';
import { FORMATTERS } from '../../cli/formats';
import { audit, writeWorkspace } from '../helpers/workspace';

const DOC = path.join(__dirname, '..', '..', 'docs', 'ci-workflow.md');

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, string>; if?: string }
interface Workflow { permissions: Record<string, string>; jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }> }

function workflowText(): string {
  const m = /```yaml file=(\S+)\n([\s\S]*?)\n```/.exec(fs.readFileSync(DOC, 'utf8'));
  assert.ok(m, 'docs/ci-workflow.md holds the workflow in a ```yaml file=… block');
  assert.equal(m[1], '.github/workflows/readiness.yml');
  return `${m[2]}\n`;
}

describe('the documented CI workflow', () => {
  const text = workflowText();
  const wf = parse(text) as Workflow;
  const steps = wf.jobs.readiness.steps;
  const cli = steps.flatMap((s) => (s.run ?? '').split('\n')).map((l) => l.trim()).filter((l) => l.startsWith('node readiness/dist/cli.js '));
  /** The CLI arguments of a command line, without the shell redirection. */
  const argvOf = (line: string) => line.replace(/\s*>>.*$/, '').split(/\s+/).slice(2);

  it('runs only CLI commands and options that exist', () => {
    assert.ok(cli.length >= 3, cli.join('\n'));
    for (const line of cli) {
      const args = parseArgs(argvOf(line));
      assert.equal(args.command, 'audit', line);
      assert.equal(args.dir, 'repo', line);
      assert.ok(FORMATTERS[args.format], `${line}: format ${args.format}`);
    }
  });

  it('uploads the SARIF file it writes, with the permission code scanning needs', () => {
    const sarif = cli.map((l) => parseArgs(argvOf(l))).find((a) => a.format === 'sarif');
    assert.ok(sarif?.output, 'a step writes SARIF to a file');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.equal(upload.with?.sarif_file, sarif.output);
    assert.equal(upload.with?.checkout_path, 'repo');
    assert.equal(wf.jobs.readiness.permissions['security-events'], 'write');
    const gate = cli.map((l) => parseArgs(argvOf(l))).find((a) => a.format === 'text');
    assert.equal(gate?.failOn, 'error', 'the last step fails the job on errors');
  });

  it('passes its own audit without errors', () => {
    const dir = writeWorkspace({ '.github/workflows/readiness.yml': text });
    const errors = audit(dir).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => `${f.ruleId}: ${f.message}`), []);
  });
});
