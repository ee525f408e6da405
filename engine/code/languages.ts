// Which files the code index reads, in which language, and what part they play.
import * as path from 'node:path';

export type Language = 'js' | 'python' | 'ruby' | 'go' | 'rust' | 'elixir';

const BY_EXTENSION: Record<string, Language> = {
  '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'js', '.ts': 'js', '.tsx': 'js', '.mts': 'js', '.cts': 'js',
  '.py': 'python',
  '.rb': 'ruby', '.rake': 'ruby', '.ru': 'ruby',
  '.go': 'go',
  '.rs': 'rust',
  '.ex': 'elixir', '.exs': 'elixir',
};

/** Files the code does not read variables in, but whose mentions of a name count as a use (scripts, Dockerfiles, tool config). */
const MENTION_EXTENSIONS = new Set([
  '.sh', '.bash', '.zsh', '.ps1', '.yml', '.yaml', '.toml', '.ini', '.cfg', '.conf', '.erb', '.prisma', '.properties',
  '.json', '.php', '.java', '.kt', '.scala', '.cs', '.vue', '.svelte', '.astro', '.html', '.tf', '.hcl', '.sql', '.nix',
]);
const MENTION_NAMES = /^(Dockerfile(\..*)?|.*\.dockerfile|Containerfile|Procfile(\..*)?|Makefile|Justfile|Caddyfile|Gemfile|nginx\.conf(\..*)?|app\.json)$/i;
const LOCKFILES = /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Cargo\.lock|Gemfile\.lock|composer\.lock|mix\.lock|uv\.lock|bun\.lockb?)$/;
const MINIFIED = /[.-]min\.[cm]?js$|\.bundle\.js$|\.d\.[cm]?ts$/;

export function languageOf(file: string): Language | undefined {
  const base = path.posix.basename(file);
  if (MINIFIED.test(base)) return undefined;
  return BY_EXTENSION[path.posix.extname(base).toLowerCase()];
}

/** True for non-code files whose text is searched for variable names (see env-unused). */
export function isMentionFile(file: string): boolean {
  const base = path.posix.basename(file);
  if (LOCKFILES.test(base)) return false;
  return MENTION_NAMES.test(base) || MENTION_EXTENSIONS.has(path.posix.extname(base).toLowerCase());
}

const TEST_DIRS = new Set(['test', 'tests', '__tests__', '__test__', 'spec', 'specs', 'e2e', 'cypress', '__mocks__', 'testdata', 'testing', 'fixtures']);
const TEST_FILES = /(\.|_)(test|spec)\.[a-z]+$|^test_.*\.py$|^conftest\.py$|_test\.(go|exs?)$|_spec\.rb$|^(jest|vitest|playwright|cypress|karma)\.config\.[a-z]+$/i;
const TOOLING_DIRS = new Set(['scripts', 'script', 'tools', 'hack', 'examples', 'example', 'docs', '.github', 'benchmarks', 'bench', 'seeds', 'management']);
/** Rake tasks, seed data and one-off commands run by hand, not by the service. */
const TOOLING_FILES = /\.rake$|^seeds?\.[a-z]+$|^(lib\/tasks|db\/seeds)\//;

/**
 * What a source file is for: `app` code runs in the deployed service; `test` code runs in tests;
 * `tooling` (scripts, examples, docs) runs by hand. Only app code must find its variables in the
 * deploy config; all roles count as uses.
 */
export function roleOf(file: string): 'app' | 'test' | 'tooling' {
  const parts = file.split('/');
  const base = parts[parts.length - 1];
  if (TEST_FILES.test(base) || parts.slice(0, -1).some((p) => TEST_DIRS.has(p.toLowerCase()))) return 'test';
  if (parts.slice(0, -1).some((p) => TOOLING_DIRS.has(p.toLowerCase())) || TOOLING_FILES.test(base) || TOOLING_FILES.test(file)) return 'tooling';
  return 'app';
}

/**
 * Code that runs in one environment only (`config/environments/production.rb`,
 * `config/env/production/database.js`, `settings/development.py`).
 */
export function environmentOf(file: string): 'production' | 'development' | undefined {
  for (const part of file.split('/')) {
    const name = part.replace(/\.[a-z]+$/i, '').toLowerCase();
    if (name === 'production' || name === 'prod' || name === 'staging') return 'production';
    if (name === 'development' || name === 'dev' || name === 'local') return 'development';
  }
  return undefined;
}

/** The line-comment marker for suppression comments in a file (`#` for config and hash-comment languages). */
export function lineCommentFor(file: string): string {
  const lang = languageOf(file);
  return lang === 'js' || lang === 'go' || lang === 'rust' ? '//' : '#';
}
