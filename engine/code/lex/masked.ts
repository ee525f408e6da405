// The result every lexer produces: the source with comments and string contents blanked to
// spaces (same length, line breaks kept), so readers can match code patterns with plain regular
// expressions and never see text inside a comment or a string, plus the string literals (by
// opening-quote offset) and comments that were blanked.

export interface StringLiteral {
  /** Offset of the opening quote (or prefix), and just after the closing quote. */
  start: number;
  end: number;
  /** The characters between the quotes, as written (escapes not expanded). */
  value: string;
  valueStart: number;
}

export interface CodeComment {
  start: number;
  end: number;
  text: string;
}

export interface LexedSource {
  text: string;
  code: string;
  /** Plain literals (no interpolation), keyed by the offset where the code sees them start. */
  strings: Map<number, StringLiteral>;
  comments: CodeComment[];
}

const SPACE = 32;

/** Collects blanked spans while a lexer walks the text. */
export class Masker {
  private readonly buf: Uint16Array;
  readonly strings = new Map<number, StringLiteral>();
  readonly comments: CodeComment[] = [];

  constructor(readonly text: string) {
    this.buf = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) this.buf[i] = text.charCodeAt(i);
  }

  /** Replaces [from, to) with spaces, keeping line breaks so offsets and lines stay aligned. */
  blank(from: number, to: number): void {
    const end = Math.min(to, this.text.length);
    for (let i = Math.max(0, from); i < end; i++) {
      const c = this.buf[i];
      if (c !== 10 && c !== 13) this.buf[i] = SPACE;
    }
  }

  comment(from: number, to: number): void {
    this.blank(from, to);
    this.comments.push({ start: from, end: to, text: this.text.slice(from, to) });
  }

  /** A literal without interpolation: its content is blanked and kept for lookup at `start`. */
  literal(start: number, valueStart: number, valueEnd: number, end: number): void {
    this.blank(valueStart, valueEnd);
    this.strings.set(start, { start, end, value: this.text.slice(valueStart, valueEnd), valueStart });
  }

  finish(): LexedSource {
    return { text: this.text, code: Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).toString('utf16le'), strings: this.strings, comments: this.comments };
  }
}

export function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}

export function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
