import type { Context } from 'mocha';

/** Skips a test whose input is missing here, saying why; in CI a missing input is a failure, not a skip. */
export function skipBecause(ctx: Context, reason: string): never {
  if (process.env.CI) throw new Error(`cannot run in CI: ${reason}`);
  console.log(`      skipped: ${reason}`);
  ctx.skip();
}
