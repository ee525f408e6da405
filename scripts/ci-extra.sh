#!/usr/bin/env bash
# Editor suites, run by .ci/run after packaging: installs the editor test environment (scripts/e2e/setup.sh,
# cached in ~/.cache/readiness-e2e), then runs the end-to-end scenarios in a real VS Code (code-server +
# Playwright), the vscode-API integration suite inside code-server's extension host, and the neovim LSP test.
# Each suite appends its totals to $READINESS_TEST_SUMMARY. A missing piece of the environment fails the
# run and is counted as a failure; nothing is skipped silently.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
step() { printf '\n=== %s (%ss)\n' "$*" "$SECONDS"; }
# A suite that could not start still shows up in CI's totals, as one failure.
failed_to_start() {
  echo "ERROR: $1 did not run: $2"
  [ -n "${READINESS_TEST_SUMMARY:-}" ] && printf '{"suite":"%s","passed":0,"failed":1,"pending":0}\n' "$1" >>"$READINESS_TEST_SUMMARY"
  status=1
}

step "editor test environment: scripts/e2e/setup.sh"
if ! bash scripts/e2e/setup.sh; then
  failed_to_start e2e "the editor test environment could not be installed (see above)"
  failed_to_start vscode "the editor test environment could not be installed"
  failed_to_start nvim "the editor test environment could not be installed"
  exit 1
fi

reported() { [ -n "${READINESS_TEST_SUMMARY:-}" ] && grep -c "\"suite\":\"$1\"" "$READINESS_TEST_SUMMARY" 2>/dev/null || echo 0; }
# run_suite NAME TITLE: `npm run test:NAME`; a suite that ends without reporting totals counts as failed.
run_suite() {
  step "npm run test:$1 ($2)"
  local before; before=$(reported "$1")
  READINESS_TEST_SUITE="$1" npm run "test:$1" || status=1
  if [ -n "${READINESS_TEST_SUMMARY:-}" ] && [ "$(reported "$1")" = "$before" ]; then
    failed_to_start "$1" "npm run test:$1 ended without reporting any test result"
  fi
}

run_suite e2e "VS Code scenarios in code-server, driven by Playwright"
run_suite vscode "integration suite in code-server's extension host"
run_suite nvim "neovim's built-in LSP client"

step "editor suites done"
exit $status
