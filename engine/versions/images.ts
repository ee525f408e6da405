// Python and Node versions named by container images (`python:3.11-slim`, `node:20-alpine`,
// `tiangolo/uvicorn-gunicorn-fastapi:python3.11`, `nikolaik/python-nodejs:python3.12-nodejs20`)
// and the final stage of a Dockerfile, with the offsets of the version text so messages and fixes
// point at it exactly.
import type { Language } from './spec';
import type { Range } from '../types';

export interface ImageVersion {
  language: Language;
  /** The version text (`3.11`, `20.11.1`). */
  text: string;
  /** Offsets of `text` within the image reference. */
  start: number;
  end: number;
}

const PYTHON_REPOS = /^(python|pypy|circleci\/python|cimg\/python|bitnami\/python)$/;
const NODE_REPOS = /^(node|circleci\/node|cimg\/node|bitnami\/node)$/;

/** Versions an image reference names (none for `python:latest`, `node:lts`, digests only). */
export function imageVersions(ref: string): ImageVersion[] {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon <= slash) return [];
  const repo = name.slice(0, colon).toLowerCase().replace(/^(docker\.io\/)?(library\/)?/, '');
  const tag = name.slice(colon + 1);
  const tagStart = colon + 1;
  const out: ImageVersion[] = [];
  const lead = /^v?(\d+(?:\.\d+){0,2})(?=$|[-_])/.exec(tag);
  if (lead && PYTHON_REPOS.test(repo)) out.push({ language: 'python', text: lead[1], start: tagStart + lead[0].length - lead[1].length, end: tagStart + lead[0].length });
  else if (lead && NODE_REPOS.test(repo)) out.push({ language: 'node', text: lead[1], start: tagStart + lead[0].length - lead[1].length, end: tagStart + lead[0].length });
  else {
    // Tags that carry the interpreter inside: `python3.11`, `py3.12`, `nodejs20`, `node18`.
    const py = /(?:^|[-_])(?:python|py)(\d\.\d+)(?=$|[-_.a-z])/i.exec(tag);
    if (py) {
      const s = tagStart + py.index + py[0].length - py[1].length;
      out.push({ language: 'python', text: py[1], start: s, end: s + py[1].length });
    }
    const nd = /(?:^|[-_])node(?:js)?(\d+(?:\.\d+){0,2})(?=$|[-_a-z])/i.exec(tag);
    if (nd) {
      const s = tagStart + nd.index + nd[0].length - nd[1].length;
      out.push({ language: 'node', text: nd[1], start: s, end: s + nd[1].length });
    }
  }
  return out;
}

export interface DockerStage {
  /** The image as written (may hold `${ARG}`). */
  image: string;
  /** Offsets of the image reference in the Dockerfile. */
  imageRange: Range;
  /** The image with ARG defaults substituted, and a map from its indices to file offsets (undefined where substituted). */
  resolved: string;
  offsets: (number | undefined)[];
  alias?: string;
}

/** Offsets of the logical lines of a Dockerfile (continuations joined), comments dropped. */
export function logicalLines(text: string): { text: string; offsets: number[] }[] {
  const out: { text: string; offsets: number[] }[] = [];
  let cur = '';
  let offs: number[] = [];
  let i = 0;
  while (i <= text.length) {
    let j = i;
    while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
    const raw = text.slice(i, j);
    const next = text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
    if (!(cur === '' && /^\s*#/.test(raw))) {
      const cont = /\\\s*$/.exec(raw);
      const body = cont ? raw.slice(0, cont.index) : raw;
      for (let k = 0; k < body.length; k++) {
        cur += body[k];
        offs.push(i + k);
      }
      if (!cont) {
        if (cur.trim()) out.push({ text: cur, offsets: offs });
        cur = '';
        offs = [];
      } else {
        cur += ' ';
        offs.push(i + body.length);
      }
    }
    if (j >= text.length) break;
    i = next;
  }
  if (cur.trim()) out.push({ text: cur, offsets: offs });
  return out;
}

/** The stages of a Dockerfile, in order, with global `ARG` defaults substituted into `FROM`. */
export function dockerStages(text: string): DockerStage[] {
  const args = new Map<string, string>();
  const stages: DockerStage[] = [];
  for (const line of logicalLines(text)) {
    const m = /^(\s*)([A-Za-z]+)(\s+)(.*)$/.exec(line.text);
    if (!m) continue;
    const instr = m[2].toUpperCase();
    const argStart = m[1].length + m[2].length + m[3].length;
    if (instr === 'ARG' && !stages.length) {
      const a = /^([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/.exec(m[4]);
      if (a) args.set(a[1], a[3] ?? a[4] ?? a[5] ?? '');
      continue;
    }
    if (instr !== 'FROM') continue;
    // `FROM [--platform=…] image [AS name]`
    const tokens = [...m[4].matchAll(/\S+/g)];
    const imageTok = tokens.find((t) => !t[0].startsWith('--'));
    if (!imageTok) continue;
    const idx = tokens.indexOf(imageTok);
    const alias = tokens[idx + 1]?.[0].toLowerCase() === 'as' ? tokens[idx + 2]?.[0].toLowerCase() : undefined;
    const startInLine = argStart + (imageTok.index ?? 0);
    const image = imageTok[0];
    let resolved = '';
    const offsets: (number | undefined)[] = [];
    const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
    let last = 0;
    for (const v of image.matchAll(re)) {
      for (let k = last; k < v.index!; k++) {
        resolved += image[k];
        offsets.push(line.offsets[startInLine + k]);
      }
      const value = args.get(v[1] ?? v[3]) ?? v[2] ?? '';
      resolved += value;
      for (let k = 0; k < value.length; k++) offsets.push(undefined);
      last = v.index! + v[0].length;
    }
    for (let k = last; k < image.length; k++) {
      resolved += image[k];
      offsets.push(line.offsets[startInLine + k]);
    }
    stages.push({ image, imageRange: { start: line.offsets[startInLine], end: line.offsets[startInLine + image.length - 1] + 1 }, resolved, offsets, alias });
  }
  return stages;
}

/**
 * The stage whose base image the container runs: the last stage, following `FROM <stage>` back
 * to the stage it names.
 */
export function runningBase(stages: DockerStage[]): DockerStage | undefined {
  let s = stages[stages.length - 1];
  const seen = new Set<DockerStage>();
  while (s && !seen.has(s)) {
    seen.add(s);
    const name = s.resolved.toLowerCase();
    const prev = stages.slice(0, stages.indexOf(s)).reverse().find((p) => p.alias === name);
    if (!prev) return s;
    s = prev;
  }
  return s;
}

/** Python/Node versions of the image the Dockerfile runs, with file ranges (undefined when the version came from an ARG default). */
export function dockerfileVersions(text: string): { language: Language; text: string; range?: Range; stage: DockerStage }[] {
  const stage = runningBase(dockerStages(text));
  if (!stage) return [];
  return imageVersions(stage.resolved).map((v) => {
    const a = stage.offsets[v.start];
    const b = stage.offsets[v.end - 1];
    const contiguous = a !== undefined && b !== undefined && b - a === v.end - 1 - v.start;
    return { language: v.language, text: v.text, range: contiguous ? { start: a, end: b + 1 } : undefined, stage };
  });
}
