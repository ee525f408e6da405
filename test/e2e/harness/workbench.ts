// One real VS Code workbench per scenario: code-server with a throwaway profile and the packaged VSIX,
// on a private copy of an example workspace, driven through Debian's Chromium by playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyExample, editorEnvironment, REPO, until, vsixPath, type EditorEnvironment } from './environment';
import { loadChromium, type Browser, type Locator, type Page } from './playwright';

export const SHOTS = path.join(REPO, 'test', 'e2e', 'screenshots');
const TIMEOUT = 60_000; // a language server needs its start-up time: every wait is on a condition, bounded by this

export interface WorkbenchOptions {
  /** label used in screenshot and temp dir names */
  name: string;
  example?: string;
  /** leave workspace trust on (and not granted): Restricted Mode */
  untrusted?: boolean;
  /** more .vsix files to install next to Readiness (the integration suite's host) */
  extraVsix?: string[];
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'files.autoSave': 'off',
  // Typed text lands exactly as typed: no suggestion accepted by Enter, no auto-indent, no auto-closing.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.autoIndent': 'none',
  // VS Code's YAML support sets its own autoIndent default per language, which wins over the global one.
  '[yaml]': { 'editor.autoIndent': 'none' },
  '[dockercompose]': { 'editor.autoIndent': 'none' },
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.minimap.enabled': false,
  // A failed scenario keeps the editor's logs: with the protocol trace they show what the server sent.
  'readiness.trace.server': 'verbose',
};

export const ACTIVATED = /_doActivateExtension readiness\.readiness\b/;
/** The extension's status bar item: the one with the shield icon ($(shield) in its text). */
export const STATUS_ITEM = '.statusbar-item:has(.codicon-shield)';

export class Workbench {
  readonly workspace: string;
  page!: Page;
  private readonly env: EditorEnvironment;
  private readonly profile: string;
  private server: ChildProcess | undefined;
  private browser: Browser | undefined;
  private shotCount = 0;
  readonly pageErrors: string[] = [];

  private constructor(private readonly opts: WorkbenchOptions) {
    this.env = editorEnvironment();
    this.workspace = copyExample(opts.example ?? 'shop', opts.name);
    this.profile = fs.mkdtempSync(path.join(os.tmpdir(), `readiness-profile-${opts.name}-`));
  }

  static async open(opts: WorkbenchOptions): Promise<Workbench> {
    const wb = new Workbench(opts);
    try {
      await wb.start();
    } catch (err) {
      await wb.close(true);
      throw err;
    }
    return wb;
  }

  private get userData(): string {
    return path.join(this.profile, 'user-data');
  }

  private commonArgs(): string[] {
    return ['--config', path.join(this.profile, 'config.yaml'), '--user-data-dir', this.userData, '--extensions-dir', path.join(this.profile, 'extensions')];
  }

  private async start(): Promise<void> {
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    const trust = this.opts.untrusted
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' }
      : { 'security.workspace.trust.enabled': false };
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...trust }, null, 2));
    // Without --config code-server writes ~/.config/code-server/config.yaml.
    fs.writeFileSync(path.join(this.profile, 'config.yaml'), 'auth: none\n');

    for (const vsix of [vsixPath(), ...(this.opts.extraVsix ?? [])]) {
      const inst = spawnSync(this.env.node, [this.env.entry, ...this.commonArgs(), '--install-extension', vsix], { encoding: 'utf8' });
      if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout)) throw new Error(`--install-extension ${vsix} failed:\n${inst.stdout}${inst.stderr}`);
    }

    const port = 20000 + Math.floor(Math.random() * 20000);
    const args = [this.env.entry, ...this.commonArgs(), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check'];
    if (!this.opts.untrusted) args.push('--disable-workspace-trust');
    args.push(this.workspace);
    // Own process group: code-server starts helpers (extension host, agent host) that are stopped with it.
    this.server = spawn(this.env.node, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const log = fs.createWriteStream(path.join(this.profile, 'code-server.log'));
    // Both streams feed one file: neither may end it while the other still writes (write after end).
    this.server.stdout!.pipe(log, { end: false });
    this.server.stderr!.pipe(log, { end: false });
    this.server.once('close', () => log.end());
    let exited: number | null = null;
    this.server.once('exit', (code) => (exited = code ?? -1));
    const end = Date.now() + TIMEOUT;
    for (;;) {
      if (exited !== null) throw new Error(`code-server exited with ${exited} before answering (log: ${this.profile}/code-server.log)`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > end) throw new Error('code-server did not answer /healthz');
      await new Promise((r) => setTimeout(r, 200));
    }

    this.browser = await loadChromium(this.env.playwrightDir).launch({
      executablePath: this.env.chromium,
      // The networking flags keep Chromium from calling out to a closed network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    this.page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    this.page.setDefaultTimeout(TIMEOUT);
    this.page.on('pageerror', (e) => this.pageErrors.push(e.message));
    await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.locator('.monaco-workbench').waitFor();
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  }

  /** Screenshot into test/e2e/screenshots as `<scenario>-<n>-<step>.png`. */
  async shot(step: string): Promise<string> {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${this.opts.name}-${String(++this.shotCount).padStart(2, '0')}-${step}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget input');
  }

  /** Runs a command by its palette title; the caller waits for the command's effect. */
  async runCommand(title: string): Promise<void> {
    const row = this.page.locator(`.quick-input-list .monaco-list-row:has(:text-is(${JSON.stringify(title)}))`).first();
    const end = Date.now() + TIMEOUT;
    for (;;) {
      // Keys typed while a webview (the report) has the focus go to its page, not to the workbench.
      await this.page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (active?.tagName === 'IFRAME') active.blur();
      });
      await this.page.keyboard.press('F1');
      await this.quickInput.waitFor({ state: 'visible' });
      await this.quickInput.fill('>' + title);
      try {
        // Enter before the matching row is rendered runs nothing or a stale pick.
        await row.waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        // The palette lists the commands known when it opened: an extension registered while the
        // workbench was still starting shows up only when the palette is opened again.
        if (Date.now() > end) throw err;
        await this.page.keyboard.press('Escape');
        await this.quickInput.waitFor({ state: 'hidden' });
      }
    }
    // The row itself, not Enter: the first-ranked row may be another command containing the same words.
    await row.click();
  }

  /**
   * Opens a workspace file; resolves when its tab is active and the editor has focus. Top-level files are
   * clicked in the Explorer (Quick Open depends on a file search that is slow on a busy machine); others
   * go through Quick Open.
   */
  async openFile(rel: string): Promise<void> {
    const name = path.basename(rel);
    // A compound selector (.label-name:text-is) inside :has matches nothing in Playwright; a bare :text-is does.
    const exact = `:has(:text-is(${JSON.stringify(name)}))`;
    if (!rel.includes('/')) {
      await this.page.locator(`.explorer-folders-view .monaco-list-row${exact}`).first().click();
    } else {
      await this.page.keyboard.press('Control+P');
      await this.quickInput.waitFor({ state: 'visible' });
      await this.quickInput.fill(rel);
      // The row whose name is exactly this file's (".env" also matches ".env.example", which may rank first).
      const row = this.page.locator(`.quick-input-list .monaco-list-row${exact}`).first();
      await row.waitFor();
      await row.click();
    }
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
    // A click in the Explorer opens the file but leaves the focus in the tree; typing must reach the editor.
    const focused = this.page.locator('.editor-instance .monaco-editor.focused');
    if ((await focused.count()) === 0) await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await focused.waitFor();
  }

  /**
   * Switches to an open editor's tab; resolves when it is active and the editor has focus (after
   * a webview such as the report had it, keys would otherwise go to the webview's page).
   */
  async focusTab(name: string): Promise<void> {
    await this.page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (active?.tagName === 'IFRAME') active.blur();
    });
    await this.page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first().click();
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: 15_000 });
    const focused = this.page.locator('.editor-instance .monaco-editor.focused');
    if ((await focused.count()) === 0) await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await focused.waitFor();
  }

  /** Moves the cursor with Go to Line (`line` or `line:column`, 1-based). */
  async goToLine(target: string): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.quickInput.fill(':' + target);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor();
    const [line] = target.split(':');
    await this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` }).waitFor();
  }

  squiggles(kind: 'error' | 'warning' | 'info' = 'error'): Locator {
    return this.page.locator(`.editor-instance .monaco-editor .squiggly-${kind}`);
  }

  /**
   * Waits until the active editor shows (or no longer shows) a squiggle of `kind` on a line: the squiggle's
   * overlay and the line number in the gutter share the line's top.
   */
  async squiggleOnLine(line: number, kind: 'error' | 'warning' | 'info' = 'error', present = true): Promise<void> {
    await this.page.waitForFunction(
      ({ line, kind, present }) => {
        const editor = document.querySelector('.editor-instance .monaco-editor.focused') ?? document.querySelector('.editor-instance .monaco-editor');
        if (!editor) return false;
        const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((e) => e.textContent?.trim() === String(line));
        if (!number) return !present;
        const top = number.getBoundingClientRect().top;
        const found = [...editor.querySelectorAll(`.squiggly-${kind}`)].some((s) => Math.abs(s.getBoundingClientRect().top - top) < 4);
        return found === present;
      },
      { line, kind, present },
    );
  }

  /** Moves the mouse onto the squiggle of a line (squiggles sit under the text layer: no locator.hover) and waits for the hover text. */
  async hoverSquiggle(line: number, text: string, kind: 'error' | 'warning' | 'info' = 'error'): Promise<void> {
    const box = await this.page.evaluate(
      ({ line, kind }) => {
        const editor = document.querySelector('.editor-instance .monaco-editor.focused') ?? document.querySelector('.editor-instance .monaco-editor');
        const number = [...(editor?.querySelectorAll('.margin-view-overlays .line-numbers') ?? [])].find((e) => e.textContent?.trim() === String(line));
        if (!editor || !number) return null;
        const top = number.getBoundingClientRect().top;
        const squiggle = [...editor.querySelectorAll(`.squiggly-${kind}`)].find((s) => Math.abs(s.getBoundingClientRect().top - top) < 4);
        const r = squiggle?.getBoundingClientRect();
        return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
      },
      { line, kind },
    );
    if (!box) throw new Error(`no ${kind} squiggle on line ${line}`);
    await this.page.mouse.move(box.x, box.y);
    await this.page.locator('.monaco-hover:not(.hidden)', { hasText: text }).first().waitFor();
  }

  /** Opens the Problems panel; its rows are files, then one row per marker. */
  async showProblems(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor();
  }

  /** Types into the Problems filter and waits until every marker row shown matches it. */
  async filterProblems(text: string): Promise<void> {
    const input = this.page.locator('.part.panel .viewpane-filter input').first();
    await input.waitFor();
    await input.fill(text);
    if (!text) return;
    await this.page.waitForFunction(
      (t) => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
        .map((e) => e.getAttribute('aria-label') ?? '')
        .filter((l) => /^(Error|Warning|Info): /.test(l))
        .every((l) => l.toLowerCase().includes(t.toLowerCase())),
      text,
    );
  }

  /** Starts recording the text of every notification toast, so a short-lived one is not missed. */
  async recordNotifications(): Promise<void> {
    // No named functions inside: tsx would wrap them in a helper (__name) that does not exist in the page.
    await this.page.evaluate(() => {
      const w = window as unknown as { readinessToasts: string[] };
      w.readinessToasts = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.notification-toast .notification-list-item-message')) {
          const t = el.textContent ?? '';
          if (t && !w.readinessToasts.includes(t)) w.readinessToasts.push(t);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }

  async waitForRecordedNotification(text: string): Promise<void> {
    await this.page.waitForFunction((t) => (window as unknown as { readinessToasts: string[] }).readinessToasts.some((m) => m.includes(t)), text);
  }

  problemRow(text: string): Locator {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
  }

  /** aria-labels of every rendered Problems row ("Error: MESSAGE at line L and character C. generated by SOURCE"). */
  async problemLabels(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  readFile(rel: string): string {
    return fs.readFileSync(path.join(this.workspace, rel), 'utf8');
  }

  async fileOnDisk(rel: string, what: string, check: (text: string) => boolean): Promise<string> {
    await until(`${rel} on disk: ${what}`, () => check(this.readFile(rel)));
    return this.readFile(rel);
  }

  /** Text of the extension host log (activation, extension errors) of this window. */
  extensionHostLog(): string {
    const logs = path.join(this.userData, 'logs');
    if (!fs.existsSync(logs)) return '';
    let text = '';
    for (const session of fs.readdirSync(logs)) {
      const dir = path.join(logs, session);
      for (const sub of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
        const file = path.join(dir, sub, 'remoteexthost.log');
        if (sub.startsWith('exthost') && fs.existsSync(file)) text += fs.readFileSync(file, 'utf8');
      }
    }
    return text;
  }

  /** Stops what this scenario started (its browser, its code-server process group); on failure keeps the logs. */
  async close(failed: boolean): Promise<void> {
    if (failed && this.page) {
      try {
        await this.shot('failure');
      } catch {
        /* the page may be gone */
      }
    }
    await this.browser?.close().catch(() => undefined);
    if (this.server?.pid) {
      try {
        process.kill(-this.server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    if (failed) {
      const keep = path.join(SHOTS, `${this.opts.name}-logs`);
      fs.rmSync(keep, { recursive: true, force: true });
      fs.mkdirSync(keep, { recursive: true });
      if (fs.existsSync(path.join(this.userData, 'logs'))) fs.cpSync(path.join(this.userData, 'logs'), path.join(keep, 'logs'), { recursive: true });
      if (fs.existsSync(path.join(this.profile, 'code-server.log'))) fs.copyFileSync(path.join(this.profile, 'code-server.log'), path.join(keep, 'code-server.log'));
      if (this.pageErrors.length) fs.writeFileSync(path.join(keep, 'page-errors.txt'), this.pageErrors.join('\n'));
    }
    if (!process.env.READINESS_E2E_KEEP) {
      fs.rmSync(this.profile, { recursive: true, force: true });
      fs.rmSync(path.dirname(this.workspace), { recursive: true, force: true });
    }
  }
}
