// The language server's workspace audit works in slices (engine/slicer.ts): listing, reading,
// indexing and checking each serve the event loop between slices and stop at the first check
// after a cancellation arrives. Here a cancellation "arrives" the way a request does, from an
// event-loop callback, and every slice is as short as possible (one unit of work), so how far
// each phase went after the arrival is exact.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../engine/config';
import { indexSourcesAsync, sourceIndex } from '../../engine/code/index';
import { loadWorkspace, loadWorkspaceAsync, scanFiles, scanFilesAsync } from '../../engine/load';
import { runRules } from '../../engine/runner';
import { runRulesAsync } from '../../engine/runnerAsync';
import { Slicer } from '../../engine/slicer';
import { readGitInfo, readGitInfoAsync } from '../../engine/git';
import { RULES } from '../../rules';
import { generateWorkspace } from '../helpers/generateWorkspace';
import { tmpDir } from '../helpers/workspace';
import type { FileRule, WorkspaceRule } from '../../engine/types';

/** A cancellation flag set by the event loop, as `$/cancelRequest` sets a request's token. */
class Arrival {
  cancelled = false;
  /** `slicer.slices` when the cancellation was set. */
  slices = -1;
  constructor(readonly slicer = new Slicer(() => this.cancelled, 0)) {}
  /** Schedules the arrival: it takes effect once the current slice ends. */
  send(): void {
    setImmediate(() => {
      if (this.cancelled) return;
      this.cancelled = true;
      this.slices = this.slicer.slices;
    });
  }
}

function composeTree(count: number): string {
  const dir = tmpDir('readiness-sliced-');
  for (let i = 0; i < count; i++) {
    fs.mkdirSync(path.join(dir, `svc${String(i).padStart(3, '0')}`));
    fs.writeFileSync(path.join(dir, `svc${String(i).padStart(3, '0')}`, 'docker-compose.yml'), `services:\n  api${i}:\n    image: shop/api:1.4.2\n    environment:\n      ADMIN_PASSWORD: admin123\n`);
  }
  return dir;
}

describe('sliced, cancellable audit phases', function () {
  this.timeout(60000);
  let tree: string;
  before(() => {
    tree = composeTree(60);
    generateWorkspace(tree, 200);
  });

  it('list and load the same files as the synchronous load, slice by slice', async () => {
    const slicer = new Slicer(() => false, 0);
    const scanned = await scanFilesAsync(tree, {}, slicer);
    assert.equal(scanned.cancelled, false);
    assert.deepEqual(scanned.files, scanFiles(tree).files);
    const before = slicer.slices;
    const loaded = await loadWorkspaceAsync(tree, defaultConfig(), { git: null, slicer });
    const sync = loadWorkspace(tree, defaultConfig(), { git: null });
    assert.equal(loaded.cancelled, false);
    assert.equal(loaded.fileCount, sync.fileCount);
    assert.deepEqual(loaded.workspace.files().map((f) => [f.path, f.kind]), sync.workspace.files().map((f) => [f.path, f.kind]));
    assert.ok(slicer.slices - before > 60, `the event loop was served between files (${slicer.slices - before} slices)`);
  });

  it('stop listing folders at the first check after a cancellation arrives', async () => {
    const arrival = new Arrival();
    const found: number[] = [];
    const scanned = await scanFilesAsync(tree, {}, arrival.slicer, (n) => {
      found.push(n);
      if (found.length === 10) arrival.send();
    });
    assert.equal(scanned.cancelled, true);
    assert.equal(arrival.slicer.slices, arrival.slices, 'not one more slice after the arrival');
    assert.equal(found.length, 10, 'not one more folder listed');
  });

  it('stop reading config files at the first check after a cancellation arrives', async () => {
    const arrival = new Arrival();
    const read: string[] = [];
    const loaded = await loadWorkspaceAsync(tree, defaultConfig(), {
      git: null,
      slicer: arrival.slicer,
      onFile: (done, total, file) => {
        read.push(file);
        if (done === 20) arrival.send();
      },
    });
    assert.equal(loaded.cancelled, true);
    assert.equal(arrival.slicer.slices, arrival.slices, 'not one more slice after the arrival');
    assert.equal(read.length, 21, 'no file read after the one during which the cancellation arrived');
    assert.equal(loaded.workspace.files().length, 21);
  });

  it('stop waiting for git as soon as a cancellation arrives', async () => {
    const arrival: Arrival = new Arrival(new Slicer(() => arrival.cancelled, 5));
    arrival.send();
    assert.equal(await arrival.slicer.race(new Promise<never>(() => undefined)), undefined);
    assert.deepEqual(await new Slicer().race(Promise.resolve(42)), { value: 42 });
  });

  it('run the same git as the synchronous load, without blocking, and stop it on request', async function () {
    const bin = tmpDir('readiness-fakegit-');
    const argsFile = path.join(tmpDir(), 'args');
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nprintf "%s\\n" "$@" >> ${JSON.stringify(argsFile)}\nprintf "a.env\\0b/c.yml\\0"\n`, { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = [bin, '/usr/bin', '/bin'].join(path.delimiter);
    // git is started only where a repository may be.
    fs.mkdirSync(path.join(tree, '.git'), { recursive: true });
    try {
      const info = await readGitInfoAsync(tree);
      assert.ok(info?.isTracked('b/c.yml') && !info.isTracked('c.yml'));
      const sync = readGitInfo(tree);
      assert.ok(sync?.isTracked('a.env'));
      const [asyncArgs, syncArgs] = [fs.readFileSync(argsFile, 'utf8').trim().split('\n').slice(0, 7), fs.readFileSync(argsFile, 'utf8').trim().split('\n').slice(7)];
      assert.deepEqual(asyncArgs, ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', '--cached']);
      assert.deepEqual(syncArgs, asyncArgs);
      fs.writeFileSync(path.join(bin, 'git'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
      const stop = new AbortController();
      const hanging = readGitInfoAsync(tree, 60000, stop.signal);
      stop.abort();
      assert.equal(await hanging, undefined, 'stopped, the folder is treated as not a repository');
    } finally {
      process.env.PATH = saved;
      fs.rmSync(path.join(tree, '.git'), { recursive: true, force: true });
    }
  });

  it('stop indexing source files at the first check after a cancellation arrives; the rest is indexed on demand', async () => {
    const loaded = loadWorkspace(tree, defaultConfig(), { git: null });
    const arrival = new Arrival();
    const progress: number[] = [];
    const done = await indexSourcesAsync(loaded.workspace, (n) => {
      progress.push(n);
      if (n === 50) arrival.send();
    }, arrival.slicer);
    assert.equal(done, false);
    assert.equal(arrival.slicer.slices, arrival.slices, 'not one more slice after the arrival');
    assert.equal(progress[progress.length - 1], 50, 'no file indexed after the arrival');
    assert.equal(sourceIndex(loaded.workspace)!.files().filter((f) => /\/mod\d+\./.test(f.path)).length, 200);
  });

  it('stop checking at the first check after a cancellation arrives, between file slices and between cross-file rules', async () => {
    const loaded = loadWorkspace(tree, defaultConfig(), { git: null });
    await indexSourcesAsync(loaded.workspace);
    const all = await runRulesAsync(loaded.workspace, RULES, defaultConfig(), { slicer: new Slicer(() => false, 0), ruleBudgetMs: Infinity });
    assert.deepEqual(all.findings, runRules(loaded.workspace, RULES, defaultConfig(), { ruleBudgetMs: Infinity }).findings, 'the same findings as one synchronous run');

    const files = new Arrival();
    const checked: number[] = [];
    const partial = await runRulesAsync(loaded.workspace, RULES, defaultConfig(), { slicer: files.slicer, onProgress: (n) => {
      checked.push(n);
      if (checked.length === 3) files.send();
    } });
    assert.equal(partial.cancelled, true);
    assert.equal(files.slicer.slices, files.slices, 'not one more slice after the arrival');
    assert.equal(checked.length, 3, 'no file checked after the arrival');

    const cross = new Arrival();
    const ran: string[] = [];
    const crossRule = (id: string, arrive: boolean): WorkspaceRule => ({
      id,
      meta: { scope: 'workspace', category: 'reliability', severity: 'warning', description: id, fixable: false },
      check() {
        ran.push(id);
        if (arrive) cross.send();
      },
    });
    const noop: FileRule = { id: 'noop', meta: { scope: 'file', kinds: ['compose'], category: 'reliability', severity: 'warning', description: 'noop', fixable: false }, check() {} };
    const stopped = await runRulesAsync(loaded.workspace, [noop, crossRule('first', true), crossRule('second', false)], defaultConfig(), { slicer: cross.slicer });
    assert.equal(stopped.cancelled, true);
    assert.deepEqual(ran, ['first'], 'the next cross-file rule did not run');
  });

  it('build the rules\' workspace-wide tables step by step before checking, and stop between steps when a cancellation arrives', async () => {
    const loaded = loadWorkspace(tree, defaultConfig(), { git: null });
    await indexSourcesAsync(loaded.workspace);
    const preparing = RULES.filter((r) => r.prepare).map((r) => r.id);
    assert.deepEqual(preparing, ['env-conflicting-flags', 'render-missing-health-check', 'weak-secret']);

    // Every table is built before the first file is checked, each over many steps.
    const slicer = new Slicer(() => false, 0);
    const order: string[] = [];
    const all = await runRulesAsync(loaded.workspace, RULES, defaultConfig(), { slicer, ruleBudgetMs: Infinity, onProgress: (done, _total, _file, rule) => order.push(rule ?? `checked ${done}`) });
    const steps = (id: string) => order.filter((o) => o === id).length;
    assert.ok(preparing.every((id) => steps(id) > 60), JSON.stringify(preparing.map(steps)));
    assert.deepEqual([...new Set(order)].slice(0, 4), [...preparing, order.find((o) => o.startsWith('checked'))]);
    assert.deepEqual(all.findings, runRules(loadWorkspace(tree, defaultConfig(), { git: null }).workspace, RULES, defaultConfig(), { ruleBudgetMs: Infinity }).findings, 'the same findings as a synchronous run, which builds them in its first checks');

    const fresh = loadWorkspace(tree, defaultConfig(), { git: null });
    const arrival = new Arrival();
    const seen: string[] = [];
    const partial = await runRulesAsync(fresh.workspace, RULES, defaultConfig(), { slicer: arrival.slicer, onProgress: (done, _total, _file, rule) => {
      seen.push(rule ?? `checked ${done}`);
      if (seen.length === 5) arrival.send();
    } });
    assert.equal(partial.cancelled, true);
    assert.equal(arrival.slicer.slices, arrival.slices, 'not one more slice after the arrival');
    assert.deepEqual(seen, Array(5).fill('env-conflicting-flags'), 'no step after the one during which the cancellation arrived');
  });

  it('leave a rule whose preparation throws to its check, which reports as in a synchronous run', async () => {
    const loaded = loadWorkspace(tree, defaultConfig(), { git: null });
    const throwing: FileRule = {
      id: 'throwing-prepare',
      meta: { scope: 'file', kinds: ['compose'], category: 'reliability', severity: 'warning', description: 'throwing-prepare', fixable: false },
      *prepare() {
        yield;
        throw new Error('broken table');
      },
      check(ctx) {
        if (ctx.file.path.startsWith('svc000/')) ctx.report({ range: { start: 0, end: 8 }, message: 'checked' });
      },
    };
    const result = await runRulesAsync(loaded.workspace, [throwing], defaultConfig(), { slicer: new Slicer(() => false, 0) });
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.file, f.message]), [['throwing-prepare', 'svc000/docker-compose.yml', 'checked']]);
  });
});
