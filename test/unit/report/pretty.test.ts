// The blocked-commit screen. Snapshots are plain-text files under __snapshots__/pretty/ so they can be
// read (and reviewed at 80 columns) as the user sees them; findings are built by hand (findings.ts).
import { describe, expect, it } from 'vitest';
import { formatPretty } from '../../../src/report/pretty.js';
import { stripVTControlCharacters } from 'node:util';
import { visibleLength } from '../../../src/report/text.js';
import type { LocatedFinding, ScanResult } from '../../../src/scan-result.js';
import {
  bedrockLongFinding,
  bedrockShortFinding,
  idInLine,
  keyId,
  keyIdFinding,
  located,
  loneSecretFinding,
  pairedSecretFinding,
  pairFinding,
  result,
  secretInLine,
  sessionTokenFinding,
  temporaryKeyIdFinding,
} from './findings.js';

const plain = (r: ScanResult) => formatPretty(r, { color: false });
const snapshot = (name: string) => `__snapshots__/pretty/${name}.txt`;

/** Thirty findings in 24 files: the compact form. */
function manyFindings(): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (let i = 0; i < 24; i++) {
    const path = `services/svc-${String(i + 1).padStart(2, '0')}/config.env`;
    const last4 = `K${String(i).padStart(3, '0')}`.replace(/0/g, 'Q').replace(/1/g, 'R');
    out.push(
      located(
        path,
        {
          rule: 'aws-access-key-id',
          line: 2,
          column: 19,
          endColumn: 39,
          masked: `AKIA…${last4}`,
          maskedKeyId: keyId('AKIA', last4),
        },
        `AWS_ACCESS_KEY_ID=${idInLine()}`,
      ),
    );
    if (i < 6) {
      out.push(
        located(
          path,
          {
            rule: 'aws-secret-access-key',
            line: 3,
            column: 23,
            endColumn: 63,
            masked: 'Xy7k…(40 chars)',
            pairedWith: `AKIA…${last4}`,
            maskedKeyId: keyId('AKIA', last4),
            secret: `stand-in ${i}`,
          },
          `AWS_SECRET_ACCESS_KEY=${secretInLine('Xy7k')}`,
        ),
      );
    }
  }
  return out;
}

const CASES: Array<[string, ScanResult]> = [
  ['pair', result([pairFinding()])],
  ['paired-secret-files', result(pairedSecretFinding(), { source: 'files', scannedFiles: 3 })],
  ['lone-secret', result([loneSecretFinding()])],
  ['session-token', result([temporaryKeyIdFinding(), sessionTokenFinding()])],
  ['bedrock-long-term-stdin', result([{ ...bedrockLongFinding(), path: '-' }], { source: 'stdin' })],
  ['bedrock-short-term', result([bedrockShortFinding()], { source: 'files' })],
  ['key-id', result([keyIdFinding()])],
  [
    'many-findings',
    result(manyFindings(), {
      skipped: [
        { path: 'assets/logo.png', reason: 'binary' },
        { path: 'assets/font.woff2', reason: 'binary' },
        { path: 'data/big.parquet', reason: 'lfs-pointer' },
      ],
    }),
  ],
];

describe('pretty report', () => {
  it.each(CASES)('%s: matches its reviewed snapshot', async (name, r) => {
    await expect(plain(r)).toMatchFileSnapshot(snapshot(name));
  });

  it.each(CASES)('%s: fits 80 columns', (_name, r) => {
    for (const line of plain(r).split('\n')) expect(visibleLength(line), line).toBeLessThanOrEqual(80);
  });

  it.each(CASES)('%s: colors are only decoration', (_name, r) => {
    const colored = formatPretty(r, { color: true });
    expect(colored).toMatch(/\u001b\[/);
    expect(stripVTControlCharacters(colored)).toBe(plain(r));
  });

  it('never prints a raw value, only masked forms', () => {
    const f = located(
      'a.env',
      {
        rule: 'aws-bedrock-api-key',
        line: 1,
        column: 5,
        endColumn: 40,
        masked: 'ABSK…(35 chars)',
        secret: `ABSK${'q'.repeat(31)}`,
      },
      `KEY=${`ABSK${'q'.repeat(31)}`}`,
    );
    expect(plain(result([f]))).not.toContain('q'.repeat(8));
  });

  it('headline: counts, files, and "Commit blocked" only for staged changes', () => {
    const findings = [pairFinding(), loneSecretFinding()];
    expect(plain(result(findings)).split('\n')[0]).toBe('✖ keyguard: 2 AWS credentials in 2 files. Commit blocked.');
    expect(plain(result(findings, { source: 'files' })).split('\n')[0]).toBe(
      '✖ keyguard: 2 AWS credentials in 2 files.',
    );
  });

  it('quiet: a passing scan prints nothing but what it let through; findings print in full', () => {
    const quiet = (r: ScanResult) => formatPretty(r, { color: false, quiet: true });
    const clean = result([], { scannedFiles: 3, skipped: [{ path: 'big.bin', reason: 'lfs-pointer' }] });
    expect(quiet(clean)).toBe('');
    expect(plain(clean)).toBe(
      '✔ keyguard: no AWS credentials in 3 staged files.\nSkipped 1 file: 1 Git LFS pointer (big.bin).\n',
    );
    const allowed: ScanResult = {
      ...clean,
      suppressed: [{ path: 'a.ini', finding: pairFinding().finding, by: 'inline', reason: '' }],
    };
    expect(quiet(allowed)).toBe('Not reported: 1 finding allowed by keyguard:allow (--no-allow shows them).\n');
    const found = result([pairFinding()]);
    expect(quiet(found)).toBe(plain(found));
  });

  it('headline: credentials and places apart when a credential is in more than one place', () => {
    const head = (findings: LocatedFinding[], source: ScanResult['source'] = 'staged') =>
      plain(result(findings, { source })).split('\n')[0];
    const again = (path: string, line: number) => ({
      ...pairFinding(),
      path,
      finding: { ...pairFinding().finding, line },
    });
    // Spreading drops the raw value (non-enumerable): the copies keep the masked key id, which is the key.
    expect(head([pairFinding(), again('a/.env', 1), again('b/.env', 7)])).toBe(
      '✖ keyguard: 1 AWS credential in 3 places (3 files). Commit blocked.',
    );
    // A key id and the secret paired with it: one key to replace, in two places.
    expect(head(pairedSecretFinding(), 'files')).toBe('✖ keyguard: 1 AWS credential in 2 places (1 file).');
    // A lone secret and the same secret in a pair elsewhere: one credential.
    const secret = 'the same stand-in';
    const pair = located('a.ini', { ...pairFinding().finding, secret }, 'x');
    const lone = located(
      'b.ini',
      { rule: 'aws-secret-access-key', line: 2, column: 1, endColumn: 41, masked: 'h8Xq…(40 chars)', secret },
      'y',
    );
    expect(head([pair, lone, loneSecretFinding()])).toBe(
      '✖ keyguard: 2 AWS credentials in 3 places (3 files). Commit blocked.',
    );
    expect(
      head(
        [
          { ...pair, path: '-' },
          { ...lone, path: '-' },
        ],
        'stdin',
      ),
    ).toBe('✖ keyguard: 1 AWS credential in 2 places (standard input).');
  });

  it('clean results say what was scanned and what was skipped', async () => {
    const clean = [
      plain(result([], { scannedFiles: 3 })),
      plain(result([], { scannedFiles: 0 })),
      plain(result([], { source: 'stdin', scannedFiles: 1 })),
      plain(result([], { source: 'files', scannedFiles: 12, skipped: [{ path: 'logo.png', reason: 'binary' }] })),
    ].join('---\n');
    await expect(clean).toMatchFileSnapshot(snapshot('clean'));
  });

  it('neutralizes control characters from paths and source lines', () => {
    const f = located(
      'evil\u001b[2J.env',
      {
        rule: 'aws-access-key-id',
        line: 1,
        column: 11,
        endColumn: 31,
        masked: 'AKIA…B7RD',
        maskedKeyId: keyId('AKIA', 'B7RD'),
      },
      `\u001b[31mX = "${idInLine()}"\u202e`,
    );
    const out = plain(result([f]));
    expect(out).not.toMatch(/\u001b|\u202e/);
    expect(out).toContain('evil\uFFFD[2J.env');
  });

  it('marks the finding under the masked value, even on a trimmed long line', () => {
    const f = located(
      'min.js',
      { rule: 'aws-secret-access-key', line: 1, column: 500, endColumn: 540, masked: 'Ab3d…(40 chars)' },
      `${'x'.repeat(498)}=${secretInLine('Ab3d')}${'y'.repeat(100)}`,
    );
    const lines = plain(result([f])).split('\n');
    const source = lines.findIndex((l) => l.includes('Ab3d***'));
    const caret = lines[source + 1]!;
    expect(caret.indexOf('^')).toBe(lines[source]!.indexOf('Ab3d'));
    expect(caret.replace(/^\s*│\s*/, '')).toMatch(/^\^{40}$/);
  });
});
