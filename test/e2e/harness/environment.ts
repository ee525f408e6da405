// Where the editor test environment is: the cache written by scripts/e2e/setup.sh. A missing piece is an
// error naming the command that installs it, never a silent skip.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface EditorEnvironment {
  cache: string;
  /** Node 24 that runs code-server */
  node: string;
  /** code-server's entry script */
  entry: string;
  chromium: string;
  nvim: string;
  playwrightDir: string;
}

export const REPO = path.resolve(__dirname, '..', '..', '..');

export function cacheDir(): string {
  return process.env.READINESS_E2E_CACHE || path.join(os.homedir(), '.cache', 'readiness-e2e');
}

/** Reads CACHE/env.sh (lines `export NAME="value"`) and checks that every path it names exists. */
export function editorEnvironment(): EditorEnvironment {
  const file = path.join(cacheDir(), 'env.sh');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run scripts/e2e/setup.sh first`);
  const vars = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)="?([^"]*)"?$/.exec(line.trim());
    if (m) vars.set(m[1], m[2]);
  }
  const get = (name: string): string => {
    const value = vars.get(name);
    if (!value) throw new Error(`${file} does not set ${name}: run scripts/e2e/setup.sh again`);
    if (!fs.existsSync(value)) throw new Error(`${name}=${value} does not exist: run scripts/e2e/setup.sh again`);
    return value;
  };
  return { cache: get('CS_CACHE'), node: get('CS_NODE'), entry: get('CS_ENTRY'), chromium: get('CHROMIUM'), nvim: get('NVIM'), playwrightDir: get('PLAYWRIGHT_DIR') };
}

/** A private copy of examples/<name> in a temp dir: scenarios apply fixes and type into files. */
export function copyExample(name: string, label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `readiness-${label}-`));
  const target = path.join(dir, name);
  fs.cpSync(path.join(REPO, 'examples', name), target, { recursive: true });
  return target;
}

export function vsixPath(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(REPO, `readiness-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run npm run package first`);
  return vsix;
}

/** Polls a condition (file contents on disk, a log line) until it holds; the message says what never happened. */
export async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
