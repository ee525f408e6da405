// What the status bar item says, as a pure function of the server's status notification.
import type { WorkspaceStatus } from '../server/auditCommand';

export interface StatusView {
  text: string;
  tooltip: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function statusView(status: WorkspaceStatus | undefined): StatusView {
  if (!status) return { text: '$(shield) Readiness', tooltip: 'Readiness is starting. Click to audit the workspace.' };
  if (!status.enabled) return { text: '$(shield) Readiness off', tooltip: 'Readiness is disabled (readiness.enable). Click to audit the workspace anyway.' };
  const counts = `${plural(status.errors, 'error')}, ${plural(status.warnings, 'warning')}, ${status.infos} info`;
  const fixable = status.fixable ? `; ${status.fixable} fixable automatically` : '';
  if (!status.complete) return { text: '$(shield) Readiness', tooltip: `Not every file has been checked yet (${counts} so far). Click to audit the workspace.` };
  return {
    text: `$(shield) ${status.score}${status.errors ? ` $(error) ${status.errors}` : ''}`,
    tooltip: `Readiness score ${status.score}/100 — ${status.verdict}. ${counts}${fixable}. Click to audit the workspace.`,
  };
}
