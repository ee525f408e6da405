// Offsets are the engine's only position currency; line/character (0-based, UTF-16 as LSP
// requires) are computed here and nowhere else. JavaScript string indices are UTF-16 units,
// so no re-encoding is needed, only line breaks (LF, CRLF and lone CR) must be found.
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[];
  /** Editors hide a leading byte order mark, so it occupies no column on the first line. */
  private readonly bom: number;

  constructor(private readonly text: string, starts?: number[]) {
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.starts = starts ?? [0];
    if (!starts) scanStarts(text, 0, text.length, this.starts);
  }

  /**
   * The index of `text`, which is `before` (indexed by `prev`) with `[start, oldEnd)` replaced by
   * `[start, newEnd)`: line starts before the change are kept, after it moved, and only the lines
   * the change touched are scanned. `prev`'s list is taken over and changed in place (a 5,000-line
   * file's list is copied no more on every keystroke), so `prev` must not be used afterwards.
   */
  static edited(prev: LineIndex, text: string, change: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    if (change.start === 0) return new LineIndex(text);
    const starts = prev.starts;
    // The last line start at or before the character preceding the change (a CR there may pair with an inserted LF).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= change.start - 1) lo = mid;
      else hi = mid - 1;
    }
    const found: number[] = [];
    scanStarts(text, starts[lo], Math.min(text.length, change.newEnd + 1), found);
    const delta = change.newEnd - change.oldEnd;
    // Beyond the scan the text is unchanged; a CRLF straddling its end was found by the scan already.
    const last = found.length ? found[found.length - 1] : starts[lo];
    let keep = lo + 1;
    while (keep < starts.length && !(starts[keep] > change.oldEnd + 1 && starts[keep] + delta > last)) keep++;
    starts.splice(lo + 1, keep - lo - 1, ...found);
    if (delta !== 0) for (let k = lo + 1 + found.length; k < starts.length; k++) starts[k] += delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: this.characterOf(offset, line) };
  }

  /** Whether `offset` is at `pos` (as `positionAt` would give it), without making a position. */
  isAt(offset: number, pos: Position): boolean {
    const line = this.lineOf(offset);
    return line === pos.line && this.characterOf(offset, line) === pos.character;
  }

  private lineOf(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private characterOf(offset: number, line: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    // The `\n` of a CRLF pair has no position of its own: it maps to the end of its line.
    const end = Math.min(o, this.lineEnd(line));
    return end - this.starts[line] - (line === 0 && end > 0 ? this.bom : 0);
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line] + (pos.line === 0 ? this.bom : 0);
    return Math.min(start + Math.max(0, pos.character), this.lineEnd(pos.line));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1] - 1;
    if (end > this.starts[line] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** The line break style the file mostly uses, so inserted lines match it. */
  get eol(): string {
    return /\r\n/.test(this.text) ? '\r\n' : '\n';
  }
}

/** Appends the starts of lines that begin after a line break found in `text[from, to)` (a CRLF counts once). */
function scanStarts(text: string, from: number, to: number, starts: number[]): void {
  // Up to the first CR only LF ends a line: the native search finds them several times faster
  // than a loop over every character (every config file is indexed on every audit).
  let cr = text.indexOf('\r', from);
  if (cr < 0 || cr > to) cr = to;
  for (let i = text.indexOf('\n', from); i >= 0 && i < cr; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (let i = cr; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
}
