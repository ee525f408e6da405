import * as fs from 'node:fs';
import { loadSeeds, type Seed } from './corpus';
import { generate } from './generate';
import { mutate } from './mutate';
import { Rng } from './rng';
import type { FileKind } from '../engine/types';

export interface FuzzInput {
  index: number;
  /** How it was made, for the crash report. */
  origin: string;
  path: string;
  kind: FileKind;
  text: string;
}

let seeds: Seed[] | undefined;

/**
 * The corpus and fixture files, read once. A run's worker processes read the parent's snapshot
 * (READINESS_FUZZ_SEEDS) so fixtures added while a long run goes on cannot shift its inputs.
 */
export function seedFiles(): Seed[] {
  const snapshot = process.env.READINESS_FUZZ_SEEDS;
  return (seeds ??= snapshot ? (JSON.parse(fs.readFileSync(snapshot, 'utf8')) as Seed[]) : loadSeeds());
}

/**
 * Input `index` of the run with `seed`: a mutated corpus file (two thirds), a generated file,
 * or a mutated generated file. It depends only on (seed, index), so any input can be re-made.
 */
export function makeInput(seed: number, index: number): FuzzInput {
  const rng = new Rng(seed, index);
  const pool = seedFiles();
  const roll = rng.next();
  if (roll < 0.67 && pool.length) {
    const base = rng.pick(pool);
    const other = rng.pick(pool);
    // Now and then the text is audited as another kind of file than it was written for.
    const kind: FileKind = rng.chance(0.05) ? rng.pick(['compose', 'render', 'workflow', 'dotenv'] as const) : base.kind;
    const path = kind === base.kind ? base.path : { compose: 'docker-compose.yml', render: 'render.yaml', workflow: '.github/workflows/ci.yml', dotenv: '.env' }[kind];
    return { index, origin: `mutated ${base.origin}`, path, kind, text: mutate(base.text, rng, other.text) };
  }
  const g = generate(rng);
  if (roll < 0.85) return { index, origin: `generated ${g.kind}`, ...g };
  return { index, origin: `generated ${g.kind}, mutated`, ...g, text: mutate(g.text, rng, g.text) };
}
