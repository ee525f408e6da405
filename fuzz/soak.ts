// `npm run soak [-- --edits N]`: 10,000 incremental edits over stdio to the example workspace's
// config files, each awaited until its diagnostics arrive. The server's resident memory at the
// end must stay within 10% of its value after warm-up.
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

function copy(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copy(path.join(from, e.name), path.join(to, e.name));
    else fs.copyFileSync(path.join(from, e.name), path.join(to, e.name));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const edits = argv[0] === '--edits' ? Number(argv[1]) : 10000;
  const serverJs = await bundleServer();
  const session = new ServerSession(serverJs);
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
  let warmRss = NaN;
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
      await sleep(1000);
      warmRss = session.rss();
      process.stdout.write(`after ${WARM_UP} edits (warm-up): RSS ${(warmRss / 1048576).toFixed(1)} MB\n`);
    } else if (i % 1000 === 0) process.stdout.write(`  ${i} edits, RSS ${(session.rss() / 1048576).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await sleep(1000);
  const endRss = session.rss();
  const growth = (endRss - warmRss) / warmRss;
  const seconds = (performance.now() - started) / 1000;
  await session.dispose();
  fs.rmSync(path.dirname(serverJs), { recursive: true, force: true });
  const summary = { edits, warmUpEdits: WARM_UP, rssAfterWarmUpMB: +(warmRss / 1048576).toFixed(1), rssAtEndMB: +(endRss / 1048576).toFixed(1), growthPercent: +(growth * 100).toFixed(1), seconds: Math.round(seconds), node: process.version, platform: `${os.platform()} ${os.arch()}` };
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
