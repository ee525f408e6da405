// The server offers the Render quick fixes with exact text: `env` → `runtime`, migrations moved from
// buildCommand to preDeployCommand, `npm install` → `npm ci`; and fix-all applies them together.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, uriOf } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface TextDocumentEdit { textDocument: { uri: string; version: number | null }; edits: { range: Range; newText: string }[] }
interface CodeAction { title: string; kind?: string; isPreferred?: boolean; edit?: { documentChanges?: TextDocumentEdit[] } }

const BLUEPRINT = `services:
  - type: web
    name: api
    env: node # set by the dashboard export
    buildCommand: npm install && npx prisma migrate deploy && npm run build
    startCommand: node dist/server.js
    healthCheckPath: /health
`;

function apply(text: string, change: TextDocumentEdit): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 0, text), change.edits);
}

describe('language server: Render quick fixes', function () {
  this.timeout(30000);
  let client: TestClient;
  let file: string;

  beforeEach(async () => {
    const dir = writeWorkspace({ 'render.yaml': BLUEPRINT, 'package.json': '{"name":"api"}\n', 'package-lock.json': '{}\n' });
    file = path.join(dir, 'render.yaml');
    client = new TestClient();
    await client.initialize(dir);
    await client.open(file, BLUEPRINT);
    await client.waitFor(() => ['render-invalid-value', 'render-build-migrations', 'render-npm-install'].every((id) => client.diagnosticsFor(file)?.some((d) => d.code === id)), 'Render diagnostics');
  });
  afterEach(async () => {
    await client.dispose();
  });

  async function fixFor(code: string, title: string): Promise<string> {
    const d = client.diagnosticsFor(file)!.find((x) => x.code === code)!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `"${title}" among ${actions.map((a) => a.title).join(' | ')}`);
    const edit = action.edit!.documentChanges!.find((c) => c.textDocument.uri === uriOf(file))!;
    const fixed = apply(BLUEPRINT, edit);
    parse(fixed);
    return fixed;
  }

  it('renames the deprecated env: to runtime:', async () => {
    assert.equal(await fixFor('render-invalid-value', 'Rename `env` to `runtime`'), BLUEPRINT.replace('    env: node', '    runtime: node'));
  });

  it('moves the migration from buildCommand to a new preDeployCommand', async () => {
    assert.equal(
      await fixFor('render-build-migrations', 'Move prisma migrate deploy to preDeployCommand'),
      BLUEPRINT.replace('npm install && npx prisma migrate deploy && npm run build\n', 'npm install && npm run build\n    preDeployCommand: npx prisma migrate deploy\n'),
    );
  });

  it('replaces npm install with npm ci', async () => {
    assert.equal(await fixFor('render-npm-install', 'Use npm ci'), BLUEPRINT.replace('npm install &&', 'npm ci &&'));
  });

  it('applies all three with source.fixAll.readiness', async () => {
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.readiness'] },
    })) as CodeAction[];
    const edit = actions[0].edit!.documentChanges!.find((c) => c.textDocument.uri === uriOf(file))!;
    assert.equal(apply(BLUEPRINT, edit), [
      'services:',
      '  - type: web',
      '    name: api',
      '    runtime: node # set by the dashboard export',
      '    buildCommand: npm ci && npm run build',
      '    preDeployCommand: npx prisma migrate deploy',
      '    startCommand: node dist/server.js',
      '    healthCheckPath: /health',
      '',
    ].join('\n'));
  });
});
