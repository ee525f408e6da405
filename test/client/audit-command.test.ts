// "Readiness: Audit Workspace" runs the server's audit inside a cancellable progress notification:
// the notification's cancel button must reach the server request (as `$/cancelRequest`, which the
// language client sends for a request whose token is cancelled). The extension is loaded here with
// stand-ins for `vscode` and the language client that record what it does.
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import * as path from 'node:path';
import { CancellationTokenSource, type CancellationToken } from 'vscode-jsonrpc/node';

interface SentRequest {
  method: string;
  params: { command: string; arguments: unknown[]; workDoneToken?: string };
  token?: CancellationToken;
  answer(result: unknown): void;
}

interface ProgressCall {
  options: { title: string; cancellable?: boolean };
  cancel: CancellationTokenSource;
}

/** Any property is a callable, constructible stand-in; `overrides` give the parts under test. */
function stub(overrides: Record<string, unknown> = {}): unknown {
  const fn = function () {
    return stub();
  };
  return new Proxy(fn, {
    get: (_t, key) => (key in overrides ? overrides[key as string] : key === 'prototype' ? {} : key === 'then' ? undefined : stub()),
    construct: () => stub() as object,
    set: () => true,
  });
}

describe('client: Audit Workspace command', () => {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const requests: SentRequest[] = [];
  const progress: ProgressCall[] = [];
  const shown: unknown[] = [];
  let extension: { activate(context: unknown): Promise<void> };
  const EXTENSION = path.join(__dirname, '..', '..', 'client', 'extension.ts');

  before(() => {
    // A plain object: the module loader copies a namespace's own properties.
    const vscode = {
      ...Object.fromEntries(['workspace', 'languages', 'CodeAction', 'CodeActionKind', 'Position', 'ProgressLocation', 'Range', 'StatusBarAlignment', 'Uri', 'ViewColumn'].map((k) => [k, stub()])),
      commands: stub({
        registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
          commands.set(id, handler);
          return { dispose() {} };
        },
      }),
      window: stub({
        withProgress: (options: ProgressCall['options'], task: (p: unknown, token: CancellationToken) => Promise<unknown>) => {
          const cancel = new CancellationTokenSource();
          progress.push({ options, cancel });
          return task({ report() {} }, cancel.token);
        },
        createWebviewPanel: (...args: unknown[]) => {
          shown.push(args);
          return stub();
        },
      }),
    };
    class LanguageClient {
      outputChannel = stub();
      start = () => Promise.resolve();
      onNotification = () => ({ dispose() {} });
      onProgress = () => ({ dispose() {} });
      sendRequest = (type: { method: string }, params: SentRequest['params'], token?: CancellationToken) =>
        new Promise((resolve) => requests.push({ method: type.method, params, token, answer: resolve }));
    }
    const languageClient = { LanguageClient, ExecuteCommandRequest: { type: { method: 'workspace/executeCommand' } }, WorkDoneProgress: { type: {} }, TransportKind: { ipc: 1 } };
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return vscode;
      if (request === 'vscode-languageclient/node') return languageClient;
      return load.call(this, request, ...rest);
    };
    try {
      extension = require(EXTENSION);
    } finally {
      loader._load = load;
      delete require.cache[require.resolve(EXTENSION)];
    }
  });

  it('passes the progress notification\'s cancellation to the server request, and opens no report for a cancelled audit', async () => {
    await extension.activate({ asAbsolutePath: (p: string) => p, subscriptions: [] });
    const audit = commands.get('readiness.auditWorkspace');
    assert.ok(audit, 'the command is registered');
    const done = audit() as Promise<unknown>;
    while (requests.length === 0) await new Promise((r) => setImmediate(r));

    assert.equal(progress.length, 1);
    assert.equal(progress[0].options.title, 'Readiness: auditing workspace');
    assert.equal(progress[0].options.cancellable, true);
    const [request] = requests;
    assert.equal(request.method, 'workspace/executeCommand');
    assert.equal(request.params.command, 'readiness.server.auditWorkspace');
    assert.equal(typeof request.params.workDoneToken, 'string', 'the server reports progress on the client\'s token');
    assert.ok(request.token, 'the request carries a cancellation token');
    assert.equal(request.token.isCancellationRequested, false);
    let heard = false;
    request.token.onCancellationRequested(() => (heard = true));

    progress[0].cancel.cancel();
    assert.equal(request.token.isCancellationRequested, true, 'the cancel button cancels the request');
    assert.equal(heard, true, 'the client hears it, and sends $/cancelRequest');
    request.answer({ cancelled: true, folders: [] });
    assert.deepEqual(await done, { cancelled: true, folders: [] });
    assert.deepEqual(shown, [], 'no report for a cancelled audit');
  });
});
