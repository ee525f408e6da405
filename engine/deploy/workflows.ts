// What each workflow job does for delivery: which steps deploy (and where to), which run tests,
// and which jobs a job waits for. Commands are found line by line in `run:` scripts, skipping
// shell comments, with exact file ranges through the scalar's offset map.
import type { Scalar } from 'yaml';
import { decodedScalar } from '../workflow/expressions';
import { workflowModel, type WfJob, type WfStep, type WorkflowModel } from '../workflow/model';
import { DEPLOY_ACTIONS, DEPLOY_COMMANDS, DEPLOY_WORD, PLATFORMS, type PlatformId } from './platforms';
import type { Range, Workspace, YamlSourceFile } from '../types';

export interface DeployStep {
  platform: PlatformId;
  /** The command or action as written, for messages. */
  what: string;
  range: Range;
  step: WfStep;
  /** A frontend deploy (Vercel, Netlify, Static Web Apps …). */
  frontend: boolean;
}

export interface JobFacts {
  job: WfJob;
  deploys: DeployStep[];
  /** Ranges of test commands/actions in the job, in step order, with their step index. */
  tests: { range: Range; stepIndex: number; what: string }[];
  /** A reusable workflow call whose file name says it tests (`./.github/workflows/test.yml`). */
  callsTests: boolean;
}

export interface WorkflowFacts {
  file: YamlSourceFile;
  model: WorkflowModel;
  jobs: Map<string, JobFacts>;
}

/** Test runners, as commands (`npm test`, `pytest`, `go test ./...`, `bundle exec rspec` …). */
const TEST_COMMAND = /(?:^|[\s;&|(]|\/)(?:pytest|py\.test|python[0-9.]*\s+-m\s+(?:pytest|unittest)|manage\.py\s+test|tox|nox|(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test[\w:-]*|(?:npx\s+|pnpm\s+(?:exec\s+)?|yarn\s+)?(?:jest|vitest|mocha|karma\s+start|playwright\s+test|cypress\s+run)|go\s+test|cargo\s+(?:test|nextest)|rspec|rails\s+test|rake\s+(?:test|spec)|mix\s+test|phpunit|mvnw?\s+(?:-\S+\s+)*(?:test|verify)|gradlew?\s+(?:-\S+\s+)*(?:test|check)|dotnet\s+test|deno\s+test|make\s+(?:test|check)|ctest)(?=$|[\s;&|)])/;
/** A word every match of TEST_COMMAND holds: a script without any has no test command. */
const TEST_HINT = /test|tox|nox|jest|mocha|karma|cypress|spec|phpunit|verify|check/;
const TEST_ACTIONS = /^(cypress-io\/github-action|paambaati\/codeclimate-action)$/;
const TEST_WORKFLOW_FILE = /(^|[/._-])(test|tests|ci|check|checks)([._-]|\.ya?ml$)/i;

interface ScriptLine {
  text: string;
  /** File offset of the character at index `i` of `text`, when the decoding was exact. */
  at(i: number): number | undefined;
}

/** A physical line's share of a logical line: text indices [from, from + n) map to value offsets base + min(i - from, len). */
interface Segment {
  from: number;
  n: number;
  base: number;
  len: number;
}

/** A logical line: `at` maps through its segments into the scalar's offset map (decoded once per step, when first asked). */
/** A script's offset map, decoded when a line first asks (few do). */
class ScriptOffsets {
  private decoded: Int32Array | undefined | null = null;
  constructor(private readonly file: YamlSourceFile, private readonly node: Scalar) {}

  get(): Int32Array | undefined {
    if (this.decoded === null) {
      const d = decodedScalar(this.file.text, this.node);
      this.decoded = d.exact ? d.offsets : undefined;
    }
    return this.decoded;
  }
}

class Line implements ScriptLine {
  constructor(readonly text: string, private readonly segments: Segment[], private readonly offsets: ScriptOffsets) {}

  at(i: number): number | undefined {
    const o = this.offsets.get();
    if (!o) return undefined;
    for (const s of this.segments) if (i >= s.from && i < s.from + s.n) return o[s.base + Math.min(i - s.from, s.len)];
    return undefined;
  }
}

const SPACE = /\s/;

/** Index of the `\` that continues a line (the last character before trailing white space), or -1. */
function continuation(line: string): number {
  let e = line.length;
  while (e > 0 && SPACE.test(line[e - 1])) e--;
  return e > 0 && line.charCodeAt(e - 1) === 0x5c ? e - 1 : -1;
}

const COMMENT = /^\s*#/;

/**
 * Each non-comment logical line of a `run:` script (backslash continuations joined, so
 * `curl -X POST \\` + URL is one command) with the file offset of each character.
 */
function scriptLines(file: YamlSourceFile, step: WfStep): ScriptLine[] {
  if (!step.run) return [];
  const run = step.run;
  // Most scripts name no deploy tool and no test runner: then no line can match, and none is split.
  if (!DEPLOY_WORD.test(run.text) && !TEST_HINT.test(run.text)) return [];
  // The value is the scalar's (what decoding yields too); the offset map, for a command's range,
  // is decoded only when a line matches, which few do.
  const offsets = new ScriptOffsets(file, run.node);
  const value = run.text;
  const out: ScriptLine[] = [];
  let text = '';
  let segments: Segment[] = [];
  let start = 0;
  for (const line of value.split('\n')) {
    const base = start;
    start += line.length + 1;
    if (!text && COMMENT.test(line)) continue;
    const cont = continuation(line);
    const body = cont >= 0 ? line.slice(0, cont) : line;
    segments.push({ from: text.length, n: body.length + (cont >= 0 ? 1 : 0), base, len: body.length });
    text += body + (cont >= 0 ? ' ' : '');
    if (cont >= 0) continue;
    out.push(new Line(text, segments, offsets));
    text = '';
    segments = [];
  }
  if (text) out.push(new Line(text, segments, offsets));
  return out;
}

function commandRange(file: YamlSourceFile, step: WfStep, line: ScriptLine, index: number, length: number): Range {
  const a = line.at(index);
  const b = line.at(index + length - 1);
  return a !== undefined && b !== undefined ? { start: a, end: b + 1 } : step.run!.range;
}

function deploysOf(file: YamlSourceFile, step: WfStep, lines: readonly ScriptLine[]): DeployStep[] {
  const out: DeployStep[] = [];
  const slug = step.uses?.kind === 'repository' ? `${step.uses.slug}${step.uses.path ? `/${step.uses.path.toLowerCase()}` : ''}` : undefined;
  if (slug && step.uses) {
    const hit = DEPLOY_ACTIONS.find((a) => a.match.test(slug) || a.match.test(step.uses!.slug!));
    // superfly/flyctl-actions runs whatever `args` says; only `deploy` releases.
    const flyArgs = step.with.get('args')?.value?.text ?? '';
    // Azure/static-web-apps-deploy with `action: close` tears down a pull request's staging site.
    const closes = step.with.get('action')?.value?.text === 'close';
    if (hit && !closes && !(hit.platform === 'fly' && !/\bdeploy\b/.test(flyArgs))) {
      out.push({ platform: hit.platform, what: step.uses.raw.replace(/@.*$/, ''), range: step.uses.range, step, frontend: hit.frontend ?? PLATFORMS[hit.platform].frontend });
    }
  }
  for (const line of lines) {
    if (!DEPLOY_WORD.test(line.text)) continue;
    for (const c of DEPLOY_COMMANDS) {
      const m = c.match.exec(line.text);
      if (!m) continue;
      out.push({ platform: c.platform, what: c.label ?? m[0].trim().replace(/\s+/g, ' '), range: commandRange(file, step, line, m.index + (m[0].length - m[0].trimStart().length), m[0].trim().length), step, frontend: c.frontend ?? PLATFORMS[c.platform].frontend });
      break;
    }
  }
  return out;
}

function testsOf(file: YamlSourceFile, step: WfStep, lines: readonly ScriptLine[]): { range: Range; stepIndex: number; what: string }[] {
  if (step.uses?.slug && TEST_ACTIONS.test(step.uses.slug)) return [{ range: step.uses.range, stepIndex: step.index, what: step.uses.slug }];
  for (const line of lines) {
    const m = TEST_COMMAND.exec(line.text);
    if (m) {
      const lead = m[0].length - m[0].replace(/^[\s;&|(/]/, '').length;
      const what = m[0].slice(lead).trim();
      return [{ range: commandRange(file, step, line, m.index + lead, what.length), stepIndex: step.index, what }];
    }
  }
  return [];
}

export function workflowFacts(file: YamlSourceFile): WorkflowFacts {
  return file.model('deploy.workflowFacts', () => {
    const model = workflowModel(file);
    const jobs = new Map<string, JobFacts>();
    for (const job of model.jobs) {
      const reusable = job.uses?.kind === 'local' ? job.uses.path ?? '' : job.uses?.path ?? '';
      // A step's script lines are split once for both searches.
      const lines = job.steps.map((s) => scriptLines(file, s));
      jobs.set(job.id, {
        job,
        deploys: job.steps.flatMap((s, i) => deploysOf(file, s, lines[i])),
        tests: job.steps.flatMap((s, i) => testsOf(file, s, lines[i])),
        callsTests: Boolean(job.uses) && TEST_WORKFLOW_FILE.test(reusable.split('/').pop() ?? ''),
      });
    }
    return { file, model, jobs };
  });
}

export function allWorkflowFacts(workspace: Workspace): WorkflowFacts[] {
  return workspace.model('deploy.allWorkflowFacts', () =>
    workspace.filesOfKind('workflow').flatMap((f) => (f.format === 'yaml' && workflowModel(f).type === 'workflow' ? [workflowFacts(f)] : [])),
  );
}

export function isTestJob(j: JobFacts): boolean {
  return j.tests.length > 0 || j.callsTests;
}

/** Every job `job` waits for, directly or through other jobs. */
export function needsClosure(facts: WorkflowFacts, job: WfJob): Set<string> {
  const out = new Set<string>();
  const todo = job.needs.map((n) => n.text);
  while (todo.length) {
    const id = todo.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const n of facts.jobs.get(id)?.job.needs ?? []) todo.push(n.text);
  }
  return out;
}

/** The folder of the repository a workflow belongs to: the one holding its `.github` ('' = workspace root). */
export function repoRootOf(workflowPath: string): string {
  const i = workflowPath.lastIndexOf('.github/');
  return i <= 0 ? '' : workflowPath.slice(0, i - 1);
}

/** True when a workflow of the repository rooted at `root` runs for a file in `dir` (GitHub reads only the repository root's `.github/workflows`). */
export function coversDir(root: string, dir: string): boolean {
  return root === '' || dir === root || dir.startsWith(`${root}/`);
}

/** Workflows with a test job that run on pushes or pull requests: the CI of the repository holding `dir` (any when undefined). */
export function testingWorkflows(workspace: Workspace, dir?: string): { facts: WorkflowFacts; job: JobFacts }[] {
  const out: { facts: WorkflowFacts; job: JobFacts }[] = [];
  for (const facts of allWorkflowFacts(workspace)) {
    if (dir !== undefined && !coversDir(repoRootOf(facts.file.path), dir)) continue;
    const events = new Set(facts.model.triggers.map((t) => t.event));
    if (!events.has('push') && !events.has('pull_request') && !events.has('merge_group')) continue;
    const job = [...facts.jobs.values()].find(isTestJob);
    if (job) out.push({ facts, job });
  }
  return out;
}
