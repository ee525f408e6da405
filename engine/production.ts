import picomatch from 'picomatch';
import type { EngineSettings } from './types';

const matchers = new WeakMap<EngineSettings, (p: string) => boolean>();
const nonProductionMatchers = new WeakMap<EngineSettings, (p: string) => boolean>();

/** The non-production globs as one matcher, compiled once per settings object (rules ask per file). */
export function nonProductionMatcher(settings: EngineSettings): (path: string) => boolean {
  let match = nonProductionMatchers.get(settings);
  if (!match) nonProductionMatchers.set(settings, (match = picomatch(settings.nonProductionGlobs, { dot: true, nocase: true })));
  return match;
}

/**
 * True when a file is production configuration: it matches a production glob and no
 * non-production glob (`dev`, `local`, `test`, examples …), both configurable in `.readiness.json`.
 */
export function isProductionConfig(path: string, settings: EngineSettings): boolean {
  let match = matchers.get(settings);
  if (!match) {
    const prod = picomatch(settings.productionGlobs, { dot: true, nocase: true });
    const nonProd = nonProductionMatcher(settings);
    match = (p) => prod(p) && !nonProd(p);
    matchers.set(settings, match);
  }
  return match(path);
}
