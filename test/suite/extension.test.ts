// Integration suite against the `vscode` API: activation, diagnostics and code actions of the installed
// extension, on a copy of examples/shop opened as the workspace folder.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'readiness.readiness';
const FIX_TITLE = 'Replace with ${ADMIN_PASSWORD} and declare ADMIN_PASSWORD in .env.example';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a copy of examples/shop opened as the workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, rel));
}

function readinessDiagnostics(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'readiness' && (typeof d.code === 'object' ? d.code.value : d.code) === rule);
}

/** Resolves when `check` holds, re-checking on every diagnostics change: no fixed delays. */
function diagnosticsWhere(uri: vscode.Uri, check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.code, d.range.start.line, d.message]))}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && check()) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

describe('Readiness extension (vscode API)', () => {
  const compose = () => workspaceFile('docker-compose.yml');

  it('activates and registers its commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['readiness.auditWorkspace', 'readiness.fixAllInWorkspace', 'readiness.showRuleDocumentation', 'readiness.showOutput']) {
      assert.ok(commands.includes(id), `command ${id} missing`);
    }
  });

  it('opens .env files in the dotenv language', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('.env'));
    assert.equal(doc.languageId, 'dotenv');
  });

  it('reports the hardcoded password of docker-compose.yml with the rule id, range and severity', async () => {
    const doc = await vscode.workspace.openTextDocument(compose());
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhere(compose(), () => readinessDiagnostics(compose(), 'hardcoded-secret').length > 0, 'hardcoded-secret in docker-compose.yml');
    const [d, ...rest] = readinessDiagnostics(compose(), 'hardcoded-secret');
    assert.equal(rest.length, 0);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [21, 22, 21, 30]);
    assert.equal(d.message, 'ADMIN_PASSWORD holds a literal secret in plain text (adm***), and it is weak (a common password). Use ${ADMIN_PASSWORD} and set it outside git.');
    assert.equal(typeof d.code === 'object' ? d.code.target.toString() : '', vscode.Uri.file(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'docs', 'rules', 'hardcoded-secret.md')).toString());
  });

  it('offers the quick fix and the documentation action, and the fix clears the diagnostic', async () => {
    const [d] = readinessDiagnostics(compose(), 'hardcoded-secret');
    assert.ok(d, 'the previous test leaves the diagnostic in place');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', compose(), d.range)) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Show documentation for hardcoded-secret'), titles.join('\n'));
    const fix = actions.find((a) => a.title === FIX_TITLE);
    assert.ok(fix?.edit, titles.join('\n'));
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(fix.edit.entries().map(([uri]) => path.basename(uri.fsPath)).sort(), ['.env.example', 'docker-compose.yml']);

    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    const doc = await vscode.workspace.openTextDocument(compose());
    assert.equal(doc.lineAt(21).text, '      ADMIN_PASSWORD: ${ADMIN_PASSWORD}');
    const example = await vscode.workspace.openTextDocument(workspaceFile('.env.example'));
    assert.equal(example.getText(), '# Copy to .env for local development\nPOSTGRES_PASSWORD=\nJWT_SECRET=\nADMIN_PASSWORD=\n');
    await diagnosticsWhere(compose(), () => readinessDiagnostics(compose(), 'hardcoded-secret').length === 0, 'the hardcoded-secret diagnostic to clear');
    // The weak JWT_SECRET default on the next line is still reported.
    assert.deepEqual(readinessDiagnostics(compose(), 'weak-secret').map((x) => x.range.start.line), [22]);
  });
});
