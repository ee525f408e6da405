// A small POSIX-shell reader for Render's buildCommand / startCommand / preDeployCommand. It never
// runs anything: it splits a command line into simple commands (`&&`, `||`, `;`, `|`, `&`, new
// lines, `( … )`), keeps each word's offsets in the command text, and follows `cd`/`pushd`/`popd`
// so every simple command knows the directory it runs in. Each Render command runs in its own
// shell from rootDir, so the directory is tracked within one command line only.
import * as path from 'node:path';

export type Connector = '' | '&&' | '||' | ';' | '|' | '&' | '\n';

export interface Word {
  /** The word after quote removal (`$VAR` kept as written). */
  text: string;
  /** Offsets of the word as written (quotes included) in the command text. */
  start: number;
  end: number;
  /** True when written without quotes or escapes, so `text` maps 1:1 onto the source. */
  plain: boolean;
  /** Contains an expansion (`$`, backquote, glob), so its value is unknown here. */
  dynamic: boolean;
}

export interface SimpleCommand {
  /** Leading `NAME=value` assignments. */
  assignments: { name: string; value: Word }[];
  /** Command words (redirections and their targets removed). */
  words: Word[];
  /** Repository-relative directory the command runs in ('' = repository root); undefined once a `cd` went somewhere unknown. */
  cwd: string | undefined;
  /** How this command is joined to the previous one. */
  connector: Connector;
  /** Span of the command in the command text (first to last word or assignment). */
  start: number;
  end: number;
}

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string; start: number; end: number } | { kind: 'redir'; start: number; end: number };

const OPS = ['&&', '||', ';;', ';', '|', '&', '(', ')', '\n'];

/** Splits a command line into words and operators, following shell quoting. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') { while (i < n && text[i] !== '\n') i++; continue; }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) { out.push({ kind: 'op', op, start: i, end: i + op.length }); i += op.length; continue; }
    if (c === '>' || c === '<') {
      const m = /^(?:<<-?|>>|>&|<&|>\||<>|>|<)/.exec(text.slice(i))!;
      out.push({ kind: 'redir', start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    // A word.
    const start = i;
    let value = '';
    let plain = true;
    let dynamic = false;
    while (i < n) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || ch === '<' || ch === '>') {
        // `2>&1`: digits directly before a redirection belong to it.
        if ((ch === '>' || ch === '<') && /^\d+$/.test(value) && plain) { value = ''; }
        break;
      }
      if (ch === "'") {
        plain = false;
        const close = text.indexOf("'", i + 1);
        const end = close < 0 ? n : close;
        value += text.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        plain = false;
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1])) { value += text[i + 1]; i += 2; continue; }
          if (text[i] === '$' || text[i] === '`') dynamic = true;
          const sub = text[i] === '$' ? expansionEnd(text, i) : i + 1;
          value += text.slice(i, sub);
          i = sub;
        }
        i++;
      } else if (ch === '\\') {
        plain = false;
        value += text[i + 1] ?? '';
        i += 2;
      } else if (ch === '$' || ch === '`') {
        dynamic = true;
        const end = ch === '`' ? Math.min(n, (text.indexOf('`', i + 1) + 1) || n) : expansionEnd(text, i);
        value += text.slice(i, end);
        i = end;
      } else {
        if (ch === '*' || ch === '?' || ch === '[' || (ch === '~' && value === '')) dynamic = true;
        value += ch;
        i++;
      }
    }
    if (i === start) { i++; continue; }
    if (value === '' && plain && (text[i] === '>' || text[i] === '<')) continue;
    out.push({ kind: 'word', word: { text: value, start, end: i, plain, dynamic } });
  }
  return out;
}

/** End of a `$…` expansion starting at `i`: `$VAR`, `${…}`, `$(…)` (nested), `$1`. */
function expansionEnd(text: string, i: number): number {
  const next = text[i + 1];
  if (next === '{' || next === '(') {
    const open = next;
    const close = open === '{' ? '}' : ')';
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === open) depth++;
      else if (text[j] === close && --depth === 0) return j + 1;
    }
    return text.length;
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(text.slice(i + 1));
  return i + 1 + (m ? m[0].length : 0);
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** Repository-relative directory after `cd target` from `cwd`; undefined when it leaves what can be known. */
export function changeDir(cwd: string | undefined, target: Word | undefined): string | undefined {
  if (cwd === undefined || !target || target.dynamic || target.text === '-' ) return undefined;
  let t = target.text;
  // Render checks the repository out at /opt/render/project/src.
  const abs = /^\/opt\/render\/project\/src(\/|$)/.exec(t);
  if (abs) return normalize(t.slice(abs[0].length));
  if (t.startsWith('/')) return undefined;
  if (t === '') t = '.';
  const joined = normalize(path.posix.join(cwd, t));
  return joined.startsWith('..') ? undefined : joined;
}

function normalize(p: string): string {
  const n = path.posix.normalize(p === '' ? '.' : p).replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

/**
 * Splits a command line into simple commands, each with the directory it runs in. `startDir` is
 * the service's rootDir (repository-relative, '' for the root).
 */
export function parseCommandLine(text: string, startDir = ''): SimpleCommand[] {
  const tokens = tokenize(text);
  const out: SimpleCommand[] = [];
  let cwd: string | undefined = normalize(startDir);
  const stack: (string | undefined)[] = [];
  const dirStack: (string | undefined)[] = [];
  let connector: Connector = '';
  let current: SimpleCommand | undefined;
  let skipNext = false;
  // A pipeline's parts run in subshells: a `cd` there does not last.
  let pipelineCwd: string | undefined | null = null;

  const finish = () => {
    if (!current) return;
    out.push(current);
    const w = current.words;
    const name = w[0]?.text;
    if (pipelineCwd !== null) {
      // Inside a pipeline: nothing carries over.
    } else if (name === 'cd') {
      const args = w.slice(1).filter((x) => !/^-[LPe@]+$/.test(x.text));
      cwd = args.length === 0 ? undefined : changeDir(cwd, args[0]);
    } else if (name === 'pushd') {
      dirStack.push(cwd);
      cwd = changeDir(cwd, w[1]);
    } else if (name === 'popd') {
      cwd = dirStack.length ? dirStack.pop() : undefined;
    }
    current = undefined;
  };

  for (const tok of tokens) {
    if (tok.kind === 'op') {
      if (tok.op === '|') {
        if (pipelineCwd === null) pipelineCwd = cwd;
        finish();
        connector = '|';
        continue;
      }
      finish();
      if (pipelineCwd !== null) { cwd = pipelineCwd; pipelineCwd = null; }
      if (tok.op === '(') stack.push(cwd);
      else if (tok.op === ')') cwd = stack.length ? stack.pop() : cwd;
      else connector = (tok.op === ';;' ? ';' : tok.op) as Connector;
      continue;
    }
    if (tok.kind === 'redir') { skipNext = true; continue; }
    const word = tok.word;
    if (skipNext) { skipNext = false; continue; }
    if (!current) {
      current = { assignments: [], words: [], cwd, connector, start: word.start, end: word.end };
      connector = ';';
    }
    current.end = word.end;
    const m = current.words.length === 0 ? ASSIGNMENT.exec(word.text) : null;
    if (m && word.start + m[0].length <= word.end) {
      const offset = m[0].length;
      current.assignments.push({ name: m[1], value: { text: word.text.slice(offset), start: word.start + offset, end: word.end, plain: word.plain, dynamic: word.dynamic } });
    } else current.words.push(word);
  }
  finish();
  return out;
}

/** Sub-span of a word's value, e.g. the `src` of `--chdir=src`; the whole word when quoting hides the mapping. */
export function subWord(word: Word, from: number, to = word.text.length): Word {
  if (!word.plain) return { ...word, text: word.text.slice(from, to) };
  return { text: word.text.slice(from, to), start: word.start + from, end: word.start + to, plain: true, dynamic: word.dynamic };
}
