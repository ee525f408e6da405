import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectKind, refineKind } from '../engine/fileKinds';
import type { FileKind } from '../engine/types';

export interface Seed {
  /** Where it came from, for crash reports. */
  origin: string;
  /** Path inside the audited workspace (decides the kind). */
  path: string;
  kind: FileKind;
  text: string;
}

export const CORPUS_DIR = path.resolve(__dirname, '..', '..', 'shared', 'corpus');
const FIXTURES_DIR = path.resolve(__dirname, '..', 'test', 'fixtures');
const MAX_SEED_BYTES = 256 * 1024;

function walk(root: string, rel = '', out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git' && e.name !== '__fixed__') walk(root, r, out);
    } else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Every config file of the shared corpus and the fixtures, in a fixed order (reproducible runs). */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const [root, label] of [[CORPUS_DIR, 'corpus'], [FIXTURES_DIR, 'fixtures']] as const) {
    for (const rel of walk(root)) {
      const inner = label === 'corpus' ? rel.split('/').slice(1).join('/') : rel.split('/').slice(2).join('/');
      if (!inner) continue;
      const kind = detectKind(inner);
      if (!kind) continue;
      const abs = path.join(root, rel);
      if (fs.statSync(abs).size > MAX_SEED_BYTES) continue;
      const text = fs.readFileSync(abs, 'utf8');
      const refined = refineKind(inner, kind, text);
      if (refined) seeds.push({ origin: `${label}/${rel}`, path: inner, kind: refined, text });
    }
  }
  return seeds;
}
