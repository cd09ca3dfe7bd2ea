// A label that is not right before its value: the structures keyguard reads to join them (a SQL column
// list and its VALUES, an UPDATE's WHERE and its SET, a CSV header and its rows, a notebook cell's
// source and its outputs, YAML comment lines before a value, Unicode spaces around `=`). Each class
// has files of the same structure that hold no secret. Values are built at run time.
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import { negatives, positives, type DistantClass, type DistantFile } from '../../support/distant-labels.js';
import { seededRandom } from '../../support/fake-credentials.js';

const rng = seededRandom(0xd157);
const found = positives(rng);
const clean = negatives(rng);
const CLASSES = Object.keys(found) as DistantClass[];

const cases = (files: Record<DistantClass, DistantFile[]>, kind: DistantClass) =>
  files[kind].map((f) => [f.name, f] as const);

describe.each(CLASSES)('%s', (kind) => {
  it.each(cases(found, kind))('finds the secret: %s', (_name, file) => {
    const findings = detect(file.text, { path: file.path });
    expect(findings.map((f) => [f.rule, f.line])).toEqual(file.lines.map((line) => ['aws-secret-access-key', line]));
    // The finding spans the value, not the label.
    for (const f of findings) expect(f.endColumn - f.column).toBe(40);
  });

  it.each(cases(clean, kind))('reports nothing: %s', (_name, file) => {
    expect(detect(file.text, { path: file.path })).toEqual([]);
  });
});

describe('reading structures stays linear', () => {
  const MB = 1 << 20;
  const secret = found.csv[0]!.text.split(',').pop()!.trim();
  const inputs: Record<string, string> = {
    'header fields and value runs': `aws_secret_access_key,${'x'.repeat(20)},`.repeat(MB / 44),
    'INSERT column lists': `INSERT INTO t (aws_secret_access_key, ${'x'.repeat(20)}) VALUES `.repeat(MB / 64),
    'UPDATE conditions': `UPDATE t SET v='${'y'.repeat(20)}' WHERE k='aws_secret_access_key' AND `.repeat(MB / 64),
    'an INSERT with a million rows': `INSERT INTO t (aws_secret_access_key) VALUES ${`('${secret}'),`.repeat(MB / 45)}('x');`,
    'YAML keys and comments': `aws_secret_access_key:\n  # ${'z'.repeat(20)}\n`.repeat(MB / 48),
    'notebook JSON nesting': `{"cells":[${'{"source":["aws_secret_access_key"],"outputs":[{"text":["'.repeat(MB / 60)}`,
  };
  it.each(Object.entries(inputs))(
    '%s (1 MB) without a super-linear blow-up',
    (_name, text) => {
      // Speed is measured by `npm run bench` (bench/detect.mjs); here the test's own timeout catches a
      // super-linear blow-up, which would take minutes on 1 MB.
      for (const path of ['x.ipynb', 'x.csv']) {
        for (const f of detect(text, { path })) expect(f.line).toBeGreaterThanOrEqual(1);
      }
    },
    30_000,
  );
});
