// The runtime each major version of common JavaScript actions declares (`runs.using` in its
// action.yml at the major tag), and the current major to move to. Checked 2026-12-02 by reading
// `action.yml` at every `vN` tag of each repository (https://github.com/<owner>/<repo>/blob/vN/action.yml).
//
// Runtime status (GitHub changelog and the runner's own messages):
// - node12: forced onto node16 then removed in 2023
//   https://github.blog/changelog/2022-09-22-github-actions-all-actions-will-begin-running-on-node16-instead-of-node12/
// - node16: forced onto node20 from 2024-06-03
//   https://github.blog/changelog/2024-03-07-github-actions-all-actions-will-run-on-node20-instead-of-node16-by-default/
// - node20: Node.js 20 reached end of life on 2026-04-30 (https://nodejs.org/en/about/previous-releases);
//   the runner moves JavaScript actions to node24 (actions/runner#3948, phases: node24 by default, then
//   required). Third-party reports give 2026-06-02 for the default and 2026-09-16 for removal; these dates
//   were not confirmed in GitHub's changelog, so messages do not quote them.
// Service retirements that break old majors whatever the runtime:
// - actions/upload-artifact and download-artifact v1–v3: the old artifact backend was retired
//   (https://github.blog/changelog/2024-04-16-deprecation-notice-v3-of-the-artifact-actions/).
// - actions/cache v1–v2: the legacy cache service closed on 2025-03-01
//   (https://github.blog/changelog/2024-12-05-notice-of-upcoming-releases-and-breaking-changes-for-github-actions/).

export type Runtime = 'node12' | 'node16' | 'node20' | 'node24' | 'docker' | 'composite';

export interface ActionMajors {
  /** `runs.using` per major version number. */
  majors: Record<number, Runtime>;
  /** The newest major (the fix target). */
  current: number;
  /** Majors that fail outright because a service behind them was retired, with the reason. */
  retired?: { upTo: number; reason: string };
}

export const DEPRECATED_ACTIONS_CHECKED = '2026-12-02';

export const ACTION_MAJORS: Readonly<Record<string, ActionMajors>> = {
  'actions/checkout': { majors: { 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node24', 6: 'node24', 7: 'node24' }, current: 7 },
  'actions/setup-node': { majors: { 1: 'node12', 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node24', 6: 'node24', 7: 'node24' }, current: 7 },
  'actions/setup-python': { majors: { 1: 'node12', 2: 'node12', 3: 'node16', 4: 'node16', 5: 'node20', 6: 'node24', 7: 'node24' }, current: 7 },
  'actions/setup-java': { majors: { 1: 'node12', 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node24' }, current: 5 },
  'actions/setup-go': { majors: { 1: 'node12', 2: 'node12', 3: 'node16', 4: 'node16', 5: 'node20', 6: 'node24', 7: 'node24' }, current: 7 },
  'actions/setup-dotnet': { majors: { 1: 'node12', 2: 'node16', 3: 'node16', 4: 'node20', 5: 'node24', 6: 'node24' }, current: 6 },
  'actions/cache': {
    majors: { 1: 'node12', 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node24' }, current: 5,
    retired: { upTo: 2, reason: 'the legacy cache service it talks to was shut down on 2025-03-01, so the step fails' },
  },
  'actions/upload-artifact': {
    majors: { 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node20', 6: 'node24', 7: 'node24' }, current: 7,
    retired: { upTo: 3, reason: 'the artifact backend it talks to was retired, so the step fails' },
  },
  'actions/download-artifact': {
    majors: { 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node20', 6: 'node20', 7: 'node24', 8: 'node24' }, current: 8,
    retired: { upTo: 3, reason: 'the artifact backend it talks to was retired, so the step fails' },
  },
  'actions/github-script': { majors: { 1: 'node12', 2: 'node12', 3: 'node12', 4: 'node12', 5: 'node12', 6: 'node16', 7: 'node20', 8: 'node24' }, current: 8 },
  'actions/deploy-pages': { majors: { 1: 'node16', 2: 'node16', 3: 'node20', 4: 'node20', 5: 'node24' }, current: 5 },
  'docker/build-push-action': { majors: { 2: 'node12', 3: 'node16', 4: 'node16', 5: 'node20', 6: 'node20', 7: 'node24' }, current: 7 },
  'docker/login-action': { majors: { 1: 'node12', 2: 'node16', 3: 'node20', 4: 'node24' }, current: 4 },
  'docker/setup-buildx-action': { majors: { 1: 'node12', 2: 'node16', 3: 'node20', 4: 'node24' }, current: 4 },
  'docker/setup-qemu-action': { majors: { 1: 'node12', 2: 'node16', 3: 'node20', 4: 'node24' }, current: 4 },
  'docker/metadata-action': { majors: { 1: 'node12', 2: 'node12', 3: 'node12', 4: 'node16', 5: 'node20', 6: 'node24' }, current: 6 },
  'aws-actions/configure-aws-credentials': { majors: { 1: 'node12', 2: 'node16', 3: 'node16', 4: 'node20', 5: 'node20', 6: 'node24' }, current: 6 },
  'google-github-actions/auth': { majors: { 0: 'node16', 1: 'node16', 2: 'node20', 3: 'node24' }, current: 3 },
};

/** What a runtime means for a workflow today, for messages. */
export const RUNTIME_STATUS: Readonly<Record<'node12' | 'node16' | 'node20', string>> = {
  node12: 'node12, which GitHub removed from its runners in 2023',
  node16: 'node16, which GitHub stopped running in 2024 (such actions are forced onto a newer Node they were not built for)',
  node20: 'node20, which reached end of life in April 2026 and which GitHub runners are replacing with node24',
};
