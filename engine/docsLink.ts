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

/** Links by rule id: a report links every finding, and making a file URL is not cheap. */
const urls = new Map<string, string>();

export function docsUrl(ruleId: string): string {
  let url = urls.get(ruleId);
  if (url === undefined) {
    const dir = findDocsDir();
    url = dir ? pathToFileURL(path.join(dir, `${ruleId}.md`)).href : `docs/rules/${ruleId}.md`;
    // Rule ids come from the catalogue and from ids in suppression comments; the bound is for the latter.
    if (urls.size < 1000) urls.set(ruleId, url);
  }
  return url;
}
