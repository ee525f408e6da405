// False-positive guard for the Blueprint spec: over every render.yaml in ../shared/corpus (real
// repositories and Render's own examples; render.yaml and render.yml), render-unknown-field never flags a key the spec lists
// for that level (and that applies to the service), and render-invalid-value never flags a value
// the spec's enums list. The errors the corpus does hold are pinned, each checked by hand.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar } from 'yaml';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { normaliseSlug } from '../../engine/render/spec';
import { blueprintKeys } from '../../engine/render/walk';
import type { Finding, YamlSourceFile } from '../../engine/types';
import { tmpDir } from '../helpers/workspace';
import { skipBecause } from '../helpers/skip';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
const RULES = ['render-unknown-field', 'render-invalid-value'];

function blueprints(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === '.git' ? [] : blueprints(dir, r);
    return /^render\.ya?ml$/.test(e.name) ? [r] : [];
  });
}

describe('corpus: the Blueprint spec has no false positives', function () {
  this.timeout(120000);
  if (!fs.existsSync(CORPUS)) {
    it('is skipped because ../shared/corpus is absent', function () {
      skipBecause(this, '../shared/corpus is absent');
    });
    return;
  }
  const files = blueprints(CORPUS).sort();
  const results = files.map((rel) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'render.yaml'), fs.readFileSync(path.join(CORPUS, rel)));
    const result = auditDirectory(dir, { config: defaultConfig(), only: RULES, git: null });
    const file = result.workspace.get('render.yaml') as YamlSourceFile;
    return { rel, file, findings: result.findings.filter((f) => RULES.includes(f.ruleId)) };
  });

  it('reads the corpus blueprints', () => {
    assert.ok(files.length >= 35, `${files.length} render.yaml files`);
  });

  it('never reports a key the spec lists at its level', () => {
    const wrong: string[] = [];
    for (const { rel, file, findings } of results) {
      const at = (f: Finding) => `${f.range.start}:${f.range.end}`;
      const unknown = new Set(findings.filter((f) => f.ruleId === 'render-unknown-field').map(at));
      for (const v of blueprintKeys(file)) {
        const applies = !v.spec?.appliesTo || !v.service || v.spec.appliesTo.test(v.service);
        if (v.spec && applies && unknown.has(`${v.keyRange.start}:${v.keyRange.end}`)) wrong.push(`${rel}: ${v.key}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('never reports a value the spec lists as valid', () => {
    const wrong: string[] = [];
    for (const { rel, file, findings } of results) {
      const invalid = new Set(findings.filter((f) => f.ruleId === 'render-invalid-value').map((f) => `${f.range.start}:${f.range.end}`));
      for (const v of blueprintKeys(file)) {
        if (!v.spec?.enum || !isScalar(v.value) || typeof v.value.value !== 'string') continue;
        const value = v.value.value;
        const listed = v.spec.enum.some((e) => (v.spec?.slug ? normaliseSlug(e) === normaliseSlug(value) : e === value));
        if (listed && invalid.has(`${v.valueRange.start}:${v.valueRange.end}`)) wrong.push(`${rel}: ${v.key}: ${value}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('reports exactly the errors checked by hand (deprecations aside)', () => {
    const errors = results.flatMap(({ rel, file, findings }) =>
      findings.filter((f) => f.severity === 'error').map((f) => `${rel}:${file.lines.positionAt(f.range.start).line + 1} ${f.ruleId} ${file.text.slice(f.range.start, f.range.end)}`));
    assert.deepEqual(errors, [
      '03ShreyanshGoel__ecommerce-microservices/render.yaml:4 render-invalid-value postgresql',
      '2026mohammed__final_backend/render.yaml:6 render-unknown-field pythonVersion',
      '6SHREYA__doctor-appointment-mern-project/render.yml:6 render-unknown-field nodeVersion',
      '6SHREYA__doctor-appointment-mern-project/render.yml:7 render-unknown-field port',
      'ABREHAMonly__flex-living-backend/render.yml:45 render-unknown-field mongoVersion',
      'ABREHAMonly__flex-living-backend/render.yml:47 render-unknown-field initScript',
      'AdonisJr__mms-be/render.yml:4 render-invalid-value php',
      'render-examples__forem/render.yaml:155 render-unknown-field sync',
      'render-examples__forem/render.yaml:158 render-unknown-field sync',
      'render-examples__forem/render.yaml:161 render-unknown-field sync',
    ]);
  });
});
