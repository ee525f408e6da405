// Random block YAML shaped like configuration files, with the comments, blank lines, empty values,
// block scalars and indentation mistakes that decide where yaml puts each comment: for comparing
// another reading of YAML with yaml's.

const PIECES = {
  keys: ['a', 'b', 'image', 'run', '"q k"', "'s k'", 'on', 'x-y', '1', 'true', 'k:v', 'a#b'],
  values: ['1', '-2', '0o17', '0x1F', '1.50', '.inf', '-.Inf', '.nan', '1e3', '+12', 'null', '~', 'True', 'FALSE', 'yes', 'no',
    'nginx:1.25', 'a b  c', '"dq \\"x\\" \\u00e9 \\t"', "'it''s'", '"\\x4"', '[a, "b", 1]', '[ a , b ]', '[]', '{}', '{a: 1, "b": c}',
    '{ a: x }', '[a, ]', '${VAR}', 'a: b', '&x v', '*x', '*y  ', '*x:', '*', '&x *x', '&x [a]', '&x "q"', '&x |', '*x[a]', '!t v', '@v', '`v`', '%v', 'http://x:80/p', '"unclosed', '|', '|-', '|+', '>', '>-', '>+', '|2'],
  comments: ['# c', '#', '#  two  spaces', '# c: d'],
};

/**
 * Random block YAML, mostly well formed: items at the indentation of an open collection, nested
 * collections under empty values, block scalars, and comments and blank lines anywhere, at any
 * indentation. Now and then a line at a random indentation, or a piece yaml reports as an error.
 */
export function randomYaml(rand: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const values = PIECES.values.filter((v) => !/^[|>]/.test(v));
  const lines: string[] = [];
  // indentation and kind of the open collections; `next` is where a nested one may start
  const open: { indent: number; seq: boolean }[] = [];
  let next: number | undefined = 0;
  const n = 1 + Math.floor(rand() * 16);
  for (let i = 0; i < n; i++) {
    const roll = rand();
    const tail = rand() < 0.15 ? ' ' + pick(PIECES.comments) : rand() < 0.04 ? '  ' : '';
    if (roll < 0.12) {
      lines.push(' '.repeat(pick([0, 1, 2, 3, 4, 6, 8])) + pick(PIECES.comments));
      continue;
    }
    if (roll < 0.22) {
      lines.push(rand() < 0.6 ? '' : ' '.repeat(pick([1, 2, 4, 8])));
      continue;
    }
    let indent: number;
    let seq = rand() < 0.4;
    if (next !== undefined && (rand() < 0.7 || !open.length)) {
      indent = next + (open.length && rand() < 0.8 ? pick([1, 2, 2, 4]) : 0);
      if (!open.length) indent = 0;
      open.push({ indent, seq });
    } else if (open.length) {
      const k = Math.floor(rand() * open.length);
      open.length = k + 1;
      ({ indent, seq } = open[k]);
    } else indent = 0;
    if (rand() < 0.03) indent = pick([0, 1, 2, 3, 5]);
    const pad = ' '.repeat(indent);
    const key = pick(PIECES.keys);
    next = undefined;
    const r = rand();
    const prefix = seq ? (rand() < 0.3 ? `- ${key}: ` : '- ') : `${key}: `;
    if (seq && prefix.length > 2) open.push({ indent: indent + 2, seq: false });
    if (r < 0.25) {
      const anchor = !seq && rand() < 0.2 ? pick([' &x', ' &y', ' &a:', ' &x[', '  &x ']) : '';
      lines.push(pad + prefix.trimEnd() + anchor + tail);
      next = seq && prefix.length === 2 ? indent : indent + (seq ? 2 : 0);
    } else if (r < 0.35) {
      const header = pick(['|', '|-', '|+', '>', '>-', '>+', '|2']);
      lines.push(pad + prefix + header + (rand() < 0.1 ? ' # h' : ''));
      const body = Math.floor(rand() * 4);
      const deeper = pad + ' '.repeat(pick([1, 2, 4]) + (seq ? 2 : 0));
      for (let b = 0; b < body; b++) lines.push(rand() < 0.2 ? (rand() < 0.5 ? '' : deeper + '  ') : deeper + pick(['text', '  more', '# not a comment', 'a: b']));
    } else lines.push(pad + prefix + pick(values) + tail);
  }
  // now and then a document start marker, with comments or blank lines around it
  if (rand() < 0.15) lines.splice(rand() < 0.7 ? 0 : Math.floor(rand() * lines.length), 0, pick(['---', '--- ', '--- # c', '...']));
  return lines.join('\n') + (rand() < 0.85 ? '\n' : '');
}
