// Spec output for people, plus the totals as JSON for .ci/run (READINESS_TEST_SUMMARY=path),
// so a run that executed no test is visible in CI's last line.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const target = process.env.READINESS_TEST_SUMMARY;
      if (!target) return;
      const s = runner.stats || {};
      const entry = { suite: process.env.READINESS_TEST_SUITE || 'unit', passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0 };
      fs.appendFileSync(target, JSON.stringify(entry) + '\n');
    });
  }
}

module.exports = SummaryReporter;
