// Small wording helpers shared by the render-* rules' messages.
import { LEVEL_LABELS, levelsWithKey, type LevelName } from './spec';

/** `a, b, c` (at most `max`, then `…`). */
export function listOf(values: readonly string[], max = 9): string {
  return values.length <= max ? values.join(', ') : `${values.slice(0, max).join(', ')}, …`;
}

/** Where else a key is valid, as "belongs under `disk:`"; undefined when nowhere. */
export function belongsElsewhere(key: string, level: LevelName): string | undefined {
  const homes = levelsWithKey(key).filter((l) => l !== level && l !== 'groupEnvVar');
  if (!homes.length) return undefined;
  return homes.map((l) => LEVEL_LABELS[l]).filter((v, i, a) => a.indexOf(v) === i).slice(0, 3).join(' or ');
}
