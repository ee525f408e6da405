// Random but reproducible edits of YAML text, shaped like typing: characters and small pastes at
// line starts and ends and inside values, deletions of characters and whole lines, indentation
// broken and fixed. Used to check that incremental work gives what a from-scratch run gives.

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'a', 'x', 'Z', '1', ' ', ' ', '  ', ':', ': ', '-', '- ', '#', ' # note', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '!', '%', '?', '\t',
  '\n', '\n', '\n    ', '\n      ', '\n  ', '\n\n', '\r\n',
  '\n    image: nginx:1.25', '\n      - key: TZ\n        value: UTC', '\n      TZ: UTC', '\n    restart: always',
  '  added:\n    image: redis:7\n', '  - type: worker\n    name: added\n    runtime: python\n',
  'postgres://user:pw@db:5432/app', '${DATABASE_URL}', 'true', 'null', '"quoted value"', "'single'", '[a, b]', '{k: v}',
  '# comment\n', '\n# comment', '\n  # indented comment', '---\n', '...\n',
];

export interface RandomEdit {
  start: number;
  end: number;
  text: string;
}

const TYPED = ['a', 'e', 's', 't', '1', '0', '-', '_', '.', '/', ' ', ':', ': ', '\n', '\n    ', '\n      ', '\n      - ', 'x: 1', 'key: value'];

/**
 * One edit of `text`: where, how much is deleted and what is inserted. `gentle` edits are what
 * typing in a well-formed file mostly is (characters in values, new lines with indentation,
 * deletions), so that more of them keep the file parseable.
 */
export function randomEdit(text: string, rand: () => number, gentle = false): RandomEdit {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const line = Math.floor(rand() * lineStarts.length);
  const ls = lineStarts[line];
  const le = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length;
  let indent = ls;
  while (text[indent] === ' ') indent++;
  const roll = rand();
  if (gentle) {
    if (roll < 0.3) return { start: Math.max(ls, le - 1), end: le, text: '' };
    if (roll < 0.35) return { start: ls, end: ls, text: ' ' };
    if (roll < 0.4 && indent > ls) return { start: ls, end: ls + 1, text: '' };
    if (roll < 0.45) return { start: ls, end: Math.min(text.length, le + 1), text: '' };
    return { start: le, end: le, text: pick(TYPED) };
  }
  if (roll < 0.1) return { start: ls, end: Math.min(text.length, le + 1), text: '' }; // delete a line
  if (roll < 0.18) return { start: ls, end: ls, text: ' ' }; // break the indentation
  if (roll < 0.24 && indent > ls) return { start: ls, end: ls + 1, text: '' }; // and fix it
  if (roll < 0.3) {
    const at = ls + Math.floor(rand() * (le - ls + 1));
    return { start: at, end: Math.min(le, at + 1 + Math.floor(rand() * 4)), text: '' }; // delete characters
  }
  const at = roll < 0.55 ? le : roll < 0.65 ? ls : roll < 0.7 ? indent : ls + Math.floor(rand() * (le - ls + 1));
  const del = rand() < 0.15 ? Math.min(le - at, 1 + Math.floor(rand() * 3)) : 0;
  return { start: at, end: at + Math.max(0, del), text: pick(SNIPPETS) };
}

export function applyEdit(text: string, e: RandomEdit): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}
