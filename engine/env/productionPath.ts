// Whether a config file is production configuration, kept per settings and path: the environment
// rules ask it of the edited file on every keystroke, and glob matching is not free.
import { isProductionConfig, nonProductionMatcher } from '../production';
import type { EngineSettings } from '../types';

const KEPT = 10_000;
const answers = new WeakMap<EngineSettings, Map<string, { nonProduction: boolean; production: boolean }>>();

function answerFor(path: string, settings: EngineSettings): { nonProduction: boolean; production: boolean } {
  let byPath = answers.get(settings);
  if (!byPath) answers.set(settings, (byPath = new Map()));
  let a = byPath.get(path);
  if (!a) {
    if (byPath.size >= KEPT) byPath.clear();
    byPath.set(path, (a = { nonProduction: nonProductionMatcher(settings)(path), production: isProductionConfig(path, settings) }));
  }
  return a;
}

/** `nonProductionMatcher(settings)(path)`, kept. */
export function isNonProductionPath(path: string, settings: EngineSettings): boolean {
  return answerFor(path, settings).nonProduction;
}

/** `isProductionConfig(path, settings)`, kept. */
export function isProductionPath(path: string, settings: EngineSettings): boolean {
  return answerFor(path, settings).production;
}
