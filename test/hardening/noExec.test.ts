// Readiness never runs workspace code or workspace tools. The only process it starts is `git`
// (engine/git.ts: fixed arguments, no shell, a timeout, fsmonitor off), and it works without git.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { readGitInfo, readGitInfoAsync } from '../../engine/git';
import { tmpDir, writeWorkspace } from '../helpers/workspace';
import { skipBecause } from '../helpers/skip';

const ROOT = path.join(__dirname, '..', '..');
const SHIPPED = ['engine', 'rules', 'server', 'cli', 'client'];
const PROCESS_MODULES = /^(node:)?(child_process|worker_threads|vm|cluster)$/;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return /\.ts$/.test(e.name) ? [rel] : [];
  });
}

/** Runs `fn` with PATH set to `dirs` only. */
function withPath<T>(dirs: string[], fn: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = dirs.join(path.delimiter);
  try {
    return fn();
  } finally {
    process.env.PATH = saved;
  }
}

/** A folder holding an executable `git` script with the given body. */
function fakeGit(body: string): string {
  const dir = tmpDir('readiness-fakegit-');
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

function hasGit(): boolean {
  return spawnSync('git', ['--version']).status === 0;
}

describe('hardening: no execution', function () {
  this.timeout(60000);

  it('no shipped source starts a process, evaluates code or loads a worker, except engine/git.ts', () => {
    const offenders: string[] = [];
    for (const file of SHIPPED.flatMap(sources)) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const hit = /['"](node:)?(child_process|worker_threads|vm|cluster)['"]|\beval\s*\(|new\s+Function\s*\(|process\.binding\s*\(|\bexecSync\b|\bspawnSync\b|\bexecFileSync\b|\bfork\s*\(/.test(line);
        if (hit && file !== 'engine/git.ts') offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
      // vscode-languageserver's Files helpers run npm/yarn to find global folders: never used.
      if (file.startsWith('server/') && /\bFiles\s*\./.test(text)) offenders.push(`${file}: uses vscode-languageserver Files helpers`);
    }
    assert.deepEqual(offenders, []);
    assert.match(fs.readFileSync(path.join(ROOT, 'engine/git.ts'), 'utf8'), /execFileSync\('git', \['-c', 'core\.fsmonitor=false'/);
  });

  it('in the bundles, only engine/git.ts and the editor client reach child_process', async () => {
    const reach: Record<string, string[]> = {};
    for (const [entry, external] of [['server/main.ts', []], ['cli/main.ts', []], ['client/extension.ts', ['vscode']]] as const) {
      const r = await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, metafile: true, outfile: 'out.js', external: [...external], logLevel: 'silent', absWorkingDir: ROOT, mainFields: ['module', 'main'] });
      reach[entry] = Object.entries(r.metafile.inputs).filter(([, v]) => v.imports.some((i) => PROCESS_MODULES.test(i.path))).map(([k]) => k).sort();
    }
    assert.deepEqual(reach, {
      'server/main.ts': ['engine/git.ts', 'node_modules/vscode-languageserver/lib/node/files.js'],
      'cli/main.ts': ['engine/git.ts'],
      // The extension starts Readiness's own bundled server (dist/server.js), nothing else.
      'client/extension.ts': ['node_modules/vscode-languageclient/lib/node/main.js', 'node_modules/vscode-languageclient/lib/node/processes.js'],
    });

    // The built dist/ agrees: one child_process import per module above, and nothing else.
    const count = (file: string) => (fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8').match(/require\("(node:)?(child_process|worker_threads|vm|cluster)"\)/g) ?? []).length;
    assert.equal(count('server.js'), 2);
    assert.equal(count('cli.js'), 1);
    assert.equal(count('extension.js'), 2);
  });

  it('runs git with fixed arguments and no shell, even from a folder whose name is a shell command', () => {
    const git = fakeGit('printf "%s\\n" "$@" > "$READINESS_ARGS"; printf "a.env\\0"');
    const root = path.join(tmpDir(), 'repo;touch pwned;$(touch pwned2)');
    fs.mkdirSync(root);
    fs.mkdirSync(path.join(root, '.git'));
    const argsFile = path.join(tmpDir(), 'args');
    process.env.READINESS_ARGS = argsFile;
    try {
      const info = withPath([git, '/usr/bin', '/bin'], () => readGitInfo(root));
      assert.ok(info?.isTracked('a.env'));
    } finally {
      delete process.env.READINESS_ARGS;
    }
    assert.deepEqual(fs.readFileSync(argsFile, 'utf8').trim().split('\n'), ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', '--cached']);
    assert.deepEqual(fs.readdirSync(path.dirname(root)).sort(), ['repo;touch pwned;$(touch pwned2)']);
  });

  it('gives up on a git that hangs, and treats the folder as not a repository', () => {
    const git = fakeGit('exec sleep 30');
    const root = tmpDir();
    fs.mkdirSync(path.join(root, '.git'));
    const info = withPath([git, '/usr/bin', '/bin'], () => readGitInfo(root, 300));
    assert.equal(info, undefined);
  });

  it('starts git only where it could find a repository: a .git folder or file here or above', async () => {
    const git = fakeGit('touch "$READINESS_RAN"; printf "a.env\\0"');
    const ran = path.join(tmpDir(), 'ran');
    process.env.READINESS_RAN = ran;
    try {
      const plain = tmpDir();
      assert.equal(withPath([git, '/usr/bin', '/bin'], () => readGitInfo(plain)), undefined);
      assert.equal(await withPath([git, '/usr/bin', '/bin'], () => readGitInfoAsync(plain)), undefined);
      assert.equal(fs.existsSync(ran), false, 'no git process for a folder outside any repository');
      // A worktree or submodule has a .git file; the repository may be any folder above.
      const worktree = tmpDir();
      fs.writeFileSync(path.join(worktree, '.git'), 'gitdir: /elsewhere\n');
      fs.mkdirSync(path.join(worktree, 'services', 'api'), { recursive: true });
      assert.ok(withPath([git, '/usr/bin', '/bin'], () => readGitInfo(path.join(worktree, 'services', 'api')))?.isTracked('a.env'));
      assert.equal(fs.existsSync(ran), true);
    } finally {
      delete process.env.READINESS_RAN;
    }
  });

  it('never lets a repository run its fsmonitor hook', function () {
    if (!hasGit()) skipBecause(this, 'git is not installed');
    const dir = writeWorkspace({ '.env': 'A=1\n', 'app.txt': 'x\n' });
    const marker = path.join(tmpDir(), 'fsmonitor-ran');
    const hook = path.join(dir, 'hook.sh');
    fs.writeFileSync(hook, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`, { mode: 0o755 });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.env', 'app.txt');
    git('config', 'core.fsmonitor', hook);
    // Control: a plain `git ls-files` in this repository does run the hook.
    git('ls-files', '--cached');
    assert.equal(fs.existsSync(marker), true, 'git runs the configured fsmonitor hook');
    fs.rmSync(marker);
    const info = readGitInfo(dir);
    assert.ok(info?.isTracked('.env'));
    assert.equal(fs.existsSync(marker), false, 'the hook never ran');
  });

  it('works without git on PATH: the CLI audits and committed-env-file falls back to .gitignore', () => {
    const dir = writeWorkspace({ '.env': 'LOG_LEVEL=info\n', '.gitignore': 'node_modules/\n' });
    fs.mkdirSync(path.join(dir, '.git'));
    const bin = tmpDir('readiness-nogit-');
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    assert.equal(withPath([bin], () => readGitInfo(dir)), undefined);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'audit', dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', env: { ...process.env, PATH: bin } });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.file]), [['committed-env-file', '.env']]);
  });
});
