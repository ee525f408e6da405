// `npm run soak [-- --edits N] [--settle-ms M]`: 10,000 incremental edits over stdio to the example
// workspace's config files, each awaited until its diagnostics arrive. The server's resident memory
// at the end must stay within 10% of its value after warm-up (1,000 edits), both read the same
// way: in a pause, after full collections and M ms (default 3000) for V8 to return freed pages.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../engine/text/lineIndex';
import { bundleServer } from './bundle';
import { Rng } from './rng';
import { ServerSession } from './serverCheck';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'shop');
const FILES = ['docker-compose.yml', 'render.yaml', '.github/workflows/deploy.yml', '.env'];
const WARM_UP = 1000;
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
const describe = (m: PauseMemory) => `RSS ${mb(m.settled.rss)} MB after full collections (anonymous ${mb(m.settled.anon)}, file-backed ${mb(m.settled.file)}; JavaScript heap in use ${mb(m.settled.heapUsed)}), ${mb(m.early)} MB before them`;

function copy(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copy(path.join(from, e.name), path.join(to, e.name));
    else fs.copyFileSync(path.join(from, e.name), path.join(to, e.name));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * RSS when typing pauses: 1 s into the pause as it stands, and after full collections (the GC
 * hook, then `settleMs` for V8 to finish sweeping and return freed pages). While edits arrive,
 * V8 lets the old generation fill with garbage up to several times its live size before it
 * collects, so the first figure lands anywhere on that saw-tooth (tens of MB apart from one moment
 * to the next); the second is what the server keeps, read the same way at both points.
 */
interface PauseMemory {
  /** RSS 1 s into the pause. */
  early: number;
  /** After the collections: all of RSS, anonymous and file-backed, and the JavaScript heap in use. */
  settled: { rss: number; anon: number; file: number; heapUsed: number };
}

async function pauseRss(session: ServerSession, settleMs: number, statsFile: string): Promise<PauseMemory> {
  await sleep(1000);
  const early = session.rss();
  fs.rmSync(statsFile, { force: true });
  if (!session.signal('SIGUSR2')) throw new Error('the server is gone');
  await sleep(settleMs);
  const heap = fs.existsSync(statsFile) ? (JSON.parse(fs.readFileSync(statsFile, 'utf8')) as { heapUsed: number }) : { heapUsed: NaN };
  return { early, settled: { ...session.memory(), heapUsed: heap.heapUsed } };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let edits = 10000;
  let settleMs = 3000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--edits') edits = Number(argv[++i]);
    else if (argv[i] === '--settle-ms') settleMs = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(edits) || edits < WARM_UP || !Number.isInteger(settleMs) || settleMs < 0) throw new Error(`--edits takes a whole number of at least ${WARM_UP}, --settle-ms a whole number`);
  const serverJs = await bundleServer();
  const statsFile = path.join(path.dirname(serverJs), 'heap.json');
  process.env.READINESS_SOAK_STATS = statsFile;
  const session = new ServerSession(serverJs, ['--expose-gc', '--require', path.join(__dirname, 'soakGc.cjs')]);
  copy(EXAMPLE, session.workspaceRoot);
  await session.start();
  const conn = session.connection;
  const files = FILES.filter((f) => fs.existsSync(path.join(session.workspaceRoot, f)));
  const docs = files.map((f) => ({ file: f, uri: pathToFileURL(path.join(session.workspaceRoot, f)).href, text: fs.readFileSync(path.join(session.workspaceRoot, f), 'utf8'), version: 1 }));
  const waiting = new Map<string, { version: number; resolve: () => void }>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const w = waiting.get(p.uri);
    if (w && p.version !== undefined && p.version >= w.version) {
      waiting.delete(p.uri);
      w.resolve();
    }
  });
  const published = (uri: string, version: number) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 15000);
    waiting.set(uri, { version, resolve: () => { clearTimeout(timer); resolve(); } });
  });
  for (const d of docs) {
    const done = published(d.uri, 1);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: d.file.endsWith('.env') ? 'dotenv' : 'yaml', version: 1, text: d.text } });
    await done;
  }

  // Typing: a character inserted at a random point of a random line, then removed again, so the
  // files keep their size and their findings come and go.
  const rng = new Rng(2026);
  let pending: { doc: (typeof docs)[number]; offset: number } | undefined;
  let warm: PauseMemory | undefined;
  const started = performance.now();
  for (let i = 1; i <= edits; i++) {
    let doc: (typeof docs)[number];
    let change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
    const index = () => new LineIndex(doc.text);
    if (pending) {
      doc = pending.doc;
      const lines = index();
      change = { range: { start: lines.positionAt(pending.offset), end: lines.positionAt(pending.offset + 1) }, text: '' };
      doc.text = doc.text.slice(0, pending.offset) + doc.text.slice(pending.offset + 1);
      pending = undefined;
    } else {
      doc = rng.pick(docs);
      const offset = rng.int(doc.text.length + 1);
      const ch = rng.pick(['a', '1', ' ', ':', '#', '"', '=', '-', '\n', 'x']);
      const lines = index();
      change = { range: { start: lines.positionAt(offset), end: lines.positionAt(offset) }, text: ch };
      doc.text = doc.text.slice(0, offset) + ch + doc.text.slice(offset);
      pending = { doc, offset };
    }
    doc.version++;
    const done = published(doc.uri, doc.version);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [change] });
    await done;
    if (i === WARM_UP) {
      warm = await pauseRss(session, settleMs, statsFile);
      process.stdout.write(`after ${WARM_UP} edits (warm-up): ${describe(warm)}\n`);
    } else if (i % 1000 === 0) process.stdout.write(`  ${i} edits, RSS ${mb(session.rss())} MB, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const end = await pauseRss(session, settleMs, statsFile);
  process.stdout.write(`after ${edits} edits: ${describe(end)}\n`);
  await session.dispose();
  fs.rmSync(path.dirname(serverJs), { recursive: true, force: true });
  if (!warm) throw new Error('no warm-up reading');
  const growth = (end.settled.rss - warm.settled.rss) / warm.settled.rss;
  const both = (key: keyof PauseMemory['settled']) => [+mb(warm!.settled[key]), +mb(end.settled[key])];
  const summary = {
    edits, warmUpEdits: WARM_UP, settleMs,
    rssAfterWarmUpMB: +mb(warm.settled.rss), rssAtEndMB: +mb(end.settled.rss), growthPercent: +(growth * 100).toFixed(1),
    anonMB: both('anon'), fileMB: both('file'), heapUsedMB: both('heapUsed'),
    rssBeforeGcMB: [+mb(warm.early), +mb(end.early)],
    seconds: Math.round(seconds), node: process.version, platform: `${os.platform()} ${os.arch()}`,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (!(growth <= 0.1)) {
    process.stdout.write(`RSS at the end is not within 10% of after warm-up\n`);
    return 1;
  }
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
});
