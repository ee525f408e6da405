import * as path from 'node:path';
import { blueprint, type Service } from '../engine/render/blueprint';
import { rootDirOf } from '../engine/render/serviceCommands';
import type { FileRule } from '../engine/types';

/** Where Render checks out the repository; relative paths resolve from the service's folder in it. */
const CHECKOUT = '/opt/render/project/src';

/** The file a variable's value stores data in, when it is SQLite or a local database file. */
export function storagePath(key: string, value: string): { path: string; what: string } | undefined {
  const v = value.trim();
  const sqlite = /^sqlite(?:3)?(?:\+\w+)?:\/\/\/?(.*)$/i.exec(v) ?? /^sqlite:(.+)$/i.exec(v);
  if (sqlite) {
    const p = sqlite[1].replace(/\?.*$/, '');
    // `sqlite:///:memory:` and `sqlite://` keep nothing on disk.
    if (p === '' || p.includes(':memory:')) return undefined;
    // sqlite:////abs (four slashes) is absolute; sqlite:///rel is relative.
    const abs = /^sqlite(?:3)?(?:\+\w+)?:\/\/\/\//i.test(v) ? `/${p.replace(/^\/+/, '')}` : p;
    return { path: abs, what: 'a SQLite database' };
  }
  const file = /^file:(.+)$/i.exec(v);
  if (file && /DATABASE|DB/i.test(key)) return { path: file[1].replace(/\?.*$/, ''), what: 'a SQLite database' };
  if (/\.(db|sqlite3?|db3)$/i.test(v) && /DATABASE|DB|SQLITE/i.test(key) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return { path: v, what: 'a database file' };
  return undefined;
}

function absolute(s: Service, p: string): string {
  return p.startsWith('/') ? path.posix.normalize(p) : path.posix.join(CHECKOUT, rootDirOf(s), p);
}

const rule: FileRule = {
  id: 'render-ephemeral-storage',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'error',
    description: 'A SQLite or local database file on a service without a persistent disk mounted where the file is.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    for (const s of bp.services) {
      const type = s.type?.value?.toLowerCase();
      if (type === 'keyvalue' || type === 'redis' || type === 'cron') continue;
      const mount = s.disk?.mountPath?.value;
      for (const e of s.envVars) {
        const key = e.key?.value;
        const raw = e.value?.raw;
        if (!key || typeof raw !== 'string') continue;
        const found = storagePath(key, raw);
        if (!found) continue;
        const where = absolute(s, found.path);
        if (mount && (where === path.posix.normalize(mount) || where.startsWith(`${path.posix.normalize(mount).replace(/\/$/, '')}/`))) continue;
        const name = s.name?.value ?? 'this service';
        const disk = mount ? `its disk is mounted at ${mount}, not there` : 'it has no disk';
        ctx.report({
          range: e.value!.valueRange,
          related: s.disk ? [{ file: file.path, range: s.disk.field.keyRange, message: `${name}'s disk` }] : [],
          message: `${key} keeps ${found.what} at ${found.path}, but ${disk}: ${name}'s filesystem is replaced on every deploy and restart, so the data is lost; put the file under a disk's mountPath (disk: {mountPath: /var/data}) or use a Render Postgres database.`,
        });
      }
    }
  },
};

export default rule;
