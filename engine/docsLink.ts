import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let docsDir: string | undefined | null = null;

/** The rule docs ship with the package (docs/rules); links point at them so they work offline. */
export function findDocsDir(): string | undefined {
  if (docsDir !== null) return docsDir;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return (docsDir = candidate);
    dir = path.dirname(dir);
  }
  return (docsDir = undefined);
}

export function docsUrl(ruleId: string): string {
  const dir = findDocsDir();
  return dir ? pathToFileURL(path.join(dir, `${ruleId}.md`)).href : `docs/rules/${ruleId}.md`;
}
