import * as assert from 'node:assert/strict';
import { createProgress } from '../../cli/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 50, write: (s: string) => writes.push(s) } };
}

describe('CLI progress line', () => {
  it('stays silent when stderr is not a terminal', () => {
    const { writes, stream } = fakeStream(false);
    const p = createProgress(stream, { now: () => 10_000 });
    p.onFile(0, 10, 'a.yml');
    p.clear();
    assert.deepEqual(writes, []);
  });

  it('appears only on long runs, redraws at most every interval, and is erased before output', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const p = createProgress(stream, { delayMs: 300, intervalMs: 100, now: () => t });
    p.onFile(0, 1000, 'a/docker-compose.yml');
    t = 350;
    p.onFile(1, 1000, 'b/docker-compose.yml');
    t = 400;
    p.onFile(2, 1000, 'c/docker-compose.yml');
    t = 460;
    p.onFile(3, 1000, 'services/payments/deploy/docker-compose.production.yml');
    t = 470;
    p.onFile(999, 1000, 'z.yml');
    p.clear();
    assert.deepEqual(writes, [
      '\r\x1b[Kreadiness: reading 2/1000 b/docker-compose.yml',
      '\r\x1b[Kreadiness: reading 4/1000 services/payments/depl…',
      '\r\x1b[Kreadiness: checking 1000 config files…',
      '\r\x1b[K',
    ]);
  });
});
