import { composeModel } from '../engine/compose/model';
import { projectEnv } from '../engine/compose/project';
import { resolveInterpolation } from '../engine/compose/interpolation';
import type { FileRule } from '../engine/types';

/** Splits `registry:5000/name:tag@digest` into the name and its tag (undefined when none). */
function splitImage(image: string): { name: string; tag?: string; digest: boolean } {
  const at = image.indexOf('@');
  const digest = at >= 0;
  const ref = digest ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash && !ref.slice(colon).includes('}') ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1), digest } : { name: ref, digest };
}

const rule: FileRule = {
  id: 'compose-latest-tag',
  meta: {
    scope: 'file',
    kinds: ['compose'],
    category: 'reliability',
    severity: 'warning',
    description: 'A Compose image with no tag or the :latest tag, so each pull may run a different version.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const seen = new Set<unknown>();
    let env: Map<string, string> | undefined;
    for (const svc of composeModel(file).services) {
      const image = svc.image;
      // With build:, image: names the image Compose builds, not one it pulls.
      if (!image || svc.build || seen.has(image.node)) continue;
      seen.add(image.node);
      env ??= projectEnv(ctx.workspace, file);
      const vars = env;
      const resolved = resolveInterpolation(image.text, (n) => vars.get(n));
      if (resolved.missing.length || resolved.errors.length) continue;
      const { name, tag, digest } = splitImage(resolved.value.trim());
      if (digest || name === '' || name.includes('$')) continue;
      if (tag === undefined) {
        ctx.report({ range: image.range, message: `${svc.name} runs ${name} without a tag, which means :latest, so each pull can bring a different version; pin a version tag (${name}:<version>) or a digest.` });
      } else if (tag === 'latest') {
        ctx.report({ range: image.range, message: `${svc.name} runs ${name}:latest, so each pull can bring a different version; pin a version tag (${name}:<version>) or a digest.` });
      }
    }
  },
};

export default rule;
