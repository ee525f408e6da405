// The edit-latency workspace (the generated 5,000-line docker-compose.yml and render.yaml) loaded
// and checked in a FolderState in this process, for the in-process profiling aids.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderState } from '../server/folder';
import { DEFAULT_SETTINGS } from '../server/settings';
import { composeEdits, composeFile, renderEdits, renderFile, type EditScript } from './editScript';

export type EditedFile = 'render.yaml' | 'docker-compose.yml';

export function editFolder(which: EditedFile, edits: number): { root: string; folder: FolderState; script: EditScript } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-profile-'));
  const compose = composeFile();
  const render = renderFile();
  fs.writeFileSync(path.join(root, 'docker-compose.yml'), compose);
  fs.writeFileSync(path.join(root, 'render.yaml'), render);
  const folder = new FolderState(root, () => undefined);
  folder.load(DEFAULT_SETTINGS);
  folder.check(undefined);
  const script = which === 'render.yaml' ? renderEdits(render, edits) : composeEdits(compose, edits);
  return { root, folder, script };
}
