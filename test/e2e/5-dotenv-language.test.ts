// Scenario 5: .env files open in the dotenv language the extension contributes, with its highlighting.
import * as assert from 'node:assert/strict';
import { Workbench } from './harness/workbench';

describe('e2e: dotenv language', () => {
  let wb: Workbench;
  let failed = false;
  before(async () => {
    wb = await Workbench.open({ name: '5-dotenv' });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async () => wb && (await wb.close(failed)));

  it('shows "dotenv" as the language mode of .env and .env.example and colours keys and values differently', async () => {
    for (const file of ['.env.example', '.env']) {
      await wb.openFile(file);
      await wb.page.locator('#status\\.editor\\.mode', { hasText: 'dotenv' }).waitFor();
    }
    // Monaco renders each token as a span with a colour class (mtkN); plain text is one class for the line.
    const line = wb.page.locator('.editor-instance .view-lines .view-line', { hasText: 'POSTGRES_PASSWORD=shop-local-pw' }).first();
    await line.waitFor();
    await wb.page.waitForFunction(() => {
      const el = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].find((e) => e.textContent === 'POSTGRES_PASSWORD=shop-local-pw');
      return el && new Set([...el.querySelectorAll('span > span')].map((s) => s.className)).size >= 3;
    }, undefined);
    const classes = await line.locator('span > span').evaluateAll((els) => els.map((e) => `${e.className}:${e.textContent}`));
    const byText = new Map(classes.map((c) => [c.slice(c.indexOf(':') + 1), c.slice(0, c.indexOf(':'))]));
    assert.notEqual(byText.get('POSTGRES_PASSWORD'), byText.get('shop-local-pw'), classes.join(' '));
    await wb.shot('dotenv-mode');
  });
});
