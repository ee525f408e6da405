import * as path from 'node:path';
import { rootMap, keyRange, mapPairs } from '../engine/yaml/ast';
import type { Range, SourceFile, WorkspaceRule } from '../engine/types';

/** The first key of the file (where a finding about the whole file is shown), or its start. */
function headRange(f: SourceFile): Range {
  if (f.format === 'yaml') {
    const first = mapPairs(rootMap(f))[0];
    const r = first && keyRange(first);
    if (r) return r;
  }
  return { start: 0, end: 0 };
}

const rule: WorkspaceRule = {
  id: 'duplicate-blueprint',
  meta: {
    scope: 'workspace',
    reads: ['render'],
    category: 'configuration',
    severity: 'warning',
    description: 'A second render.yaml next to the root Blueprint: Render reads only the root render.yaml unless a Blueprint is set up with another path.',
    fixable: false,
  },
  check(ctx) {
    const files = ctx.workspace.filesOfKind('render').slice().sort((a, b) => (a.path < b.path ? -1 : 1));
    const atRoot = files.filter((f) => !f.path.includes('/'));
    // Without a root Blueprint, each file must have been set up with its own path on purpose.
    if (!atRoot.length) return;
    const main = atRoot.find((f) => f.path === 'render.yaml') ?? atRoot[0];
    for (const f of files) {
      if (f === main) continue;
      const sameFolder = path.posix.dirname(f.path) === '.';
      ctx.report({
        file: f.path,
        range: headRange(f),
        message: sameFolder
          ? `\`${f.path}\` sits next to \`${main.path}\`: Render reads \`render.yaml\` only, so one of the two is ignored; merge them into one file.`
          : `\`${f.path}\` is a second Blueprint besides \`${main.path}\`: Render reads only the root \`render.yaml\` unless a Blueprint is created with this path; merge it into the root file or make sure a Blueprint points at it.`,
        related: [{ file: main.path, range: headRange(main), message: 'the Blueprint Render reads by default' }],
      });
    }
  },
};

export default rule;
