import { blueprint, type IpAllowList } from '../engine/render/blueprint';
import { removeListItem } from '../engine/render/edits';
import type { FileRule } from '../engine/types';

/** CIDRs that match every address. `ipAllowList: []` (no external access at all) is the safe opposite. */
function isOpen(source: string): boolean {
  const s = source.trim();
  return s === '0.0.0.0/0' || s === '::/0' || s === '0.0.0.0' || s === '::0/0';
}

const rule: FileRule = {
  id: 'open-ip-allowlist',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'security',
    severity: 'error',
    description: 'A Render database or Key Value `ipAllowList` entry that admits the whole internet (0.0.0.0/0 or ::/0).',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    const lists: { what: string; list: IpAllowList }[] = [];
    for (const d of bp.databases) if (d.ipAllowList) lists.push({ what: d.name?.value ? `database \`${d.name.value}\`` : 'database', list: d.ipAllowList });
    for (const s of bp.services) if (s.ipAllowList) lists.push({ what: `${s.type?.value === 'keyvalue' || s.type?.value === 'redis' ? 'Key Value store' : 'service'}${s.name?.value ? ` \`${s.name.value}\`` : ''}`, list: s.ipAllowList });
    for (const { what, list } of lists) {
      for (const entry of list.entries) {
        const source = entry.source;
        if (!source?.value || !isOpen(source.value)) continue;
        // Removing the last entry would leave `ipAllowList:` empty (null); `[]` states internal-only access.
        const edit = removeListItem(file, list.field, entry.node, '[]');
        ctx.report({
          range: source.valueRange,
          message: `The ${what} accepts connections from any address (\`${source.value.trim()}\`): its password is then the only protection; remove the entry and list the CIDRs that need access (\`ipAllowList: []\` allows Render services only).`,
          fix: edit ? { title: `Remove the ${source.value.trim()} entry`, edits: [edit], safe: true } : undefined,
        });
      }
    }
  },
};

export default rule;
