import { execFileSync } from 'node:child_process';
import type { GitInfo } from './types';

/**
 * The only process Readiness ever starts: `git ls-files`, with fixed arguments, no shell and a
 * timeout. `core.fsmonitor` is forced off because a hostile repository could otherwise make git
 * run a program of its choosing.
 */
export function readGitInfo(root: string, timeoutMs = 5000): GitInfo | undefined {
  try {
    const out = execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', '--cached'], {
      cwd: root,
      timeout: timeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    });
    const tracked = new Set(out.split('\0').filter(Boolean));
    return { isTracked: (path) => tracked.has(path) };
  } catch {
    return undefined;
  }
}
