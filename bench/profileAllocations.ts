// Profiling aid for edit-latency: what one edit allocates. Replays the benchmark's edits on one
// file through the server's FolderState in this process under V8's sampling heap profiler (objects
// collected since included), and prints MB per edit and the functions that allocate most, each
// allocation charged to the nearest TypeScript frame.
//   npx tsx bench/profileAllocations.ts render.yaml [edits]
// READINESS_PROFILE_RETAINED=1 counts only what is still alive after the edits (after a warm-up
// pass): what an edit keeps, which is what makes the young generation's collections slow.
import * as inspector from 'node:inspector';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editFolder } from './editFolder';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

function post<T>(session: inspector.Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))));
}

async function main(): Promise<void> {
  const which = process.argv[2] === 'docker-compose.yml' ? 'docker-compose.yml' : 'render.yaml';
  const edits = Number(process.argv[3] ?? 100);
  const { root, folder, script } = editFolder(which, edits);
  let doc = TextDocument.create('file:///profile', 'yaml', 1, script.text);
  const session = new inspector.Session();
  session.connect();
  const retained = process.env.READINESS_PROFILE_RETAINED === '1';
  const replay = (changes: Parameters<typeof TextDocument.update>[1]): void => {
    for (const change of changes) {
      doc = TextDocument.update(doc, [change], doc.version + 1);
      folder.setOpenText(which, doc.getText(), doc.version);
      folder.check(new Set([which]));
    }
  };
  if (retained) replay([...script.changes, { text: script.text }]);
  await post(session, 'HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: !retained || process.env.READINESS_PROFILE_PROMOTED === '1', includeObjectsCollectedByMinorGC: !retained });
  replay(script.changes);
  if (retained) await post(session, 'HeapProfiler.collectGarbage');
  const { profile } = await post<{ profile: { head: ProfileNode } }>(session, 'HeapProfiler.stopSampling');
  const byFrame = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, own: string | undefined): void => {
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    const charged = /\.ts$/.test(f.url) ? name : own ?? name;
    total += node.selfSize;
    byFrame.set(charged, (byFrame.get(charged) ?? 0) + node.selfSize);
    for (const c of node.children) walk(c, charged);
  };
  walk(profile.head, undefined);
  console.log(`${which}: ${edits} edits, ${(total / edits / 1e6).toFixed(2)} MB ${retained ? 'still alive' : 'allocated'} per edit`);
  for (const [frame, bytes] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${frame}`);
  fs.rmSync(root, { recursive: true, force: true });
}

void main();
