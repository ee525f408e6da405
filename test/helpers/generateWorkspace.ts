// A synthetic workspace of N source files with environment reads and the configs that deploy them,
// for scale tests and benchmarks: a render.yaml with one service per folder, a docker-compose.yml,
// an .env.example, code in five languages, plus what indexing must skip (node_modules, build
// output, a git-ignored folder, an oversized file). Deterministic: the same N gives the same files,
// and the expected findings are known.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GeneratedWorkspace {
  root: string;
  /** Source files under services/ (what the index must read). */
  sourceFiles: number;
  services: number;
  /** Reads of a variable no service provides, one per 50 files: the env-missing-required findings expected. */
  missingReads: number;
  /** Files written that indexing must skip. */
  skippedFiles: number;
}

const EXTENSIONS = ['js', 'py', 'go', 'rb', 'ts'] as const;

function serviceName(k: number): string {
  return `svc-${String(k).padStart(3, '0')}`;
}

/** The variable prefix of a service: SVC_007 for svc-007. */
function prefix(k: number): string {
  return `SVC_${String(k).padStart(3, '0')}`;
}

function code(ext: (typeof EXTENSIONS)[number], i: number, svc: number, missing: boolean): string {
  const db = `${prefix(svc)}_DATABASE_URL`;
  const feature = `FEATURE_${i}`;
  const absent = `MISSING_${i}`;
  switch (ext) {
    case 'js':
    case 'ts':
      return [
        `// Module ${i}: process.env.COMMENTED_${i} is not read.`,
        `const db = process.env.${db};`,
        `const port = process.env.PORT || 3000;`,
        `const flag = process.env.${feature} ?? 'off';`,
        ...(missing ? [`const key = process.env.${absent};`] : []),
        `module.exports = { db, port, flag${missing ? ', key' : ''} };`,
        '',
      ].join('\n');
    case 'py':
      return [
        `"""Module ${i}: os.environ["DOCSTRING_${i}"] is not read."""`,
        'import os',
        '',
        `DB = os.environ["${db}"]`,
        `PORT = int(os.getenv("PORT", "8000"))`,
        `FLAG = os.getenv("${feature}", "off")`,
        ...(missing ? [`KEY = os.environ["${absent}"]`] : []),
        '',
      ].join('\n');
    case 'go':
      return [
        `package mod${i}`,
        '',
        'import "os"',
        '',
        `// os.Getenv("COMMENTED_${i}") is not read.`,
        'func Config() map[string]string {',
        `\tflag := os.Getenv("${feature}")`,
        '\tif flag == "" {',
        '\t\tflag = "off"',
        '\t}',
        `\treturn map[string]string{"db": os.Getenv("${db}"), "flag": flag${missing ? `, "key": os.Getenv("${absent}")` : ''}}`,
        '}',
        '',
      ].join('\n');
    case 'rb':
      return [
        `# Module ${i}: ENV["COMMENTED_${i}"] is not read.`,
        `DB = ENV.fetch("${db}")`,
        `FLAG = ENV.fetch("${feature}", "off")`,
        ...(missing ? [`KEY = ENV["${absent}"]`] : []),
        '',
      ].join('\n');
  }
}

export function generateWorkspace(root: string, files: number): GeneratedWorkspace {
  const services = Math.max(1, Math.min(50, Math.ceil(files / 200)));
  const write = (rel: string, text: string) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  };
  let missingReads = 0;
  for (let i = 0; i < files; i++) {
    const svc = i % services;
    const ext = EXTENSIONS[i % EXTENSIONS.length];
    const missing = i % 50 === 49;
    if (missing) missingReads++;
    write(`services/${serviceName(svc)}/src/m${Math.floor(i / 100)}/mod${i}.${ext}`, code(ext, i, svc, missing));
  }
  const render = ['services:'];
  const compose = ['services:'];
  for (let k = 0; k < services; k++) {
    render.push(
      '  - type: web', `    name: ${serviceName(k)}`, '    runtime: node', `    rootDir: services/${serviceName(k)}`, '    startCommand: node src/index.js',
      '    envVars:', `      - key: ${prefix(k)}_DATABASE_URL`, '        fromDatabase:', '          name: db', '          property: connectionString',
    );
    compose.push(`  ${serviceName(k)}:`, `    build: ./services/${serviceName(k)}`, '    environment:', `      ${prefix(k)}_DATABASE_URL: postgres://db/${serviceName(k)}`);
  }
  render.push('databases:', '  - name: db', '');
  compose.push('');
  write('render.yaml', render.join('\n'));
  write('docker-compose.yml', compose.join('\n'));
  write('.env.example', Array.from({ length: services }, (_, k) => `${prefix(k)}_DATABASE_URL=`).join('\n') + '\n' + Array.from({ length: files }, (_, i) => (i % 50 === 49 ? `MISSING_${i}=` : '')).filter(Boolean).join('\n') + '\n');
  write('.gitignore', 'generated/\n');
  // What the index must not read: dependencies, build output, ignored files, an oversized file.
  const skipped = [
    ...Array.from({ length: 20 }, (_, i) => [`node_modules/dep${i}/index.js`, 'module.exports = process.env.DEPENDENCY_ONLY;\n']),
    ...Array.from({ length: 10 }, (_, i) => [`services/${serviceName(0)}/dist/bundle${i}.js`, 'const x = process.env.BUILD_OUTPUT_ONLY;\n']),
    ...Array.from({ length: 10 }, (_, i) => [`generated/gen${i}.py`, 'import os\nX = os.environ["IGNORED_ONLY"]\n']),
    [`services/${serviceName(0)}/src/huge.js`, `const big = process.env.OVERSIZED_ONLY;\n${'// padding\n'.repeat(110_000)}`],
  ];
  for (const [rel, text] of skipped) write(rel, text);
  return { root, sourceFiles: files, services, missingReads, skippedFiles: skipped.length };
}
