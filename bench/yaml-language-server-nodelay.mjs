// Starts yaml-language-server with its fixed 200 ms validation delay set to 0, so the benchmark
// compares its validation work with Readiness's (the delay is a constant, not a setting). The
// constructor assigns `this.validationDelayMs = 200`; an accessor on the prototype intercepts it.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('yaml-language-server/package.json'));
const pkg = require('yaml-language-server/package.json');
const { SettingsState } = await import(pathToFileURL(path.join(pkgDir, 'out/src/yamlSettings.js')).href);
Object.defineProperty(SettingsState.prototype, 'validationDelayMs', { configurable: true, get: () => 0, set: () => undefined });
process.env.YAML_LANGUAGE_SERVER_VERSION = pkg.version;
await import(pathToFileURL(path.join(pkgDir, 'out/src/server.js')).href);
