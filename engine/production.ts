import picomatch from 'picomatch';
import type { EngineSettings } from './types';

const matchers = new WeakMap<EngineSettings, (p: string) => boolean>();

/**
 * True when a file is production configuration: it matches a production glob and no
 * non-production glob (`dev`, `local`, `test`, examples …), both configurable in `.readiness.json`.
 */
export function isProductionConfig(path: string, settings: EngineSettings): boolean {
  let match = matchers.get(settings);
  if (!match) {
    const prod = picomatch(settings.productionGlobs, { dot: true, nocase: true });
    const nonProd = picomatch(settings.nonProductionGlobs, { dot: true, nocase: true });
    match = (p) => prod(p) && !nonProd(p);
    matchers.set(settings, match);
  }
  return match(path);
}
