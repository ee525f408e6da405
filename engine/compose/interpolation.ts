// Compose variable interpolation, parsed with the offset of every part so rules can point at a
// variable name or a default value inside a YAML string and fixes can rewrite just that part.
// Follows compose-go's template package (compose-spec/compose-go `template/template.go`):
// names are `[_a-z][_a-z0-9]*` (any case), `${` must be followed by a name, the first operator
// after the name wins, an argument may itself contain `${...}`, and `$$` is a literal `$`.

/** `:-`/`-` default when unset (or empty), `:?`/`?` error when unset (or empty), `:+`/`+` alternative when set (and non-empty). */
export type InterpolationOperator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface Span {
  /** Offsets inside the parsed string (UTF-16 units), end exclusive. */
  start: number;
  end: number;
}

export interface Literal extends Span {
  kind: 'literal';
  text: string;
}

/** `$$`: a literal `$` that Compose does not interpolate. */
export interface Escape extends Span {
  kind: 'escape';
}

export interface Variable extends Span {
  kind: 'variable';
  name: string;
  nameSpan: Span;
  braced: boolean;
  operator?: InterpolationOperator;
  operatorSpan?: Span;
  /** The default, error message or alternative after the operator (may be empty). */
  argument?: Argument;
}

export interface Argument extends Span {
  text: string;
  /** The argument parsed in turn (nested `${...}`), with offsets in the same outer string. */
  parts: Part[];
}

/** Something Compose rejects, e.g. `${}` , `${1X}` or a `${` that never closes. */
export interface Invalid extends Span {
  kind: 'invalid';
  reason: string;
}

export type Part = Literal | Escape | Variable | Invalid;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const OPERATORS: InterpolationOperator[] = [':-', ':?', ':+', '-', '?', '+'];

/** Index of the `}` closing the `{` at `open`, counting nested braces as compose-go does. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function parseRange(s: string, from: number, to: number): Part[] {
  // Most values hold no `$` at all: one literal (or nothing), without the scan below.
  const dollar = s.indexOf('$', from);
  if (dollar < 0 || dollar >= to) return to > from ? [{ kind: 'literal', text: s.slice(from, to), start: from, end: to }] : [];
  const parts: Part[] = [];
  let literalStart = from;
  let i = from;
  while (i < to) {
    if (s[i] !== '$') {
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      literal(parts, s, literalStart, i);
      parts.push({ kind: 'escape', start: i, end: i + 2 });
      i += 2;
      literalStart = i;
      continue;
    }
    if (next !== undefined && i + 1 < to && NAME_START.test(next)) {
      literal(parts, s, literalStart, i);
      let e = i + 2;
      while (e < to && NAME_CHAR.test(s[e])) e++;
      parts.push({ kind: 'variable', name: s.slice(i + 1, e), nameSpan: { start: i + 1, end: e }, braced: false, start: i, end: e });
      i = e;
      literalStart = i;
      continue;
    }
    if (next === '{' && i + 1 < to) {
      literal(parts, s, literalStart, i);
      const close = closingBrace(s, i + 1);
      if (close < 0 || close >= to) {
        parts.push({ kind: 'invalid', reason: 'the ${ is never closed with }', start: i, end: to });
        i = to;
        literalStart = to;
        continue;
      }
      parts.push(parseBraced(s, i, close));
      i = close + 1;
      literalStart = i;
      continue;
    }
    // Any other `$` (`$1`, `$ `, a trailing `$`) is kept as written.
    i++;
  }
  literal(parts, s, literalStart, to);
  return parts;
}

/** The literal text between two other parts, if any (a plain function: parseRange runs for every Compose value with a `$`). */
function literal(parts: Part[], s: string, start: number, end: number): void {
  if (end > start) parts.push({ kind: 'literal', text: s.slice(start, end), start, end });
}

/** `${...}` from `start` (the `$`) to `close` (the `}`). */
function parseBraced(s: string, start: number, close: number): Variable | Invalid {
  const nameStart = start + 2;
  let e = nameStart;
  if (e < close && NAME_START.test(s[e])) {
    e++;
    while (e < close && NAME_CHAR.test(s[e])) e++;
  }
  const end = close + 1;
  if (e === nameStart) return { kind: 'invalid', reason: `${s.slice(start, end)} does not start with a variable name`, start, end };
  const variable: Variable = { kind: 'variable', name: s.slice(nameStart, e), nameSpan: { start: nameStart, end: e }, braced: true, start, end };
  if (e === close) return variable;
  const op = OPERATORS.find((o) => s.startsWith(o, e));
  if (!op) return { kind: 'invalid', reason: `${s.slice(start, end)} has an unsupported modifier after ${variable.name}`, start, end };
  const argStart = e + op.length;
  variable.operator = op;
  variable.operatorSpan = { start: e, end: argStart };
  variable.argument = { start: argStart, end: close, text: s.slice(argStart, close), parts: parseRange(s, argStart, close) };
  return variable;
}

/** Splits a Compose string value into literal text, `$$` escapes, variables and invalid parts. */
export function parseInterpolation(s: string): Part[] {
  return parseRange(s, 0, s.length);
}

/** Every variable in the string, nested ones (inside defaults) included, in source order. */
export function variablesIn(s: string | Part[]): Variable[] {
  const out: Variable[] = [];
  collectVariables(typeof s === 'string' ? parseInterpolation(s) : s, out);
  return out;
}

function collectVariables(parts: Part[], out: Variable[]): void {
  for (const p of parts) {
    if (p.kind !== 'variable') continue;
    out.push(p);
    if (p.argument) collectVariables(p.argument.parts, out);
  }
}

/** True when Compose would substitute something in the string. */
export function hasInterpolation(s: string): boolean {
  return parseInterpolation(s).some((p) => p.kind === 'variable' || p.kind === 'invalid');
}

/** Reads a variable: its value, or undefined when it is not set. */
export type Lookup = (name: string) => string | undefined;

export interface Resolved {
  value: string;
  /** Variables that were read but not set and had no default. */
  missing: string[];
  /** `${X:?message}` errors and invalid templates: Compose would refuse the file. */
  errors: string[];
}

/** Evaluates the string as Compose would with the given variables. */
export function resolveInterpolation(s: string, lookup: Lookup): Resolved {
  const st: Evaluation = { lookup, missing: [], errors: [] };
  return { value: evaluate(st, parseInterpolation(s)), missing: st.missing, errors: st.errors };
}

// Plain functions over one state rather than closures made per call: every Compose value is resolved.
interface Evaluation {
  lookup: Lookup;
  missing: string[];
  errors: string[];
}

function evaluate(st: Evaluation, parts: Part[]): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'literal') out += p.text;
    else if (p.kind === 'escape') out += '$';
    else if (p.kind === 'invalid') st.errors.push(p.reason);
    else out += evaluateVariable(st, p);
  }
  return out;
}

function evaluateVariable(st: Evaluation, v: Variable): string {
  const value = st.lookup(v.name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (v.operator) {
    case ':-': return nonEmpty ? value! : argument(st, v);
    case '-': return set ? value! : argument(st, v);
    case ':?':
    case '?':
      if (v.operator === ':?' ? nonEmpty : set) return value!;
      st.errors.push(`${v.name}: ${argument(st, v) || 'required variable is missing a value'}`);
      return '';
    case ':+': return nonEmpty ? argument(st, v) : value ?? '';
    case '+': return set ? argument(st, v) : '';
    default:
      if (!set) st.missing.push(v.name);
      return value ?? '';
  }
}

function argument(st: Evaluation, v: Variable): string {
  return evaluate(st, v.argument?.parts ?? []);
}
