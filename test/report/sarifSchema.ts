import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';

const SCHEMA = path.join(__dirname, '..', 'schemas', 'sarif-schema-2.1.0.json');
let validate: ValidateFunction | undefined;

/** Validates against the official SARIF 2.1.0 schema (see test/schemas/README.md); returns the errors, [] when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // RFC 3986 absolute URI (scheme first), URI reference (no whitespace) and RFC 3339 time.
    ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s));
    ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
    ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
    validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
