// The Render rules that involve two places say where the second one is (relatedInformation).
import * as assert from 'node:assert/strict';
import { audit, writeWorkspace } from '../helpers/workspace';

const BLUEPRINT = `services:
  - type: web
    name: api
    runtime: node
    region: frankfurt
    startCommand: node server.js
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: app-dbb
          property: connectionString
      - key: CACHE_URL
        fromService:
          type: keyvalue
          name: cache
          property: connectionString
  - type: keyvalue
    name: cache
    region: ohio
    ipAllowList: []
databases:
  - name: app-db
    plan: basic-256mb
`;

describe('render rules: related information', () => {
  const dir = writeWorkspace({ 'render.yaml': BLUEPRINT });
  const result = audit(dir, { only: ['render-broken-reference', 'render-region-mismatch'] });
  const at = (r: { start: number; end: number }) => BLUEPRINT.slice(r.start, r.end);

  it('a broken reference points at the list that was searched', () => {
    const f = result.findings.find((x) => x.ruleId === 'render-broken-reference');
    assert.ok(f);
    assert.equal(at(f.range), 'app-dbb');
    assert.deepEqual(f.related.map((r) => [r.file, at(r.range), r.message]), [['render.yaml', 'databases', 'databases searched (the root)']]);
  });

  it('a region mismatch points at both regions', () => {
    const f = result.findings.find((x) => x.ruleId === 'render-region-mismatch');
    assert.ok(f);
    assert.equal(at(f.range), 'frankfurt');
    assert.deepEqual(f.related.map((r) => [r.file, at(r.range), r.message]), [['render.yaml', 'ohio', 'Key Value store cache is in ohio']]);
    assert.equal(result.findings.filter((x) => x.ruleId === 'render-region-mismatch').length, 1, 'the broken database reference has no region to compare');
  });
});
