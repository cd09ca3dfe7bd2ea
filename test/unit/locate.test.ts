// Located findings carry where their masked values sit in the snippet (src/locate.ts), so the pretty
// report places its `^` marks from that instead of searching the snippet for runs of `*`. Credentials
// are built at run time (fake-credentials.ts, corpus.ts).
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/detect/index.js';
import { locate } from '../../src/locate.js';
import { formatPretty } from '../../src/report/pretty.js';
import type { LocatedFinding, ScanResult } from '../../src/scan-result.js';
import { generateCorpus } from '../support/corpus.js';
import {
  fakeAccessKeyId,
  fakeBedrockKey,
  fakeBedrockShortTermKey,
  fakeSecretAccessKey,
  fakeSessionToken,
  KEY_PREFIX,
  seededRandom,
} from '../support/fake-credentials.js';

const rng = seededRandom(1313);
const id = fakeAccessKeyId(rng);
const id2 = fakeAccessKeyId(rng);
const temp = fakeAccessKeyId(rng, KEY_PREFIX.session);
const secret = fakeSecretAccessKey(rng);

const TEXTS: Array<[string, string, string]> = [
  ['pair in .env', 'config/.env', `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\n`],
  ['pair on one line', 'app.js', `const creds = { accessKeyId: "${id}", secretAccessKey: "${secret}" };\n`],
  ['two key ids on one line', 'ids.py', `IDS = ["${id}", "${id2}"]\n`],
  ['minified line', 'dist/app.min.js', `${'x'.repeat(3000)};k="${id}";s="${secret}";${'y'.repeat(3000)}\n`],
  ['long line, value far right', 'wide.txt', `${'word '.repeat(40)}aws_access_key_id = ${id}\n`],
  [
    'credentials file',
    '.aws/credentials',
    `[default]\naws_access_key_id = ${temp}\naws_secret_access_key = ${secret}\naws_session_token = ${fakeSessionToken(rng)}\n`,
  ],
  ['tabs and CRLF', 'win.env', `\tAWS_ACCESS_KEY_ID=\t${id}\r\nAWS_SECRET_ACCESS_KEY=\t${secret}\r\n`],
  [
    'bedrock keys',
    'bedrock.sh',
    `export AWS_BEARER_TOKEN_BEDROCK=${fakeBedrockKey(rng)}\nTOKEN=${fakeBedrockShortTermKey(rng)}\n`,
  ],
];

const { positives } = generateCorpus(13, 2);
const CASES: Array<[string, string, string]> = [
  ...TEXTS,
  ...positives.map((f): [string, string, string] => [`corpus ${f.template}`, f.path, f.text]),
];

function scanResult(findings: LocatedFinding[]): ScanResult {
  return { source: 'files', findings, skipped: [], scannedFiles: 1 };
}

describe('locate', () => {
  it.each(CASES)('%s: each mask is a masked value in the snippet', (_name, path, text) => {
    const located = locate(path, text, detect(text, { path }));
    // A value far to the right of the first one on its line can be trimmed out of the snippet, not all.
    expect(located.some((lf) => lf.snippetMasks.some((m) => m.own))).toBe(true);
    for (const lf of located) {
      for (const m of lf.snippetMasks) {
        const stars = lf.snippet.slice(m.start + m.kept, m.end);
        expect(stars, lf.snippet).toMatch(/^\*+$/);
        // A value is masked up to its end, or up to where the snippet was trimmed.
        expect(lf.snippet[m.end] === '*', lf.snippet).toBe(false);
      }
    }
  });

  it('marks the value, not a run of stars that only looks like it', () => {
    // Sixteen literal stars before the key id: searching for its 16-star run found the comment instead.
    const text = `let a; /* ${'*'.repeat(16)} */ key = "${id}"\n`;
    const [lf] = locate('a.c', text, detect(text));
    const lines = formatPretty(scanResult([lf!]), { color: false }).split('\n');
    const source = lines.findIndex((l) => l.includes('key = "'));
    expect(lines[source + 1]!.indexOf('^')).toBe(lines[source]!.indexOf(id.slice(0, 4)));
  });
});

describe('snippets made on first read', () => {
  const text = `a = "${id}"\nb = "${id2}"\n`;

  it('are not made until read, then are plain data, in their place among the keys', () => {
    const [lf] = locate('a.txt', text, detect(text));
    expect(Object.keys(lf!)).toEqual(['path', 'finding', 'snippet', 'snippetMasks']);
    expect(Object.getOwnPropertyDescriptor(lf, 'snippet')?.get).toBeTypeOf('function');
    const snippet = lf!.snippet;
    expect(snippet).toBe(`a = "${id.slice(0, 4)}${'*'.repeat(16)}"`);
    expect(Object.getOwnPropertyDescriptor(lf, 'snippet')).toEqual({
      value: snippet,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(lf!.snippetMasks).toBe(lf!.snippetMasks);
    expect(Object.keys(lf!)).toEqual(['path', 'finding', 'snippet', 'snippetMasks']);
  });

  it('are seen by spreads and JSON.stringify as data, and can be given instead', () => {
    const [first, second] = locate('a.txt', text, detect(text));
    expect({ ...first! }.snippet).toBe(`a = "${id.slice(0, 4)}${'*'.repeat(16)}"`);
    expect(JSON.parse(JSON.stringify(second)).snippetMasks).toEqual([{ start: 5, end: 25, kept: 4, own: true }]);
    const [third] = locate('a.txt', text, detect(text));
    third!.snippet = 'given';
    expect(third!.snippet).toBe('given');
  });

  it('are made at once where the findings are few for the text (a kept finding does not keep a big text alive)', () => {
    const big = `${'// filler line of ordinary text\n'.repeat(400)}a = "${id}"\n`;
    const [lf] = locate('big.txt', big, detect(big));
    expect(Object.getOwnPropertyDescriptor(lf, 'snippet')).toHaveProperty(
      'value',
      `a = "${id.slice(0, 4)}${'*'.repeat(16)}"`,
    );
    expect(Object.getOwnPropertyDescriptor(lf, 'snippetMasks')).toHaveProperty('value');
    const source = Object.getOwnPropertySymbols(lf).find((key) => key.description === 'snippet source');
    expect(source).toBeDefined();
    expect((lf as unknown as Record<symbol, unknown>)[source!]).toBeUndefined();
  });
});
