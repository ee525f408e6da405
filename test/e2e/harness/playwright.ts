// playwright-core lives in the e2e cache (scripts/e2e/setup.sh), not in the project's dependencies, so it is
// loaded at run time and typed here with the small part of its API the harness uses.
import { createRequire } from 'node:module';
import * as path from 'node:path';

export interface Box { x: number; y: number; width: number; height: number }
type WaitState = 'attached' | 'detached' | 'visible' | 'hidden';

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  waitFor(options?: { state?: WaitState; timeout?: number }): Promise<void>;
  count(): Promise<number>;
  click(options?: { timeout?: number }): Promise<void>;
  dblclick(options?: { timeout?: number }): Promise<void>;
  fill(value: string): Promise<void>;
  textContent(): Promise<string | null>;
  innerText(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
  boundingBox(): Promise<Box | null>;
  evaluateAll<R>(fn: (elements: Element[]) => R): Promise<R>;
}

export interface FrameLocator {
  frameLocator(selector: string): FrameLocator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
}

export interface Page {
  goto(url: string): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  frameLocator(selector: string): FrameLocator;
  screenshot(options: { path: string }): Promise<unknown>;
  setDefaultTimeout(ms: number): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  evaluate<R>(fn: () => R): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, options?: { timeout?: number; polling?: number | 'raf' }): Promise<unknown>;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  mouse: { move(x: number, y: number): Promise<void> };
}

export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

interface Chromium {
  launch(options: { executablePath: string; args: string[]; headless?: boolean }): Promise<Browser>;
}

export function loadChromium(playwrightDir: string): Chromium {
  const req = createRequire(path.join(playwrightDir, 'package.json'));
  return (req(playwrightDir) as { chromium: Chromium }).chromium;
}
