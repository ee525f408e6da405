// What the per-service rule runs keep between versions (engine/shardCache.ts) must not hold on to
// earlier versions: each version's services are matched against the one before, and a reference
// from a version to the last one once kept every version of an editing session alive.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { serviceShards } from '../../engine/shards';
import { renderEdits, renderFile } from '../../bench/editScript';
import { TextDocument } from 'vscode-languageserver-textdocument';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A weak reference to the services of the file's current version (made here: a suspended async function keeps its locals). */
function shardsRef(folder: FolderState): WeakRef<object> {
  const file = folder.workspace.get('render.yaml');
  assert.ok(file?.format === 'yaml');
  const shards = serviceShards(file);
  assert.ok(shards);
  return new WeakRef(shards);
}

describe('per-service rule runs and earlier versions', function () {
  this.timeout(120_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-shard-retention-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), renderFile(40));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps no services of a version ten edits back', async () => {
    const folder = new FolderState(root, () => undefined);
    folder.load(DEFAULT_SETTINGS);
    folder.check(undefined);
    const script = renderEdits(fs.readFileSync(path.join(root, 'render.yaml'), 'utf8'), 30);
    let doc = TextDocument.create('file:///r', 'yaml', 1, script.text);
    let early: WeakRef<object> | undefined;
    for (const [k, change] of script.changes.entries()) {
      doc = TextDocument.update(doc, [change], doc.version + 1);
      folder.setOpenText('render.yaml', doc.getText(), doc.version);
      folder.check(new Set(['render.yaml']));
      if (k === 5) early = shardsRef(folder);
    }
    // Collected once nothing refers to it (finalisation may wait for a turn of the event loop).
    for (let i = 0; i < 5 && early!.deref(); i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    assert.equal(early!.deref(), undefined);
  });
});
