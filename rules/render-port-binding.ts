import { blueprint } from '../engine/render/blueprint';
import { isLoopback, portBindings } from '../engine/render/commands';
import { runsCommands, runtimeOf } from '../engine/render/paths';
import { serviceCommands, wordRange } from '../engine/render/serviceCommands';
import { serviceEnv } from '../engine/render/serviceEnv';
import type { FileRule } from '../engine/types';

/** Render's default PORT for web services (reference: render-blueprint.md, "Port"). */
const DEFAULT_PORT = '10000';

const rule: FileRule = {
  id: 'render-port-binding',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'warning',
    description: 'A web service start command that binds localhost or a fixed port instead of 0.0.0.0:$PORT.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    for (const s of bp.services) {
      if (s.type?.value?.toLowerCase() !== 'web' || runtimeOf(s) === 'static' || !runsCommands(s)) continue;
      const start = serviceCommands(file, s).find((c) => c.name === 'startCommand');
      if (!start) continue;
      const port = serviceEnv(bp, s).get('PORT')?.value.trim() ?? DEFAULT_PORT;
      for (const b of portBindings(start.cmds)) {
        const name = s.name?.value ?? 'this service';
        if (b.host && isLoopback(b.host.text.replace(/^\[|\]$/g, ''))) {
          const program = start.cmds.includes(b.cmd) ? b.cmd.words.find((w) => w.text.endsWith(b.program)) ?? b.cmd.words[0] : undefined;
          const range = b.host.word ? wordRange(start, b.host.word) : program ? wordRange(start, program) : start.field.valueRange;
          const how = b.host.implicit ? `${b.program} listens on ${b.host.text} unless told otherwise` : `startCommand binds ${b.host.text}`;
          ctx.report({ range, message: `${how}, which Render cannot reach from outside the instance, so ${name} fails its port scan; bind 0.0.0.0 on $PORT (for example --host 0.0.0.0 --port $PORT).` });
        }
        if (b.port && b.port.text !== port) {
          ctx.report({ range: wordRange(start, b.port.word), message: `startCommand binds the fixed port ${b.port.text}, but Render routes ${name}'s traffic to $PORT (${port}${port === DEFAULT_PORT ? ', the default' : ''}); bind $PORT instead.` });
        }
      }
    }
  },
};

export default rule;
