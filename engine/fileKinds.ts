import picomatch from 'picomatch';
import type { FileKind } from './types';

/** Default globs per kind; users extend them with `files` in `.readiness.json` or settings. */
export const DEFAULT_KIND_GLOBS: Record<FileKind, string[]> = {
  render: ['**/render.yaml', '**/render.yml'],
  compose: ['**/docker-compose*.yml', '**/docker-compose*.yaml', '**/compose*.yml', '**/compose*.yaml'],
  // Action metadata files (composite actions' run steps) are read with the workflows.
  workflow: ['**/.github/workflows/*.yml', '**/.github/workflows/*.yaml', '**/action.yml', '**/action.yaml'],
  dotenv: ['**/.env', '**/.env.*', '**/*.env'],
};

const KIND_ORDER: FileKind[] = ['workflow', 'render', 'compose', 'dotenv'];

export type KindGlobs = Partial<Record<FileKind, string[]>>;

export interface KindDetector {
  (path: string): FileKind | undefined;
}

/** Builds a detector; extra globs are added to the defaults, never replacing them. */
export function createKindDetector(extra: KindGlobs = {}): KindDetector {
  const matchers = KIND_ORDER.map((kind) => {
    const globs = [...DEFAULT_KIND_GLOBS[kind], ...(extra[kind] ?? [])];
    return { kind, match: picomatch(globs, { dot: true, nocase: true }) };
  });
  return (path: string) => {
    const p = path.replace(/\\/g, '/');
    for (const m of matchers) if (m.match(p)) return m.kind;
    return undefined;
  };
}

export const detectKind: KindDetector = createKindDetector();

const SHELL_LINE = /^\s*(if|then|elif|else|fi|for|while|until|do|done|case|esac|function|echo|exit|source)\b|^\s*\[\[|^#!/m;

/**
 * Content check after the path check: `*.env` and `.envrc` are often shell scripts, which a
 * dotenv reading would flood with false problems.
 */
export function refineKind(path: string, kind: FileKind | undefined, text: string): FileKind | undefined {
  if (kind !== 'dotenv') return kind;
  if (/(^|\/)\.envrc$/.test(path)) return undefined;
  return SHELL_LINE.test(text) ? undefined : kind;
}

/** dotenv files that document variables rather than hold real values (committed on purpose). */
export function isEnvTemplate(path: string): boolean {
  const base = path.split('/').pop()!.toLowerCase();
  return /(^|[.\-_])(example|sample|template|dist|defaults?|schema)([.\-_]|$)/.test(base.replace(/^\.env/, ''));
}
