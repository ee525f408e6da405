import * as assert from 'node:assert/strict';
import { blueprint, describeLocation, sameScope } from '../../engine/render/blueprint';
import { createSourceFile } from '../../engine/sourceFile';
import type { YamlSourceFile } from '../../engine/types';

const TEXT = `services:
  - type: web
    name: api
    env: python
    plan: starter
    numInstances: 2
    scaling:
      minInstances: 1
      maxInstances: 4
    disk: {name: data, mountPath: /data, sizeGB: 5}
    domains: [api.example.com]
    buildFilter:
      paths: ["src/**"]
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: db
          property: connectionString
      - key: CACHE
        fromService: {type: keyvalue, name: cache, property: connectionString}
      - fromGroup: shared
      - key: SECRET
        sync: false
databases:
  - name: db
    plan: basic-256mb
    ipAllowList: []
envVarGroups:
  - name: shared
    envVars:
      - key: A
        value: 1
projects:
  - name: p
    environments:
      - name: production
        services:
          - type: keyvalue
            name: cache
            ipAllowList:
              - source: 0.0.0.0/0
                description: everywhere
`;

function file(text: string): YamlSourceFile {
  return createSourceFile('render.yaml', 'render', text) as YamlSourceFile;
}

describe('render blueprint model', () => {
  const f = file(TEXT);
  const bp = blueprint(f)!;
  const at = (r: { start: number; end: number }) => TEXT.slice(r.start, r.end);

  it('reads services with typed fields and exact ranges', () => {
    assert.deepEqual(bp.services.map((s) => s.name?.value), ['api', 'cache']);
    const api = bp.services[0];
    assert.equal(api.env?.value, 'python');
    assert.equal(at(api.env!.keyRange), 'env');
    assert.equal(at(api.env!.valueRange), 'python');
    assert.equal(api.runtime, undefined);
    assert.equal(api.numInstances?.value, 2);
    assert.equal(api.scaling?.maxInstances?.value, 4);
    assert.equal(api.disk?.mountPath?.value, '/data');
    assert.deepEqual(api.domains.map((d) => at(d.valueRange)), ['api.example.com']);
    assert.deepEqual(api.buildFilter?.paths.map((p) => at(p.valueRange)), ['"src/**"']);
  });

  it('reads env var sources', () => {
    const [db, kv, group, secret] = bp.services[0].envVars;
    assert.equal(db.fromDatabase?.name?.value, 'db');
    assert.equal(at(db.fromDatabase!.property!.valueRange), 'connectionString');
    assert.deepEqual([kv.fromService?.type?.value, kv.fromService?.name?.value], ['keyvalue', 'cache']);
    assert.equal(group.fromGroup?.value, 'shared');
    assert.equal(group.key, undefined);
    assert.equal(secret.sync?.value, false);
    assert.equal(bp.envVarGroups[0].envVars[0].value?.raw, 1);
  });

  it('includes resources of project environments with their location', () => {
    const cache = bp.services[1];
    assert.equal(cache.location.scope, 'environment');
    assert.equal(describeLocation(cache.location), 'project p, environment production');
    assert.equal(sameScope(cache.location, bp.services[0].location), false);
    assert.equal(cache.ipAllowList?.entries[0].source?.value, '0.0.0.0/0');
    assert.deepEqual(bp.databases[0].ipAllowList?.entries, []);
  });

  it('gives undefined value (and keeps the node) when the type does not fit', () => {
    const b = blueprint(file('services:\n  - name: [a]\n    numInstances: many\n'))!;
    assert.equal(b.services[0].name?.value, undefined);
    assert.equal(b.services[0].numInstances?.value, undefined);
    assert.equal(b.services[0].numInstances?.raw, 'many');
  });

  it('is memoised per file version and absent for a non-mapping root', () => {
    assert.equal(blueprint(f), bp);
    assert.equal(blueprint(file('- a\n')), undefined);
  });
});
