// Fuzzing (fast-check) of every parser of input keyguard does not control: the detector and its decoders,
// the `-z` parsers of git's output, the pre-push / pre-receive standard input, the configuration and
// baseline files, and the hook renderer. Inputs: arbitrary strings (lone surrogates included), arbitrary
// bytes (invalid UTF-8, NUL), CR-only line endings, and dense mixtures of the tokens the parsers look
// for. Properties: nothing throws but the documented error of each parser; findings point inside the
// input; masking shows no more than documented, and a generated credential never appears whole in any
// report. Each property has a fixed seed (the same cases on every run) and a modest number of runs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/locate.js';
import { scanBytes } from '../../src/scan/scan.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { formatBaseline, parseBaseline } from '../../src/config/baseline.js';
import { loadConfig } from '../../src/config/load-config.js';
import { RULE_BY_ID } from '../../src/detect/catalog.js';
import { detect, detectWithoutPrefilter, type Finding } from '../../src/detect/index.js';
import { mayHoldCredentials, mayHoldCredentialsInUtf8, Utf8Screen } from '../../src/detect/prefilter.js';
import { escapeAt, escapeLength, readToken } from '../../src/detect/token-reader.js';
import { logItems } from '../../src/git/history.js';
import { parseRawDiff } from '../../src/git/parse-raw-diff.js';
import { parsePushedRefs } from '../../src/git/push.js';
import { parseReceivedRefs } from '../../src/git/receive.js';
import { renderHook } from '../../src/install/hook-script.js';
import { shellQuote } from '../../src/shell-quote.js';
import { hookSettings } from '../../src/install/inspect.js';
import { formatReport } from '../../src/report/index.js';
import type { ScanResult } from '../../src/scan-result.js';
import { fakeAccessKeyId, fakeSecretAccessKey, fakeSessionToken, seededRandom } from '../support/fake-credentials.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE = readFileSync(join(ROOT, 'hooks', 'pre-commit'), 'utf8');

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const TOKENS = [
  ['AK', 'IA'].join(''),
  ['AS', 'IA'].join(''),
  'A3T',
  ['AB', 'SK'].join(''),
  ['IQoJb3', 'JpZ2lu'].join(''),
  'bedrock-api-key-',
  'secret',
  'aws_secret_access_key',
  'SessionToken',
  'X-Amz-Security-Token=',
  'INSERT INTO t (',
  ') VALUES (',
  'UPDATE t SET v=',
  ' WHERE k=',
  '"cells":[{',
  '"outputs":[',
  '"source":[',
  '"',
  "'",
  '`',
  ' + ',
  '.',
  '=',
  ':',
  ',',
  '\\/',
  '\\u002F',
  '%2F',
  '%3D',
  '\\n',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '<',
  '>',
  '[',
  ']',
  '{',
  '}',
  'A',
  'z',
  '2',
  '7',
  '/',
  '+',
  ' ',
  '\t',
  'value',
  'QUtJQ',
  '==',
  '\uD800',
  '\uDFFF',
  '\u00a0',
  '\uFEFF',
  'é',
];
/** Strings the detector's parsers are most likely to trip on: their own tokens, back to back. */
const dense = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: codeUnit, maxLength: 8 })), { maxLength: 120 })
  .map((p) => p.join(''));
const anyText = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  dense,
);
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  dense.map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
  dense.map((s) => new Uint8Array(Buffer.from(s, 'utf16le'))),
);

/** Positions inside `text`, lines split as the detector splits them (on LF only). */
function checkPositions(text: string, findings: readonly Finding[]): void {
  const lines = text.split('\n');
  const inside = (line: number, column: number, endColumn: number): void => {
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lines.length);
    expect(column).toBeGreaterThanOrEqual(1);
    expect(endColumn).toBeGreaterThan(column);
    expect(endColumn - 1).toBeLessThanOrEqual((lines[line - 1] as string).length);
  };
  for (const f of findings) {
    inside(f.line, f.column, f.endColumn);
    if (f.secretLine !== undefined) inside(f.secretLine, f.secretColumn as number, f.secretEndColumn as number);
  }
}

/** What masking may show: a key id's 4-letter prefix and last 4; a secret's first 4 at most, and its length. */
function checkMask(f: Finding): void {
  const raw = f.secret;
  if (RULE_BY_ID[f.rule].mask === 'key-id') {
    expect(f.masked).toBe(`${raw.slice(0, 4)}…${raw.slice(-4)}`);
  } else {
    const m = /^(.*)…\((\d+) chars\)$/su.exec(f.masked);
    expect(m).not.toBeNull();
    expect(m![1]!.length).toBeLessThanOrEqual(4);
    expect(raw.startsWith(m![1]!)).toBe(true);
    expect(Number(m![2])).toBe(raw.length);
  }
  if (f.pairedWith !== undefined) expect(f.pairedWith).toBe(`${f.keyId!.slice(0, 4)}…${f.keyId!.slice(-4)}`);
}

describe('the detector and its decoders', () => {
  it('never throw; findings point inside the text; masks show no more than documented', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.constantFrom(undefined, 'x.csv', 'nb.ipynb', '.aws/credentials', 'a.sql'),
        (text, path) => {
          const findings = detect(text, { path });
          checkPositions(text, findings);
          for (const f of findings) checkMask(f);
        },
      ),
      { seed: 1801, numRuns: 400 },
    );
  });

  it('CR-only line endings: a planted pair is found and positioned inside its line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), dense, (seed, noise) => {
        const rng = seededRandom(seed);
        const text = `${noise.replace(/\n/g, ' ')}\r\raws_access_key_id = ${fakeAccessKeyId(rng)}\raws_secret_access_key = ${fakeSecretAccessKey(rng)}\r`;
        const findings = detect(text);
        checkPositions(text, findings);
        expect(findings.some((f) => f.rule === 'aws-credential-pair' || f.rule === 'aws-secret-access-key')).toBe(true);
      }),
      { seed: 1802, numRuns: 100 },
    );
  });

  it('the prefilter never hides a finding, and reads bytes (whole or in pieces) as it reads the text', () => {
    fc.assert(
      fc.property(anyText, fc.nat(400), (text, cut) => {
        if (!mayHoldCredentials(text)) expect(detectWithoutPrefilter(text)).toEqual([]);
        const bytes = Buffer.from(text, 'utf8');
        expect(mayHoldCredentialsInUtf8(bytes)).toBe(mayHoldCredentials(bytes.toString('utf8')));
        const screen = new Utf8Screen();
        const at = Math.min(cut, bytes.length);
        screen.advance(bytes.subarray(0, at));
        expect(screen.advance(bytes.subarray(at))).toBe(mayHoldCredentialsInUtf8(bytes));
      }),
      { seed: 1803, numRuns: 400 },
    );
  });

  it('the escape reader: escapeLength agrees with escapeAt, tokens stay inside the text', () => {
    fc.assert(
      fc.property(anyText, fc.nat(300), fc.integer({ min: 0, max: 80 }), (text, i, max) => {
        expect(escapeLength(text, i)).toBe(escapeAt(text, i)?.[0] ?? 0);
        const token = readToken(text, Math.min(i, text.length), { max, padding: i % 2 === 0 });
        expect(token.end).toBeGreaterThanOrEqual(token.start);
        expect(token.end).toBeLessThanOrEqual(text.length);
        expect(token.value.replace(/=+$/, '').length).toBeLessThanOrEqual(max + 1 + 100);
      }),
      { seed: 1804, numRuns: 400 },
    );
  });
});

describe('reports', () => {
  it('a generated credential never appears whole in any report format, whatever bytes surround it', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        anyBytes,
        anyBytes,
        fc.constantFrom('\n', '\r\n', '\r'),
        (seed, before, after, eol) => {
          const rng = seededRandom(seed);
          const id = fakeAccessKeyId(rng);
          const secret = fakeSecretAccessKey(rng);
          const token = fakeSessionToken(rng);
          const planted = Buffer.from(
            `${eol}aws_access_key_id = ${id}${eol}aws_secret_access_key = ${secret}${eol}aws_session_token = ${token}${eol}`,
          );
          const bytes = Buffer.concat([Buffer.from(before), planted, Buffer.from(after)]);
          const result: ScanResult = { source: 'files', findings: [], skipped: [], scannedFiles: 0 };
          scanBytes('f.env', bytes, result);
          if (result.findings.length > 0) found++;
          for (const format of ['pretty', 'json', 'sarif'] as const) {
            const report = formatReport(result, { format, color: false, version: '0.0.0' });
            for (const raw of [id, secret, token]) expect(report.includes(raw)).toBe(false);
            // Partly escaped forms (JSON escapes `/`) must not give it away either.
            expect(report.includes(secret.replace(/\//g, '\\/'))).toBe(false);
          }
          for (const f of result.findings) checkMask(f.finding);
        },
      ),
      { seed: 1805, numRuns: 150 },
    );
    // The property is about reports that hold findings: most runs must have some.
    expect(found).toBeGreaterThan(100);
  });

  it('snippets of arbitrary text mask every secret on the line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), dense, (seed, noise) => {
        const rng = seededRandom(seed);
        const secret = fakeSecretAccessKey(rng);
        const text = `${noise} aws_secret_access_key=${secret} ${noise}`;
        for (const f of locate('x', text, detect(text))) expect(f.snippet.includes(secret)).toBe(false);
      }),
      { seed: 1806, numRuns: 150 },
    );
  });
});

/** Runs `parse`; it may return, or throw an Error whose message starts with `prefix` (its documented error). */
function returnsOrRejects(parse: () => unknown, prefix: RegExp): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor).toBe(Error);
    expect((error as Error).message).toMatch(prefix);
  }
}

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const pathBytes = fc
  .uint8Array({ minLength: 1, maxLength: 30 })
  .map((b) => Buffer.from(b.map((x) => (x === 0 ? 0x61 : x))));
const rawRecord = fc.record({
  src: fc.constantFrom('000000', '100644', '100755', '120000', '160000'),
  dst: fc.constantFrom('000000', '100644', '100755', '120000', '160000'),
  srcOid: hex(40),
  dstOid: hex(40),
  status: fc.constantFrom('A', 'C', 'D', 'M', 'R', 'T', 'U', 'X'),
  score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  first: pathBytes,
  second: pathBytes,
});
type RawRecordInput = typeof rawRecord extends fc.Arbitrary<infer T> ? T : never;
function rawBytes(r: RawRecordInput): Buffer {
  const two = r.status === 'R' || r.status === 'C';
  const header = `:${r.src} ${r.dst} ${r.srcOid} ${r.dstOid} ${r.status}${r.score ?? ''}`;
  return Buffer.concat([
    Buffer.from(`${header}\0`),
    r.first,
    Buffer.from([0]),
    ...(two ? [r.second, Buffer.from([0])] : []),
  ]);
}

describe('git -z parsers', () => {
  it('parseRawDiff: arbitrary bytes give records or its one error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyBytes,
          fc
            .array(rawRecord, { maxLength: 4 })
            .chain((rs) => fc.nat(200).map((cut) => new Uint8Array(Buffer.concat(rs.map(rawBytes)).subarray(0, cut)))),
        ),
        (bytes) => {
          returnsOrRejects(() => parseRawDiff(bytes), /^unexpected (end of )?git --raw/);
        },
      ),
      { seed: 1807, numRuns: 400 },
    );
  });

  it('parseRawDiff reads back any record, whatever bytes its paths hold', () => {
    fc.assert(
      fc.property(fc.array(rawRecord, { minLength: 1, maxLength: 5 }), (records) => {
        const changes = parseRawDiff(Buffer.concat(records.map(rawBytes)));
        expect(changes).toHaveLength(records.length);
        changes.forEach((c, i) => {
          const r = records[i]!;
          const two = r.status === 'R' || r.status === 'C';
          expect([c.status, c.srcMode, c.dstMode, c.srcOid, c.dstOid, c.score]).toEqual([
            r.status,
            r.src,
            r.dst,
            r.srcOid,
            r.dstOid,
            r.score,
          ]);
          expect(c.path).toBe((two ? r.second : r.first).toString('utf8'));
          expect(c.sourcePath).toBe(two ? r.first.toString('utf8') : undefined);
        });
      }),
      { seed: 1808, numRuns: 200 },
    );
  });

  it('git log -z items: arbitrary bytes give items or its one error', () => {
    const log = fc.array(
      fc.oneof(
        hex(40).map((h) => Buffer.from(`\x01${h}\0\n`)),
        rawRecord.map(rawBytes),
        fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(log, (parts) => {
        returnsOrRejects(() => [...logItems(Buffer.concat(parts))], /^unexpected (end of )?git (--raw|log)/);
      }),
      { seed: 1809, numRuns: 300 },
    );
  });
});

describe('hook standard input', () => {
  const refLine = fc.tuple(
    fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
    hex(40),
    fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
    hex(40),
  );
  const input = fc.oneof(
    anyText,
    fc
      .array(
        fc.oneof(
          refLine.map((p) => p.join(' ')),
          anyText,
        ),
        { maxLength: 5 },
      )
      .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol))),
  );

  it('pre-push: refs or its one error', () => {
    fc.assert(
      fc.property(input, (text) => returnsOrRejects(() => parsePushedRefs(text), /^unexpected pre-push input line: /)),
      { seed: 1810, numRuns: 400 },
    );
  });

  it('pre-receive: refs or its one error; a ref read never looks like an option', () => {
    fc.assert(
      fc.property(input, (text) => {
        returnsOrRejects(() => {
          for (const ref of parseReceivedRefs(text, 40)) expect(ref.refName.startsWith('-')).toBe(false);
        }, /^unexpected pre-receive input line: /);
      }),
      { seed: 1811, numRuns: 400 },
    );
  });

  it('pre-push: well-formed lines read back exactly', () => {
    const name = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz/-_.0123456789'),
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(name, hex(40), name, hex(40)), { maxLength: 4 }), (lines) => {
        const refs = parsePushedRefs(`${lines.map((l) => l.join(' ')).join('\n')}\n`);
        expect(refs.map((r) => [r.localRef, r.localOid, r.remoteRef, r.remoteOid])).toEqual(lines);
      }),
      { seed: 1812, numRuns: 100 },
    );
  });
});

/** The documented error of the configuration readers: a ConfigError, on one line. */
async function configOrError(load: () => Promise<unknown>): Promise<void> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toMatch(/[\r\n]/);
  }
}

describe('configuration and baseline files', () => {
  const jsonish = fc.oneof(
    anyText,
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify({ keyguard: v })),
  );
  const configValue = fc.oneof(
    fc.anything(),
    fc.record(
      {
        allow: fc.array(
          fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('(a+)+$', '\\', '[', '(?<n>x)', '(?=a)', 'a{99999}')),
        ),
        rules: fc.dictionary(fc.constantFrom('aws-access-key-id', 'x'), fc.constantFrom('block', 'warn', 'off', 'no')),
        ignorePaths: fc.array(fc.string({ maxLength: 12 })),
        baseline: fc.string({ maxLength: 12 }),
      },
      { requiredKeys: [] },
    ),
  );

  it('parseConfig: a configuration or a one-line ConfigError, for any value', async () => {
    await fc.assert(
      fc.asyncProperty(configValue, (value) => configOrError(() => parseConfig(value, '.keyguard.json'))),
      { seed: 1813, numRuns: 300 },
    );
  });

  it('loadConfig: a configuration or a one-line ConfigError, for any .keyguard.json and package.json text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(jsonish, { nil: undefined }), fc.option(jsonish, { nil: undefined }), (own, pkg) =>
        configOrError(() =>
          loadConfig(async (path) => (path === '.keyguard.json' ? own : path === 'package.json' ? pkg : undefined)),
        ),
      ),
      { seed: 1814, numRuns: 300 },
    );
  });

  it('parseBaseline: entries or a one-line ConfigError, for any text', async () => {
    const text = fc.oneof(
      jsonish,
      fc
        .array(
          fc.oneof(
            anyText,
            fc.jsonValue().map((v) => `{"fingerprint": ${JSON.stringify(v)}}`),
          ),
          { maxLength: 5 },
        )
        .map((l) => l.join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(text, (t) => configOrError(async () => parseBaseline(t, '.keyguard-baseline.json'))),
      { seed: 1815, numRuns: 300 },
    );
  });

  it('a baseline written by formatBaseline reads back the same, whatever its paths and reasons hold', () => {
    const entry = fc.record({
      fingerprint: hex(32),
      rule: fc.constantFrom(
        'aws-access-key-id',
        'aws-secret-access-key',
        'aws-credential-pair',
        'aws-session-token',
        'aws-bedrock-api-key' as const,
      ),
      path: fc.string({ unit: codeUnit, minLength: 1, maxLength: 20 }),
      reason: fc.string({ unit: codeUnit, maxLength: 20 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => `${e.path}\0${e.fingerprint}`, maxLength: 5 }),
        (entries) => {
          const text = formatBaseline(entries);
          expect(formatBaseline(parseBaseline(text, 'b'))).toBe(text);
          expect(parseBaseline(text, 'b')).toHaveLength(entries.length);
        },
      ),
      { seed: 1816, numRuns: 200 },
    );
  });
});

describe('the hook renderer', () => {
  // A path never holds NUL (the file system refuses it); anything else may be in a directory name.
  const value = fc.string({ unit: codeUnit, maxLength: 24 }).map((s) => s.replace(/\0/g, ''));

  it('shellQuote: sh reads back exactly the value quoted', () => {
    const values = fc.sample(
      fc.string({
        unit: fc.oneof(
          fc.constantFrom("'", '"', '\\', '$', '`', '\n', '\r', ' ', '*', '!', '-'),
          fc.string({ unit: 'grapheme', maxLength: 2 }),
        ),
        maxLength: 16,
      }),
      { seed: 1817, numRuns: 60 },
    );
    // One sh for all of them: each value printed between separators, in the order given.
    const script = values.map((v) => `printf '%s\\001' ${shellQuote(v)}`).join('\n');
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\x01').slice(0, -1)).toEqual(values);
  });

  it('renderHook: rendering again gives the same hook as rendering once (install twice changes nothing)', () => {
    fc.assert(
      fc.property(value, fc.option(value, { nil: undefined }), value, (searchFrom, bin, other) => {
        const once = renderHook(TEMPLATE, { searchFrom, ...(bin === undefined ? {} : { bin }) });
        const again = renderHook(renderHook(TEMPLATE, { searchFrom: other }), {
          searchFrom,
          ...(bin === undefined ? {} : { bin }),
        });
        expect(again).toBe(once);
        // The rest of the template is untouched: only the two settings lines differ.
        expect(once.split('\n').length).toBeGreaterThanOrEqual(TEMPLATE.split('\n').length);
      }),
      { seed: 1818, numRuns: 200 },
    );
  });

  it('keyguard doctor reads back the settings the renderer wrote', () => {
    fc.assert(
      fc.property(
        value,
        fc.option(
          value.filter((v) => v !== ''),
          { nil: undefined },
        ),
        (searchFrom, bin) => {
          const settings = hookSettings(renderHook(TEMPLATE, { searchFrom, ...(bin === undefined ? {} : { bin }) }));
          // An empty search directory is the default, `.`; values are read as sh reads them (trimmed of nothing).
          expect(settings).toEqual({ searchFrom: searchFrom === '' ? '.' : searchFrom, bin });
        },
      ),
      { seed: 1819, numRuns: 200 },
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('a search directory with a line break: rendering the hook again leaves no piece of the old value behind', () => {
    const first = renderHook(TEMPLATE, { searchFrom: 'packages/a\nb' });
    const again = renderHook(first, { searchFrom: 'packages/c' });
    expect(again).toBe(renderHook(TEMPLATE, { searchFrom: 'packages/c' }));
    expect(spawnSync('sh', ['-n', '-c', first]).status).toBe(0);
    expect(hookSettings(first).searchFrom).toBe('packages/a\nb');
  });
});
