import type { AuditResult } from '../../engine/audit';

export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  toolVersion: string;
}

export type Formatter = (result: AuditResult, opts: FormatOptions) => string;
