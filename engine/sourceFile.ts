import { parseDotenv } from './parse/dotenv';
import { parseYaml, type ParsedYaml } from './parse/yaml';
import { reparseYaml, textChange, type TextChange } from './parse/incremental';
import { reparseInRuns } from './parse/runs';
import { LineIndex } from './text/lineIndex';
import { DEFAULT_LIMITS, looksBinary, type Limits } from './limits';
import type { FileKind, SourceFile, YamlSourceFile } from './types';

/**
 * Parses a config file once for its version; every rule shares the result and its models.
 * `previous`, the same file's previous version, lets an edit re-parse only what it touched
 * (parse/incremental); its tree is taken over, so it must not be used afterwards.
 */
export function createSourceFile(path: string, kind: FileKind, text: string, version = 0, limits: Limits = DEFAULT_LIMITS, previous?: SourceFile): SourceFile {
  const change = previous && previous.path === path ? textChange(previous.text, text) : undefined;
  const lines = change ? LineIndex.edited(previous!.lines, text, change) : new LineIndex(text);
  const base = { path, kind, text, version, lines, model: modelStore() };
  // Checked on the UTF-16 length first: it bounds the UTF-8 size from below, so a huge buffer is
  // rejected without encoding it. A file read from disk may arrive cut at the limit (load.ts).
  if (text.length > limits.maxFileBytes || (text.length * 3 > limits.maxFileBytes && Buffer.byteLength(text, 'utf8') > limits.maxFileBytes)) {
    return { ...base, format: 'skipped', reason: `The file is larger than the ${formatBytes(limits.maxFileBytes)} size limit, so it was not analysed; raise "maxFileBytes" in .readiness.json to include it.` };
  }
  if (looksBinary(text)) {
    return { ...base, format: 'skipped', reason: 'The file contains NUL bytes (binary content), so it was not analysed; save it as text if it is configuration.' };
  }
  if (kind === 'dotenv') return { ...base, format: 'dotenv', env: parseDotenv(text) };
  const parsed = (previous?.format === 'yaml' && change && reparse(previous, text, limits, change)) || parseYaml(text, limits);
  if (parsed.tooDeep !== undefined) {
    return { ...base, format: 'skipped', reason: `The file nests collections more than ${limits.maxDepth} levels deep, so it was not analysed; flatten the structure.` };
  }
  return { ...base, format: 'yaml', docs: parsed.docs, lineCounter: parsed.lineCounter, parseErrors: parsed.errors };
}

/**
 * A file version's `model`. Returned from here rather than bound to a name inside
 * `createSourceFile`: under tsx (as the tests run) a named closure costs a property definition
 * each time it is made, once per file.
 */
function modelStore(): SourceFile['model'] {
  const cache = new Map<string, unknown>();
  // Rules ask for models many times per file: one look-up when the model is there.
  return <T>(key: string, build: () => T): T => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) cache.set(key, (value = build()));
    return value as T;
  };
}

function reparse(previous: YamlSourceFile, text: string, limits: Limits, change: TextChange): ParsedYaml | undefined {
  try {
    const prev = { docs: previous.docs, lineCounter: previous.lineCounter, errors: previous.parseErrors };
    const inRuns = reparseInRuns(previous.text, prev, text, change, limits);
    if (inRuns === 'whole') return undefined;
    if (inRuns) return inRuns;
    return reparseYaml(previous.text, prev, text, limits, change);
  } catch {
    // Never worse than a whole parse, which does not use the previous tree.
    return undefined;
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
