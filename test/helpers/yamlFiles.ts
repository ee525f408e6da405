import * as fs from 'node:fs';
import * as path from 'node:path';

/** ../shared/corpus, beside this repository. */
export const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Every .yml/.yaml file under `dir`, sorted; none when it does not exist. */
export function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
