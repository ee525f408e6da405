// Readiness in another LSP client: Debian's neovim, headless, with the built-in LSP client and the minimal
// init.lua of the README, starts `readiness-language-server --stdio` and shows the server's diagnostics.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyExample, REPO } from '../e2e/harness/environment';

/** $NVIM, else nvim on PATH; missing is an error (scripts/e2e/setup.sh installs Debian's neovim). */
function findNvim(): string {
  const candidates = [process.env.NVIM, ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'nvim'))];
  const found = candidates.find((c): c is string => !!c && fs.existsSync(c));
  if (!found) throw new Error('neovim not found: apt-get install neovim (scripts/e2e/setup.sh installs it), or set NVIM');
  return found;
}

interface NvimDiagnostic { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; code?: string; source?: string; message: string }

describe('neovim: built-in LSP client', () => {
  let workspace: string;
  let bin: string;
  before(() => {
    const server = path.join(REPO, 'dist', 'server.js');
    if (!fs.existsSync(server)) throw new Error(`${server} not found: run npm run build first`);
    workspace = copyExample('shop', 'nvim');
    // What `npm install -g` does with the package's bin entry: a link named readiness-language-server.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bin-'));
    const { bin: bins } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    fs.symlinkSync(path.join(REPO, bins['readiness-language-server']), path.join(bin, 'readiness-language-server'));
  });
  after(() => {
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('shows the hardcoded-secret error of docker-compose.yml at line 22, column 23', async () => {
    const nvim = findNvim();
    const out = path.join(path.dirname(workspace), 'diagnostics.json');
    const args = ['--headless', '-n', '-i', 'NONE', '-u', path.join(__dirname, 'init.lua'), 'docker-compose.yml', '-c', `luafile ${path.join(__dirname, 'dump-diagnostics.lua')}`];
    const proc = spawn(nvim, args, {
      cwd: workspace,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, READINESS_NVIM_OUT: out, READINESS_NVIM_WANT_CODE: 'hardcoded-secret', XDG_STATE_HOME: path.dirname(workspace), XDG_DATA_HOME: path.dirname(workspace) },
    });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    assert.equal(code, 0, `nvim exited with ${code}: ${stderr}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { found: boolean; clients: string[]; diagnostics: NvimDiagnostic[] };
    assert.deepEqual(result.clients, ['readiness']);
    assert.ok(result.found, `no hardcoded-secret diagnostic within 60 s: ${JSON.stringify(result.diagnostics)}`);
    const secret = result.diagnostics.filter((d) => d.code === 'hardcoded-secret');
    // neovim counts lines and columns from 0.
    assert.deepEqual(secret, [{
      lnum: 21, col: 22, end_lnum: 21, end_col: 30, severity: 1, code: 'hardcoded-secret', source: 'readiness',
      message: 'ADMIN_PASSWORD holds a literal secret in plain text (adm***), and it is weak (a common password). Use ${ADMIN_PASSWORD} and set it outside git.',
    }]);
    // Every diagnostic of the file came through, each from the readiness source: the weak JWT_SECRET default too.
    assert.ok(result.diagnostics.every((d) => d.source === 'readiness'), JSON.stringify(result.diagnostics));
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'weak-secret').map((d) => [d.lnum, d.col]), [[22, 32]]);
  });
});
