// The edit-latency workload: a 5,000-line docker-compose.yml and a 5,000-line render.yaml, and a
// scripted sequence of realistic edits on each (typing a value and deleting it, typing a new
// variable, pasting a new service, breaking and fixing indentation), as incremental changes.
// Deterministic: both servers receive the same changes from the same starting text.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Change } from './lsp';

const pad = (k: number) => String(k).padStart(3, '0');

/** A key Compose does not know, in one service: the baseline's schema validation must report it. */
export const PLANTED_UNKNOWN_KEY = 'unknown_key';

export function composeFile(services = 200): string {
  const out = ['# Generated for the edit-latency benchmark.', 'name: bench', 'services:'];
  out.push('  cache:', '    image: redis:7.2-alpine', '    restart: unless-stopped', '    healthcheck:', '      test: ["CMD", "redis-cli", "ping"]', '      interval: 10s');
  for (let k = 0; k < services; k++) {
    out.push(
      `  svc-${pad(k)}:`,
      `    image: registry.example.com/team/svc-${pad(k)}:1.4.2`,
      '    restart: unless-stopped',
      '    command: ["node", "server.js"]',
      '    ports:',
      `      - "127.0.0.1:${8000 + k}:8080"`,
      '    environment:',
      '      NODE_ENV: production',
      '      LOG_LEVEL: info',
      '      DATABASE_URL: ${DATABASE_URL}',
      '      CACHE_URL: redis://cache:6379/1',
      '    depends_on:',
      '      cache:',
      '        condition: service_healthy',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]',
      '      interval: 30s',
      '      timeout: 5s',
      '      retries: 3',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 512M',
      k === 3 ? `    ${PLANTED_UNKNOWN_KEY}: true` : '    labels:',
      k === 3 ? '    stop_grace_period: 20s' : `      team: team-${k % 7}`,
    );
  }
  out.push('volumes:', '  data: {}', '');
  return out.join('\n');
}

export function renderFile(services = 200): string {
  const out = ['# Generated for the edit-latency benchmark.', 'services:'];
  for (let k = 0; k < services; k++) {
    out.push(
      '  - type: web',
      `    name: svc-${pad(k)}`,
      '    runtime: node',
      '    plan: standard',
      '    region: oregon',
      '    buildCommand: npm ci && npm run build',
      '    startCommand: node dist/server.js',
      '    healthCheckPath: /health',
      '    numInstances: 2',
      '    envVars:',
      '      - key: NODE_ENV',
      '        value: production',
      '      - key: LOG_LEVEL',
      '        value: info',
      '      - key: DATABASE_URL',
      '        fromDatabase:',
      '          name: db',
      '          property: connectionString',
      '      - key: SESSION_SECRET',
      '        generateValue: true',
      '      - key: API_TOKEN',
      '        sync: false',
      '      - fromGroup: shared-settings',
      '    autoDeploy: true',
      `    rootDir: services/svc-${pad(k)}`,
    );
  }
  out.push('databases:', '  - name: db', '    plan: basic-256mb', 'envVarGroups:', '  - name: shared-settings', '    envVars:', '      - key: TZ', '        value: UTC', '');
  return out.join('\n');
}

/** Builds the changes while applying them to a mirror, so each is computed on the text it will meet. */
class Script {
  readonly changes: Change[] = [];
  private doc: TextDocument;
  private version = 1;

  constructor(text: string) {
    this.doc = TextDocument.create('file:///bench', 'yaml', 1, text);
  }

  /** Offset of the end of the line that contains `needle` (searched from `from`). */
  endOfLine(needle: string, from = 0): number {
    const text = this.doc.getText();
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`edit script: "${needle}" not found`);
    const eol = text.indexOf('\n', at);
    return eol < 0 ? text.length : eol;
  }

  startOfLine(needle: string, from = 0): number {
    const text = this.doc.getText();
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`edit script: "${needle}" not found`);
    return text.lastIndexOf('\n', at) + 1;
  }

  offsetOf(needle: string): number {
    const at = this.doc.getText().indexOf(needle);
    if (at < 0) throw new Error(`edit script: "${needle}" not found`);
    return at;
  }

  replace(start: number, end: number, text: string): void {
    const change: Change = { range: { start: this.doc.positionAt(start), end: this.doc.positionAt(end) }, text };
    this.changes.push(change);
    this.doc = TextDocument.update(this.doc, [change], ++this.version);
  }

  type(at: number, text: string): number {
    for (const ch of text) this.replace(at, at, ch), (at += ch.length);
    return at;
  }

  backspace(at: number, n: number): number {
    for (let i = 0; i < n; i++) this.replace(at - 1, at, ''), (at -= 1);
    return at;
  }
}

export interface EditScript {
  text: string;
  changes: Change[];
}

/** `count` edits on the compose file, cycling through the services. */
export function composeEdits(text: string, count = 200): EditScript {
  const s = new Script(text);
  for (let c = 0; s.changes.length < count; c++) {
    const svc = `svc-${pad((7 + c * 17) % 200)}:`;
    const block = s.offsetOf(`\n  ${svc}`);
    // Typing a value, then deleting it again.
    let at = s.endOfLine(':1.4.2', block);
    at = s.type(at, '-slim');
    s.backspace(at, 5);
    // Typing a new variable: Enter (with the editor's indentation), then the key and value.
    at = s.endOfLine('LOG_LEVEL: info', block);
    s.replace(at, at, '\n      ');
    s.type(at + 7, 'TZ: UTC');
    // Pasting a new service before the top-level volumes.
    at = s.startOfLine('volumes:');
    s.replace(at, at, `  added-${c}:\n    image: redis:7.2-alpine\n    restart: unless-stopped\n    read_only: true\n`);
    // Breaking the indentation of a key, then fixing it.
    at = s.startOfLine('    restart: unless-stopped', block);
    s.replace(at, at, ' ');
    s.replace(at, at + 1, '');
  }
  return { text, changes: s.changes.slice(0, count) };
}

/** `count` edits on the render.yaml, cycling through the services. */
export function renderEdits(text: string, count = 200): EditScript {
  const s = new Script(text);
  for (let c = 0; s.changes.length < count; c++) {
    const block = s.offsetOf(`name: svc-${pad((11 + c * 13) % 200)}\n`);
    let at = s.endOfLine('healthCheckPath: /health', block);
    at = s.type(at, 'z/live');
    s.backspace(at, 6);
    at = s.endOfLine('value: info', block);
    s.replace(at, at, '\n      ');
    s.type(at + 7, '- key: TZ');
    at = s.startOfLine('databases:');
    s.replace(at, at, `  - type: worker\n    name: added-${c}\n    runtime: python\n    plan: starter\n    buildCommand: pip install -r requirements.txt\n    startCommand: python worker.py\n`);
    at = s.startOfLine('    plan: standard', block);
    s.replace(at, at, ' ');
    s.replace(at, at + 1, '');
  }
  return { text, changes: s.changes.slice(0, count) };
}
