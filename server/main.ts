import * as v8 from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// While a large workspace is loaded and indexed nearly every object allocated survives, so V8
// grows the young generation to its maximum (2 × 16 MB) and keeps it there. Held at its initial
// size, the server of a 10,000-file workspace peaks about 30 MB lower. Edits are the opposite case:
// a few MB per keystroke, nearly all garbage at once, and a young generation held small collects
// (and promotes) several times per edit, which doubled the garbage collector's share of the main
// thread. So it is held only until the startup check is done, then left to grow as V8 sees fit
// (V8 reads the factor whenever it would grow the young generation; 2 is its default).
v8.setFlagsFromString('--semi-space-growth-factor=1');

// After a few seconds without edits V8's memory reducer collects, leaves the old generation's limit
// just above what is live and drops optimised code. Under V8's own growing heuristic the next few
// hundred keystrokes then ran six to eight full collections on top of the recompilation; growing
// the limit by a fixed factor of 4 (the heuristic's largest) after each full collection leaves
// none to two. Also set once the startup check is done, so loading a large workspace keeps the
// default (which index-10k's peak memory is measured with).
const AFTER_STARTUP = ['--semi-space-growth-factor=2', '--heap-growing-percent=300'];

// Transport (--stdio, --node-ipc, --socket=N, --pipe=NAME) is chosen from the command line.
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (err) => connection.console.error(`[readiness] uncaught: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (err) => connection.console.error(`[readiness] unhandled rejection: ${String(err)}`));
startServer(connection, { onStartupChecked: () => AFTER_STARTUP.forEach((flag) => v8.setFlagsFromString(flag)) });
