// detectTokenFormat skips values shorter than any format can match: this pins that bound to the
// formats, so a shorter format added later fails here instead of going undetected.
import * as assert from 'node:assert/strict';
import { TOKEN_FORMATS, detectTokenFormat } from '../../engine/secrets/tokenFormats';

/** The shortest value each format matches (one character less must not match). */
const SHORTEST: Record<string, string> = {
  'AWS access key id': `AKIA${'A'.repeat(16)}`,
  'GitHub token': `ghp_${'a'.repeat(36)}`,
  'GitHub fine-grained token': `github_pat_${'a'.repeat(60)}`,
  'Stripe live key': `sk_live_${'a'.repeat(16)}`,
  'Slack token': `xoxb-${'a'.repeat(10)}`,
  'Google API key': `AIza${'a'.repeat(35)}`,
  'SendGrid API key': `SG.${'a'.repeat(22)}.${'a'.repeat(43)}`,
  'OpenAI API key': `sk-${'a'.repeat(32)}`,
  'private key': '-----BEGIN PRIVATE KEY-----',
  'JSON Web Token': `eyJ${'a'.repeat(10)}.eyJ${'a'.repeat(10)}.${'a'.repeat(10)}`,
};

describe('secrets: token formats', () => {
  it('has a shortest example for every format, matched by it and by detectTokenFormat, and not one character shorter', () => {
    assert.deepEqual(TOKEN_FORMATS.map((t) => t.name).sort(), Object.keys(SHORTEST).sort());
    for (const t of TOKEN_FORMATS) {
      const value = SHORTEST[t.name];
      assert.ok(t.pattern.test(value), t.name);
      assert.equal(detectTokenFormat(value)?.name, t.name);
      assert.ok(!t.pattern.test(value.slice(0, -1)) && !t.pattern.test(value.slice(1)), `${t.name}: the example is not the shortest`);
    }
  });

  it('skips only values shorter than every format', () => {
    const shortest = Math.min(...Object.values(SHORTEST).map((v) => v.length));
    assert.equal(shortest, 15);
    assert.equal(detectTokenFormat(SHORTEST['Slack token']), TOKEN_FORMATS.find((t) => t.name === 'Slack token'));
    assert.equal(detectTokenFormat(SHORTEST['Slack token'].slice(0, 14)), undefined);
  });
});
