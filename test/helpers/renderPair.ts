// Two folder states over the same root: one edited keystroke by keystroke with incremental
// rules, one read from scratch for each text. Incremental rules must report what the fresh one does.
import * as assert from 'node:assert/strict';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { runRules } from '../../engine/runner';
import type { Rule } from '../../engine/types';
import { applyEdit, prng, randomEdit } from './randomEdits';

/** Extra agreement to assert between the live and the fresh state after each edit. */
export type Agreement = (live: FolderState, fresh: FolderState, label: string) => void;

export class RenderPair {
  readonly live: FolderState;
  readonly ref: FolderState;
  private version = 1;

  constructor(
    readonly root: string,
    private readonly rules: readonly Rule[],
    private readonly agree?: Agreement,
  ) {
    this.live = new FolderState(root, () => undefined);
    this.ref = new FolderState(root, () => undefined);
    this.live.load(DEFAULT_SETTINGS);
    this.ref.load(DEFAULT_SETTINGS);
    runRules(this.live.workspace, rules, this.live.config, { incremental: true });
  }

  get text(): string {
    return this.live.workspace.get('render.yaml')!.text;
  }

  set(text: string, label: string): void {
    this.version++;
    this.live.setOpenText('render.yaml', text, this.version);
    const got = runRules(this.live.workspace, this.rules, this.live.config, { files: new Set(['render.yaml']), incremental: true });
    this.ref.workspace.remove('render.yaml');
    this.ref.setOpenText('render.yaml', text, this.version);
    const want = runRules(this.ref.workspace, this.rules, this.ref.config, { files: new Set(['render.yaml']) });
    this.agree?.(this.live, this.ref, label);
    assert.deepEqual(got.findings, want.findings, label);
  }

  replace(from: string, to: string, label: string): void {
    assert.ok(this.text.includes(from), `${label}: ${from}`);
    this.set(this.text.replace(from, to), label);
  }

  /** Applies each [from, to, label] step in turn. */
  steps(steps: readonly (readonly [string, string, string])[]): void {
    for (const [from, to, label] of steps) this.replace(from, to, label);
  }
}

/** Random edits over four seeds, now and then putting the original text back. */
export function randomEditsAgree(make: () => RenderPair, edits: number): void {
  for (let seed = 1; seed <= 4; seed++) {
    const pair = make();
    const rand = prng(seed);
    const original = pair.text;
    for (let k = 0; k < edits; k++) {
      const base = rand() < 0.05 ? original : pair.text;
      pair.set(applyEdit(base, randomEdit(base, rand, seed % 2 === 0)), `seed ${seed}, edit ${k}`);
    }
  }
}
