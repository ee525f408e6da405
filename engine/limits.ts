/** Resource limits that keep hostile or accidental input from hanging the editor. */
export interface Limits {
  /** Files larger than this are skipped with one info finding. */
  maxFileBytes: number;
  /** Source files (code scanned for env reads) larger than this are ignored. */
  maxSourceBytes: number;
  /** Alias/merge expansions a model builder may follow in one document. */
  maxAliasExpansions: number;
  /** Depth at which tree walks stop descending. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 2 * 1024 * 1024,
  maxSourceBytes: 1024 * 1024,
  maxAliasExpansions: 1000,
  maxDepth: 200,
};

export function looksBinary(text: string): boolean {
  const probe = Math.min(text.length, 8000);
  for (let i = 0; i < probe; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}
