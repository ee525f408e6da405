import { blueprint } from '../engine/render/blueprint';
import { removeListItem } from '../engine/render/edits';
import type { FileRule } from '../engine/types';

/** Hosts Render assigns itself (`<service>.onrender.com`); `domains:` is for your own hostnames. */
const ONRENDER = /(^|\.)onrender\.com\.?$/i;

const rule: FileRule = {
  id: 'render-custom-domain-onrender',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'configuration',
    severity: 'warning',
    description: 'A render.yaml `domains:` entry under onrender.com, a host Render assigns itself and that cannot be added as a custom domain.',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    for (const svc of blueprint(file)?.services ?? []) {
      for (const d of svc.domains) {
        const host = d.value?.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
        if (!host || !ONRENDER.test(host)) continue;
        const edit = svc.domainsField && removeListItem(file, svc.domainsField, d.node);
        ctx.report({
          range: d.valueRange,
          message: `\`${host}\` is a Render-assigned host, not a custom domain: Render serves ${svc.name?.value ?? 'the service'} on its onrender.com address without listing it, and rejects it under \`domains:\`; remove it.`,
          fix: edit ? { title: `Remove ${host} from domains`, edits: [edit], safe: true } : undefined,
        });
      }
    }
  },
};

export default rule;
