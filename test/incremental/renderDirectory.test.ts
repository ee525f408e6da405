// The Render directory takes the entries of unchanged services over by position between
// keystrokes. After every edit (services added first, in the middle and last, removed, renamed,
// random edits), its entries must be those of a directory built from scratch for the same text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { directory } from '../../engine/render/directory';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';

function service(k: number): string {
  return [`  - type: ${k % 3 ? 'web' : 'worker'}`, `    name: svc-${k}`, '    runtime: node', `    region: ${k % 2 ? 'oregon' : 'ohio'}`].join('\n');
}

const TEXT = `services:\n${Array.from({ length: 15 }, (_, k) => service(k)).join('\n')}\ndatabases:\n  - name: db\n`;

describe('incremental Render directory', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-directory-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), TEXT);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function check(live: FolderState, text: string, version: number, label: string): void {
    live.setOpenText('render.yaml', text, version);
    const ref = new FolderState(root, () => undefined);
    ref.load(DEFAULT_SETTINGS);
    ref.setOpenText('render.yaml', text, version);
    assert.deepEqual(directory(live.workspace)?.keys, directory(ref.workspace)?.keys, label);
    assert.deepEqual(directory(live.workspace)?.names, directory(ref.workspace)?.names, label);
  }

  it('lists what a directory built from scratch lists as services are added, removed and renamed', () => {
    const live = new FolderState(root, () => undefined);
    live.load(DEFAULT_SETTINGS);
    directory(live.workspace);
    let text = TEXT;
    let version = 1;
    const steps: [string, string, string][] = [
      ['services:\n', `services:\n${service(40)}\n`, 'a service is added first'],
      [`${service(7)}\n`, `${service(7)}\n${service(41)}\n`, 'one in the middle'],
      ['databases:\n', `${service(42)}\ndatabases:\n`, 'one last'],
      [`${service(3)}\n`, '', 'one is removed'],
      ['    name: svc-9\n', '    name: svc-9b\n', 'one is renamed'],
      [`${service(40)}\n`, '', 'the first is removed'],
    ];
    for (const [from, to, label] of steps) {
      assert.ok(text.includes(from), label);
      text = text.replace(from, to);
      check(live, text, ++version, label);
    }
    const rand = prng(3);
    for (let k = 0; k < 80; k++) {
      text = applyEdit(text, randomEdit(text, rand, k % 2 === 0));
      check(live, text, ++version, `random edit ${k}`);
    }
  });
});
