import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// Transport (--stdio, --node-ipc, --socket=N, --pipe=NAME) is chosen from the command line.
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (err) => connection.console.error(`[readiness] uncaught: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (err) => connection.console.error(`[readiness] unhandled rejection: ${String(err)}`));
startServer(connection);
