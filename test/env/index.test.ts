import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../engine/config';
import { loadWorkspace } from '../../engine/load';
import { auditDirectory } from '../../engine/audit';
import { indexSourcesAsync, noteSourceChanged, sourceIndex } from '../../engine/code/index';
import { writeWorkspace } from '../helpers/workspace';

function names(dir: string, file: string, loaded: ReturnType<typeof loadWorkspace>): string[] {
  return sourceIndex(loaded.workspace)!.get(file)?.scan?.reads.map((r) => r.name) ?? [];
}

describe('source index', () => {
  it('re-scans only the file that changed, in an editor buffer or on disk', () => {
    const dir = writeWorkspace({
      'a.js': 'const a = process.env.A;\n',
      'b.py': 'import os\nB = os.environ["B"]\n',
      'Dockerfile': 'FROM node:22\nENV C=1\n',
      'README.md': 'process.env.NOT_CODE\n',
    });
    const loaded = loadWorkspace(dir, defaultConfig(), { git: null });
    const index = sourceIndex(loaded.workspace)!;
    assert.deepEqual(index.files().map((f) => f.path), ['Dockerfile', 'a.js', 'b.py']);
    assert.equal(index.scans, 3);
    assert.deepEqual([...index.get('Dockerfile')!.words], ['FROM', 'ENV']);

    // An edit in an editor buffer (the overlay the server keeps) is read from the buffer.
    loaded.diskFs.overlay.set('a.js', 'const a = process.env.A2;\n');
    noteSourceChanged(loaded.diskFs, 'a.js');
    assert.deepEqual(names(dir, 'a.js', loaded), ['A2']);
    assert.equal(index.scans, 4);

    // A change notice for an unchanged file reads it but does not scan it again.
    noteSourceChanged(loaded.diskFs, 'b.py');
    assert.deepEqual(names(dir, 'b.py', loaded), ['B']);
    assert.equal(index.scans, 4);

    // Created, changed and deleted on disk.
    fs.writeFileSync(path.join(dir, 'c.rb'), 'X = ENV.fetch("C")\n');
    noteSourceChanged(loaded.diskFs, 'c.rb');
    fs.writeFileSync(path.join(dir, 'b.py'), 'import os\nB = os.environ["B3"]\n');
    noteSourceChanged(loaded.diskFs, 'b.py');
    fs.unlinkSync(path.join(dir, 'Dockerfile'));
    noteSourceChanged(loaded.diskFs, 'Dockerfile');
    assert.deepEqual(index.files().map((f) => f.path), ['a.js', 'b.py', 'c.rb']);
    assert.deepEqual(names(dir, 'b.py', loaded), ['B3']);
    assert.equal(index.scans, 6);
  });

  it('keeps an edited mention file\'s entry (and the file list) while its words stay the same', () => {
    const dir = writeWorkspace({
      'a.js': 'const a = process.env.A;\n',
      'render.yaml': 'services:\n  - name: api\n    envVars:\n      - key: DATABASE_URL\n',
    });
    const loaded = loadWorkspace(dir, defaultConfig(), { git: null });
    const index = sourceIndex(loaded.workspace)!;
    const type = (text: string) => {
      loaded.diskFs.overlay.set('render.yaml', text);
      noteSourceChanged(loaded.diskFs, 'render.yaml');
      return index.get('render.yaml')!;
    };
    const first = type('services:\n  - name: apis\n    envVars:\n      - key: DATABASE_URL\n');
    assert.deepEqual([...first.words], ['DATABASE_URL']);
    const list = index.files();
    const same = type('services:\n  - name: apiss\n    envVars:\n      - key: DATABASE_URL\n');
    assert.equal(same, first, 'no word changed: the same entry');
    assert.equal(index.files(), list, 'and the same sorted list');
    const renamed = type('services:\n  - name: apiss\n    envVars:\n      - key: DATABASE_URLS\n');
    assert.notEqual(renamed, first);
    assert.deepEqual([...renamed.words], ['DATABASE_URLS']);
    assert.notEqual(index.files(), list);
  });

  it('scans afresh in each one-off audit of the same folder (only a server keeps scans across loads)', () => {
    const dir = writeWorkspace({ 'a.js': 'const a = process.env.A;\n', 'b.py': 'import os\nB = os.environ["B"]\n' });
    for (let k = 0; k < 2; k++) {
      const result = auditDirectory(dir, { git: null });
      assert.equal(sourceIndex(result.workspace)!.scans, 2, `audit ${k + 1}`);
    }
  });

  it('keeps scan results per folder across reloads, skips large files, and answers nothing while indexing in the background', async () => {
    const dir = writeWorkspace({ 'a.js': 'const a = process.env.A;\n', 'big.js': `const big = process.env.BIG;\n${'x'.repeat(1024 * 1024)}\n` });
    const first = loadWorkspace(dir, defaultConfig(), { git: null });
    const pending = indexSourcesAsync(first.workspace);
    assert.equal(sourceIndex(first.workspace), undefined, 'no answer while the background pass runs');
    assert.equal(await pending, true);
    assert.deepEqual(sourceIndex(first.workspace)!.files().map((f) => f.path), ['a.js'], 'files over maxSourceBytes are left out');

    const reloaded = loadWorkspace(dir, defaultConfig(), { git: null });
    const again = sourceIndex(reloaded.workspace)!;
    assert.deepEqual(again.files().map((f) => f.path), ['a.js']);
    assert.equal(again.scans, 0, 'unchanged files are not scanned again after a reload');
  });
});
