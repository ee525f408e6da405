// What the in-process benchmark cases run of Readiness, bundled as the CLI and the server are
// shipped (bench/shippedBundle.ts builds it): under tsx the engine would run as transpiled source,
// with a name-keeping call for every named closure and yaml through CommonJS interop getters, which
// the shipped bundles have neither of.
export { auditDirectory } from '../engine/audit';
export { parseDotenv } from '../engine/parse/dotenv';
export { FORMATTERS } from '../cli/formats';
export { RULES } from '../rules';
export { VERSION } from '../cli/version';
export { defaultConfig } from '../engine/config';
export { detectKind } from '../engine/fileKinds';
export { scanFiles } from '../engine/load';
export { runRules } from '../engine/runner';
export { DiskFs, MemoryWorkspace } from '../engine/workspace';
