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

  constructor(private readonly text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // The `\n` of a CRLF pair has no position of its own: it maps to the end of its line.
    const end = Math.min(o, this.lineEnd(lo));
    return { line: lo, character: end - this.starts[lo] - (lo === 0 && end > 0 ? this.bom : 0) };
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
