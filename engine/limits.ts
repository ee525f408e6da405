/** Resource limits that keep hostile or accidental input from hanging the editor. */
export interface Limits {
  /** Files larger than this are skipped with one info finding (`maxFileBytes` in `.readiness.json`). */
  maxFileBytes: number;
  /** Source files (code scanned for env reads) larger than this are ignored. */
  maxSourceBytes: number;
  /** Alias/merge expansions a model builder may follow in one document. */
  maxAliasExpansions: number;
  /** Collection nesting beyond which a YAML file is skipped rather than walked. */
  maxDepth: number;
  /** Nodes a document may reach with its aliases expanded before it is reported as an alias bomb. */
  maxExpandedNodes: number;
  /**
   * Milliseconds one file rule may take on one file. JavaScript cannot interrupt synchronous code,
   * so a rule over budget finishes its run, its results are dropped and it is not run again on
   * that version of the file.
   */
  ruleBudgetMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 2 * 1024 * 1024,
  maxSourceBytes: 1024 * 1024,
  maxAliasExpansions: 1000,
  maxDepth: 200,
  maxExpandedNodes: 1_000_000,
  ruleBudgetMs: 2000,
};

/** Text files never contain NUL; one anywhere means binary (or corrupt) content. */
export function looksBinary(text: string): boolean {
  return text.indexOf('\u0000') >= 0;
}
