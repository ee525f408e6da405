// Which of a service's paths can be checked against the workspace, and whether a missing one could
// be produced by the build rather than be missing from the repository.
import * as path from 'node:path';
import type { Workspace } from '../types';
import type { Service } from './blueprint';
import { invocation, type SimpleCommand } from './commands';
import type { ServiceCommand } from './serviceCommands';

/** The runtime a service declares (`runtime:` or the deprecated `env:`). */
export function runtimeOf(s: Service): string | undefined {
  return (s.runtime?.value ?? s.env?.value)?.toLowerCase();
}

/** True when the service's code comes from this repository and is built by Render. */
export function buildsFromThisRepo(s: Service): boolean {
  const type = s.type?.value?.toLowerCase();
  if (type === 'keyvalue' || type === 'redis') return false;
  if (s.repo?.value) return false;
  if (runtimeOf(s) === 'image' || s.fields.has('image')) return false;
  return true;
}

/** Native runtimes run buildCommand/startCommand; Docker services run the image's own commands. */
export function runsCommands(s: Service): boolean {
  const rt = runtimeOf(s);
  return buildsFromThisRepo(s) && rt !== 'docker' && rt !== 'image';
}

/** Folder names that builds create and repositories usually do not hold. */
const BUILD_OUTPUTS = new Set(['dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit', 'target', 'bin', 'lib', '_build', 'public', 'static', 'staticfiles', 'www', 'generated', 'node_modules', '.venv', 'venv', 'env', 'vendor', 'tmp', '.build', 'release']);

/** Commands that only read or install declared dependencies: they create no project folders. */
const INERT = new Set(['cd', 'pushd', 'popd', 'echo', 'printf', 'export', 'set', 'true', ':', 'ls', 'pwd', 'env', 'printenv', 'chmod', 'source', '.', 'which', 'corepack', 'cat', 'test', '[']);

function inert(cmd: SimpleCommand): boolean {
  const inv = invocation(cmd);
  if (!inv) return true;
  const p = inv.program;
  const verb = inv.words[1]?.text;
  if (INERT.has(p)) return true;
  if (p === 'pip' || (p === 'python' && inv.words.some((w) => w.text === 'pip'))) return true;
  if ((p === 'npm' || p === 'pnpm' || p === 'yarn' || p === 'bun') && (verb === undefined || ['ci', 'install', 'i'].includes(verb))) return true;
  if ((p === 'bundle' && (verb === 'install' || verb === 'config')) || (p === 'poetry' && verb === 'install') || (p === 'uv' && verb === 'sync')) return true;
  return false;
}

/**
 * Whether a missing path may exist by the time the command runs: it sits in a typical build
 * output folder, it is git-ignored, or an earlier command (this one's line, or the build for a
 * start / pre-deploy command) names it or may have written anything.
 */
export function mayBeGenerated(workspace: Workspace, resolved: string, command: ServiceCommand, cmd: SimpleCommand, build: ServiceCommand | undefined): boolean {
  const segments = resolved.split('/');
  // The first segment that does not exist is the one a build would have to create.
  let missingAt = 0;
  for (let i = 1; i <= segments.length; i++) {
    if (!workspace.fs.exists(segments.slice(0, i).join('/'))) { missingAt = i - 1; break; }
  }
  const missing = segments[missingAt];
  if (workspace.isIgnored(segments.slice(0, missingAt + 1).join('/'))) return true;
  const mentions = (text: string) => new RegExp(`(^|[^A-Za-z0-9_.-])${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`).test(text);
  const earlier = command.cmds.slice(0, command.cmds.indexOf(cmd));
  if (mentions(earlier.map((c) => command.text.slice(c.start, c.end)).join('\n'))) return true;
  const outputFolder = BUILD_OUTPUTS.has(missing.toLowerCase());
  // Something earlier on this line may have written files: trust folders builds usually create.
  if (earlier.some((c) => !inert(c) && !pathOnly(c))) return outputFolder || missingAt > 0;
  if (build && build !== command) {
    if (mentions(build.text)) return true;
    if (build.cmds.some((c) => !inert(c) && !pathOnly(c))) return outputFolder;
  }
  return false;
}

/** `chmod +x x.sh` and other commands whose only job is a path: they never create one. */
function pathOnly(cmd: SimpleCommand): boolean {
  return cmd.words[0]?.text === 'chmod';
}

const CODE_FILE = /(^|\/)(package\.json|requirements[\w.-]*\.txt|pyproject\.toml|Pipfile|Gemfile|go\.mod|Cargo\.toml|mix\.exs|composer\.json|pom\.xml|build\.gradle(\.kts)?|Dockerfile[\w.-]*|[\w.-]+\.(js|mjs|cjs|ts|tsx|py|rb|go|rs|ex|exs|java|kt|php|cs|sh))$/;

/**
 * True when the workspace holds any code or package manifest. A folder of config files alone (a
 * copied blueprint, a partial checkout) says nothing about which paths exist in the repository.
 */
export function hasCode(workspace: Workspace): boolean {
  return workspace.model('render-has-code', () => workspace.fs.listFiles().some((f) => CODE_FILE.test(f)));
}

/** The nearest existing directory that holds `relative` (for "found in app/" hints). */
export function foundUnder(workspace: Workspace, dirs: Iterable<string>, relative: string): string | undefined {
  for (const d of dirs) {
    if (d !== undefined && workspace.fs.exists(path.posix.join(d || '.', relative))) return d;
  }
  return undefined;
}
