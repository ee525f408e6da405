import type { AuditResult } from '../../engine/audit';
import type { Rule } from '../../engine/types';

export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  toolVersion: string;
  /** Where the report is written (links in Markdown are relative to it); undefined for stdout. */
  outputPath?: string;
  /** ISO time stamped into the Markdown footer. */
  generatedAt: string;
  /** Every rule, for formats that describe the catalogue (SARIF). */
  catalogue: readonly Rule[];
}

export type Formatter = (result: AuditResult, opts: FormatOptions) => string;
