import { blueprint } from '../engine/render/blueprint';
import type { FileRule } from '../engine/types';

const rule: FileRule = {
  id: 'render-disk-scaling',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'error',
    description: 'A service with a persistent disk that asks for more than one instance or for autoscaling.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    for (const s of bp.services) {
      if (!s.disk || !s.disk.field.node || (s.disk.field.raw === null && !s.disk.name && !s.disk.mountPath)) continue;
      const name = s.name?.value ?? 'This service';
      const related = [{ file: file.path, range: s.disk.field.keyRange, message: `${name}'s disk${s.disk.mountPath?.value ? ` at ${s.disk.mountPath.value}` : ''}` }];
      const n = s.numInstances?.value;
      if (n !== undefined && n > 1) {
        ctx.report({ range: s.numInstances!.valueRange, related, message: `${name} has a persistent disk, which attaches to a single instance, but asks for numInstances: ${n}; Render runs a service with a disk as one instance, so set numInstances: 1 or move the data to a database or object storage.` });
      }
      if (s.scaling) {
        const max = s.scaling.maxInstances?.value;
        ctx.report({ range: s.scaling.field.keyRange, related, message: `${name} has a persistent disk, which attaches to a single instance, but declares scaling${max !== undefined ? ` up to ${max} instances` : ''}; services with a disk cannot scale, so remove scaling or move the data to a database or object storage.` });
      }
    }
  },
};

export default rule;
