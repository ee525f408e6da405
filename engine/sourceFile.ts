import { parseDotenv } from './parse/dotenv';
import { parseYaml } from './parse/yaml';
import { LineIndex } from './text/lineIndex';
import { DEFAULT_LIMITS, looksBinary, type Limits } from './limits';
import type { FileKind, SourceFile } from './types';

/** Parses a config file once for its version; every rule shares the result and its models. */
export function createSourceFile(path: string, kind: FileKind, text: string, version = 0, limits: Limits = DEFAULT_LIMITS): SourceFile {
  const lines = new LineIndex(text);
  const cache = new Map<string, unknown>();
  const model = <T>(key: string, build: () => T): T => {
    if (!cache.has(key)) cache.set(key, build());
    return cache.get(key) as T;
  };
  const base = { path, kind, text, version, lines, model };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxFileBytes) {
    return { ...base, format: 'skipped', reason: `The file is ${formatBytes(bytes)}, over the ${formatBytes(limits.maxFileBytes)} limit; it was not analysed.` };
  }
  if (looksBinary(text)) {
    return { ...base, format: 'skipped', reason: 'The file contains NUL bytes (binary content); it was not analysed.' };
  }
  if (kind === 'dotenv') return { ...base, format: 'dotenv', env: parseDotenv(text) };
  const parsed = parseYaml(text);
  return { ...base, format: 'yaml', docs: parsed.docs, lineCounter: parsed.lineCounter, parseErrors: parsed.errors };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
