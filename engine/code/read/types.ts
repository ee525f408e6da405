import type { LexedSource } from '../lex/masked';

/** One place where code reads an environment variable. */
export interface EnvRead {
  name: string;
  /** Offsets of the name as written (inside its quotes, or the identifier). */
  start: number;
  end: number;
  /** The fallback value as written, when the read has one (`os.getenv("X", "8000")` → `8000`). */
  default?: string;
  hasDefault: boolean;
  /**
   * The code tests the value (an `if`, a comparison, a ternary, an alternative `A || B`) rather
   * than relying on it: a missing variable is handled there.
   */
  optional: boolean;
  /** pydantic settings match variable names regardless of case. */
  caseInsensitive?: boolean;
  /** The read as written in short, for messages: `process.env.X`, `os.getenv("X")`. */
  via: string;
}

/** Where the value of a read goes: used as-is, with a default, only tested, or it is a write. */
export type Outcome = { kind: 'plain' } | { kind: 'default'; text: string } | { kind: 'optional' } | { kind: 'write' };

export interface ReaderOutput {
  reads: EnvRead[];
  /** Variables are also read by computed names (`process.env[key]`, `os.environ.items()`). */
  dynamic: boolean;
}

export type Reader = (lex: LexedSource) => ReaderOutput;

export function readFrom(name: string, start: number, end: number, outcome: Outcome, via: string): EnvRead | undefined {
  if (outcome.kind === 'write' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return undefined;
  return {
    name, start, end, via,
    hasDefault: outcome.kind === 'default',
    default: outcome.kind === 'default' ? outcome.text : undefined,
    optional: outcome.kind === 'optional',
  };
}
