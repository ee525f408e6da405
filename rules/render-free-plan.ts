import { blueprint, describeLocation } from '../engine/render/blueprint';
import { normaliseSlug } from '../engine/render/spec';
import { isProductionConfig } from '../engine/production';
import type { FileRule } from '../engine/types';

// What the free instance type means per resource (render.com/docs/free, checked 2026-12-02).
const WEB = 'free web services spin down after 15 minutes without traffic (the next request waits for a cold start), cannot scale beyond one instance and cannot have a disk';
const DATABASE = 'free Postgres databases expire a fixed number of days after creation and are then suspended, have no backups and cannot be scaled';
const KEY_VALUE = 'free Key Value instances keep data in memory only, so a restart loses it';

const rule: FileRule = {
  id: 'render-free-plan',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'warning',
    description: 'A service or database on the free instance type in a production Blueprint.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml' || !isProductionConfig(file.path, ctx.settings)) return;
    const bp = blueprint(file);
    if (!bp) return;
    for (const svc of bp.services) {
      const plan = svc.plan;
      if (!plan?.value || normaliseSlug(plan.value) !== 'free') continue;
      const name = svc.name?.value ?? 'this service';
      const type = svc.type?.value;
      if (type === 'web' && svc.runtime?.value !== 'static' && svc.env?.value !== 'static') {
        ctx.report({ range: plan.valueRange, message: `The web service \`${name}\` is on the free plan: ${WEB}; use \`plan: starter\` or larger for production.` });
      } else if (type === 'keyvalue' || type === 'redis') {
        ctx.report({ range: plan.valueRange, message: `The Key Value store \`${name}\` is on the free plan: ${KEY_VALUE}; use \`plan: starter\` or larger for production.` });
      } else if (type === 'worker' || type === 'pserv' || type === 'cron') {
        ctx.report({ range: plan.valueRange, severity: 'error', message: `\`plan: free\` is not available for ${type} services (only web services, Postgres and Key Value have a free instance type): Render rejects \`${name}\`; use \`plan: starter\`.` });
      }
    }
    for (const db of bp.databases) {
      const plan = db.plan;
      if (!plan?.value || normaliseSlug(plan.value) !== 'free') continue;
      const where = db.location.scope === 'root' ? '' : ` in ${describeLocation(db.location)}`;
      ctx.report({ range: plan.valueRange, message: `The database \`${db.name?.value ?? ''}\`${where} is on the free plan: ${DATABASE}; use \`plan: basic-256mb\` or larger for production data.` });
    }
  },
};

export default rule;
