import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noteSourceChanged } from '../../engine/code/index';
import { DiskFs, MemoryWorkspace } from '../../engine/workspace';
import { writeWorkspace } from '../helpers/workspace';

// DiskFs answers from its cache until it is told of a change: these tests change files on disk
// behind its back to see which answers are cached, and which notice drops them.
describe('DiskFs read cache', () => {
  it('caches stat results: existence and kind stay as first seen until a change notice', () => {
    const dir = writeWorkspace({ 'a.txt': 'a', 'sub/b.txt': 'b' });
    const disk = new DiskFs(dir, ['a.txt', 'sub/b.txt']);
    assert.equal(disk.exists('a.txt'), true);
    assert.equal(disk.exists('c.txt'), false);
    assert.equal(disk.isDirectory('sub'), true);
    assert.equal(disk.isDirectory('a.txt'), false);

    fs.unlinkSync(path.join(dir, 'a.txt'));
    fs.writeFileSync(path.join(dir, 'c.txt'), 'c');
    fs.rmSync(path.join(dir, 'sub'), { recursive: true });
    assert.equal(disk.exists('a.txt'), true, 'a deletion is not seen without a notice');
    assert.equal(disk.exists('./c.txt'), false, 'a creation is not seen without a notice (same key with ./)');
    assert.equal(disk.isDirectory('sub'), true);

    disk.forget('a.txt');
    assert.equal(disk.exists('a.txt'), false, 'a notice for the path drops its stat');
    assert.equal(disk.exists('c.txt'), false, 'other paths keep theirs');
    disk.forget();
    assert.equal(disk.exists('c.txt'), true, 'a notice for everything drops all stats');
    assert.equal(disk.isDirectory('sub'), false);
  });

  it('keeps a text from its second read and drops it on a change notice for the path', () => {
    const dir = writeWorkspace({ 'app.js': 'v1' });
    const disk = new DiskFs(dir, ['app.js']);
    const write = (text: string) => fs.writeFileSync(path.join(dir, 'app.js'), text);
    assert.equal(disk.readText('app.js'), 'v1');
    write('v2');
    assert.equal(disk.readText('app.js'), 'v2', 'a first read is not kept (the one-pass index keeps no copies)');
    write('v3');
    assert.equal(disk.readText('app.js'), 'v2', 'the second read is kept');
    noteSourceChanged(disk, 'app.js');
    assert.equal(disk.readText('app.js'), 'v3', 'a change notice drops the kept text');
    disk.overlay.set('app.js', 'buffer');
    assert.equal(disk.readText('app.js'), 'buffer', 'an open buffer wins over the cache');
    assert.equal(disk.readText('../outside.txt'), undefined, 'nothing outside the root is read');
  });

  it('keeps at most 4 M characters of text; files beyond that are read from disk each time', () => {
    const chars = 900_000; // under maxSourceBytes (1 MB): each file is readable
    const names = ['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt'];
    const dir = writeWorkspace(Object.fromEntries(names.map((n, i) => [n, String(i).repeat(chars)])));
    const disk = new DiskFs(dir, names);
    for (const n of names) disk.readText(n);
    for (const n of names) assert.equal(disk.readText(n)?.length, chars);
    for (const n of names) fs.writeFileSync(path.join(dir, n), 'x'.repeat(chars));
    // 4 × 900,000 = 3.6 M characters fit; the fifth file would exceed 4 M.
    assert.deepEqual(names.map((n) => disk.readText(n)![0]), ['0', '1', '2', '3', 'x']);
    disk.forget('f0.txt');
    assert.equal(disk.readText('f0.txt')![0], 'x', 'f0 is read again after its notice');
    fs.writeFileSync(path.join(dir, 'f4.txt'), 'y'.repeat(chars));
    assert.equal(disk.readText('f4.txt')![0], 'y', 'f4 was never kept: read from disk, and kept now that f0 left room');
    fs.writeFileSync(path.join(dir, 'f4.txt'), 'z'.repeat(chars));
    assert.equal(disk.readText('f4.txt')![0], 'y');
  });

  it('answers a config file the workspace read from disk from its parsed text, until a notice', () => {
    const dir = writeWorkspace({ 'docker-compose.yml': 'services: {}\n', '.env': 'A=1\n' });
    const disk = new DiskFs(dir, ['docker-compose.yml', '.env']);
    const ws = new MemoryWorkspace(dir, disk, undefined);
    ws.setText('docker-compose.yml', 'compose', 'services: {}\n');
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services: {web: {}}\n');
    assert.equal(disk.readText('docker-compose.yml'), 'services: {}\n', 'not read again from disk');
    noteSourceChanged(disk, 'docker-compose.yml');
    assert.equal(disk.readText('docker-compose.yml'), 'services: {web: {}}\n');

    // An editor buffer's text is not the disk's: it is never taken for it.
    disk.overlay.set('.env', 'A=2\n');
    ws.setText('.env', 'dotenv', 'A=2\n');
    disk.overlay.delete('.env');
    assert.equal(disk.readText('.env'), 'A=1\n');

    ws.setText('docker-compose.yml', 'compose', 'services: {db: {}}\n');
    ws.remove('docker-compose.yml');
    assert.equal(disk.readText('docker-compose.yml'), 'services: {web: {}}\n', 'a removed file is read from disk');
  });
});
