import { isSuppressedRead } from '../engine/code/scan';
import { appSources, envContext, environmentOfPath, requiredReads } from '../engine/env/analysis';
import { addToTemplate, type EnvTemplate } from '../engine/env/templates';
import type { WorkspaceRule } from '../engine/types';

const ID = 'env-undocumented';

const rule: WorkspaceRule = {
  id: ID,
  meta: {
    scope: 'workspace',
    category: 'configuration',
    severity: 'warning',
    description: 'A variable the code needs (read without a default) that the env template (.env.example) does not list.',
    fixable: true,
  },
  check(ctx) {
    const env = envContext(ctx.workspace);
    if (!env || !env.templates.size) return;
    // One finding per variable and template, at its first read.
    const reported = new Map<EnvTemplate, { done: Set<string>; upper: Set<string> }>();
    for (const file of appSources(env.index)) {
      // Code only production runs (`config/env/production/`): a development template need not list its variables.
      if (environmentOfPath(file.path) === 'production') continue;
      const template = env.templateOf(file.path);
      if (!template) continue;
      let state = reported.get(template);
      if (!state) reported.set(template, (state = { done: new Set(), upper: new Set([...template.names].map((n) => n.toUpperCase())) }));
      const { done, upper } = state;
      for (const read of requiredReads(file)) {
        const name = read.caseInsensitive ? read.name.toUpperCase() : read.name;
        if (template.names.has(name) || (read.caseInsensitive && upper.has(name)) || done.has(name)) continue;
        if (isSuppressedRead(file.scan!, ID, read.line)) continue;
        done.add(name);
        const edits = addToTemplate(template, name);
        ctx.report({
          file: file.path,
          range: { start: read.start, end: read.end },
          message: `${name} is read without a default but ${template.file.path} does not list it: add ${name}= so whoever sets up the project knows to set it.`,
          related: [{ file: template.file.path, range: { start: 0, end: 0 }, message: `The env template for ${file.path}` }],
          fix: { title: `Add ${name}= to ${template.file.path}`, edits, safe: true },
        });
      }
    }
  },
};

export default rule;
