// Which Python and Node versions CI runs: `actions/setup-python` `python-version` and
// `actions/setup-node` `node-version` (literal, a list, `${{ matrix.X }}` with the matrix axis and
// `include:` entries, `${{ env.X }}` from step, job or workflow `env:`), and `jobs.<id>.container`
// images. A `python-version-file` / `node-version-file` input reads the version from the
// repository, so it cannot disagree with it and is skipped.
import { isScalar } from 'yaml';
import { workflowModel, type WfEntries, type WfJob, type WfScalar, type WfStep, type WorkflowModel } from '../workflow/model';
import { imageVersions } from './images';
import { scalarContentRange, scalarText } from './production';
import { parseRequirement, type Language, type VersionReq } from './spec';
import type { Range, Workspace, YamlSourceFile } from '../types';

export interface CiValue {
  text: string;
  req: VersionReq;
  /** Range of the version text. */
  range: Range;
  /** True when the text at `range` is the literal version, so a fix can replace it. */
  literal: boolean;
}

export interface CiVersionUse {
  language: Language;
  file: YamlSourceFile;
  job: WfJob;
  /** `actions/setup-python`, `container image` … for messages. */
  via: string;
  /** The input name (`python-version`) or `container`. */
  input: string;
  values: CiValue[];
  /** Where the finding goes: the literal, the matrix axis, or the env value. */
  anchor: Range;
  /** True when the versions come from a matrix axis (several tested on purpose). */
  matrix: boolean;
}

const SETUP: Record<string, { language: Language; input: string; fileInput: string }> = {
  'actions/setup-python': { language: 'python', input: 'python-version', fileInput: 'python-version-file' },
  'actions/setup-node': { language: 'node', input: 'node-version', fileInput: 'node-version-file' },
};

function literalValues(file: YamlSourceFile, s: WfScalar, language: Language): CiValue[] {
  const text = scalarText(file.text, s.node) ?? s.text;
  const content = scalarContentRange(file.text, s.node);
  if (!text.includes('\n')) {
    const req = parseRequirement(text, language);
    return req && content ? [{ text, req, range: content, literal: true }] : [];
  }
  // A block list of versions (`python-version: |` with one per line): setup-python installs each.
  const out: CiValue[] = [];
  const src = file.text.slice(s.range.start, s.range.end);
  for (const line of text.split('\n')) {
    const t = line.trim();
    const req = t ? parseRequirement(t, language) : undefined;
    const at = t ? src.indexOf(t) : -1;
    if (req && at >= 0) out.push({ text: t, req, range: { start: s.range.start + at, end: s.range.start + at + t.length }, literal: false });
  }
  return out;
}

function envLookup(name: string, step: WfStep, job: WfJob, model: WorkflowModel): WfScalar | undefined {
  for (const env of [step.env, job.env, model.env] as WfEntries[]) {
    const e = env.get(name);
    if (e) return e.value;
  }
  return undefined;
}

function use(file: YamlSourceFile, model: WorkflowModel, job: WfJob, step: WfStep): CiVersionUse | undefined {
  const setup = step.uses?.slug ? SETUP[step.uses.slug] : undefined;
  if (!setup || !step.uses || step.with.get(setup.fileInput)) return undefined;
  const input = step.with.get(setup.input)?.value;
  if (!input) return undefined;
  const base = { language: setup.language, file, job, via: step.uses.slug!, input: setup.input };
  const text = input.text.trim();
  const expr = /^\$\{\{\s*(matrix|env)\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(text);
  if (!expr) {
    if (text.includes('${{')) return undefined;
    return { ...base, values: literalValues(file, input, setup.language), anchor: input.range, matrix: false };
  }
  if (expr[1] === 'env') {
    const v = envLookup(expr[2], step, job, model);
    if (!v || v.text.includes('${{')) return undefined;
    return { ...base, values: literalValues(file, v, setup.language), anchor: v.range, matrix: false };
  }
  const axis = job.matrix.find((a) => a.key === expr[2]);
  const values: CiValue[] = [];
  for (const v of axis?.values ?? []) if (!v.text.includes('${{')) values.push(...literalValues(file, v, setup.language).map((x) => ({ ...x, literal: false })));
  for (const inc of job.matrixInclude) {
    const v = inc.get(expr[2])?.value;
    if (v && !v.text.includes('${{')) values.push(...literalValues(file, v, setup.language).map((x) => ({ ...x, literal: false })));
  }
  const axisRange = axis && isScalar(axis.node) ? values[0]?.range : axis ? rangeOf(axis.node) : values[0]?.range;
  if (!values.length || !axisRange) return undefined;
  return { ...base, values, anchor: axisRange, matrix: true };
}

function rangeOf(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function containerUse(file: YamlSourceFile, job: WfJob): CiVersionUse[] {
  const image = job.container?.image;
  if (!image || image.text.includes('${{')) return [];
  const content = scalarContentRange(file.text, image.node);
  // Offsets inside the image are exact when the scalar is written without escapes.
  const exact = content !== undefined && file.text.slice(content.start, content.end) === image.text;
  return imageVersions(image.text).flatMap((v) => {
    const req = parseRequirement(v.text, v.language);
    if (!req) return [];
    const range = exact ? { start: content!.start + v.start, end: content!.start + v.end } : image.range;
    return [{ language: v.language, file, job, via: `container image ${image.text}`, input: 'container', values: [{ text: v.text, req, range, literal: exact }], anchor: range, matrix: false }];
  });
}

/** Every version CI runs, per workflow file. */
export function ciVersionUses(workspace: Workspace): CiVersionUse[] {
  return workspace.model('versions.ci', () => {
    const out: CiVersionUse[] = [];
    for (const file of workspace.filesOfKind('workflow')) {
      if (file.format !== 'yaml') continue;
      const model = workflowModel(file);
      for (const job of model.jobs) {
        out.push(...containerUse(file, job));
        for (const step of job.steps) {
          const u = use(file, model, job, step);
          if (u && u.values.length) out.push(u);
        }
      }
    }
    return out;
  });
}
