import * as assert from 'node:assert/strict';
import { connectionLimit, planMemoryGB } from '../../engine/render/connectionLimits';

describe('render connection limits', () => {
  it('reads the RAM a current plan slug names', () => {
    assert.equal(planMemoryGB('basic-256mb'), 0.25);
    assert.equal(planMemoryGB('pro-8gb'), 8);
    assert.equal(planMemoryGB('Accelerated-16GB'), 16);
    assert.equal(planMemoryGB('starter'), undefined);
  });

  it('maps plans to the connection limit of their memory tier', () => {
    const limit = (p: string | undefined) => connectionLimit(p)?.limit;
    assert.deepEqual(['basic-256mb', 'basic-4gb', 'pro-4gb', 'pro-8gb', 'pro-16gb', 'accelerated-16gb', 'pro-32gb', 'accelerated-1024gb', 'free', undefined].map(limit), [100, 100, 100, 200, 400, 400, 500, 500, 100, 100]);
  });

  it('knows legacy plans, compared case-insensitively', () => {
    assert.deepEqual(['Starter', 'standard', 'pro', 'pro plus', 'pro_plus'].map((p) => connectionLimit(p)?.limit), [97, 97, 197, 397, 397]);
    assert.equal(connectionLimit('pro')?.basis, 'legacy instance type');
  });

  it('returns nothing for a plan it does not know', () => {
    assert.equal(connectionLimit('mega-2tb'), undefined);
  });
});
