import * as assert from 'node:assert/strict';
import { DEPLOY_COMMANDS, DEPLOY_WORD } from '../../engine/deploy/platforms';

/** Top-level alternatives of a regular expression's source (outside groups and classes). */
function alternatives(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(src.slice(start, i));
      start = i + 1;
    }
  }
  out.push(src.slice(start));
  return out;
}

/** The words an alternative can start with: `\bfly(?:ctl)?…` → fly; `\b(?:sam|cdk)\s+…` → sam, cdk. */
function leadingWords(alternative: string): string[] {
  assert.ok(alternative.startsWith('\\b'), `${alternative} starts at a word boundary`);
  const rest = alternative.slice(2);
  if (!rest.startsWith('(?:')) return [/^[a-z]+/.exec(rest)?.[0] ?? ''];
  const group = rest.slice(3, rest.indexOf(')'));
  return alternatives(group).map((a) => /^[a-z]+/.exec(a)?.[0] ?? '');
}

describe('deploy commands pre-check', () => {
  it('DEPLOY_WORD matches the first word of every deploy command pattern', () => {
    for (const c of DEPLOY_COMMANDS) {
      for (const alt of alternatives(c.match.source)) {
        for (const word of leadingWords(alt)) {
          assert.ok(word, `a literal word starts ${alt}`);
          assert.equal(DEPLOY_WORD.exec(word)?.index, 0, `DEPLOY_WORD covers "${word}" (${c.platform})`);
        }
      }
    }
  });

  it('lines with a deploy command pass the pre-check; others are skipped', () => {
    for (const line of ['flyctl deploy --remote-only', 'npx vercel@latest --prod', 'gcloud beta run deploy api', 'git push heroku main', 'sls deploy', 'curl -X POST "$RENDER_DEPLOY_HOOK"']) {
      assert.ok(DEPLOY_COMMANDS.some((c) => c.match.test(line)), line);
      assert.ok(DEPLOY_WORD.test(line), line);
    }
    assert.equal(DEPLOY_WORD.test('npm ci && npm test'), false);
  });
});
