// Inputs made of findings: what is computed once for many findings (a line's masked snippet, pairing's
// order, the ranges on each line) must give exactly what computing it for each finding alone gives, and
// a file with more findings than a function call takes arguments must still be recorded. Credentials
// are built at run time (fake-credentials.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountIdFromKeyId } from '../../src/detect/account-id.js';
import { detect } from '../../src/detect/index.js';
import type { Finding } from '../../src/detect/types.js';
import { locate } from '../../src/locate.js';
import { maskSnippet } from '../../src/report/mask.js';
import { record } from '../../src/scan/filters.js';
import type { ScanResult } from '../../src/scan-result.js';
import { fakeAccessKeyId, fakeSecretAccessKey, KEY_PREFIX, seededRandom } from '../support/fake-credentials.js';

/**
 * The masking as a definition: each range in turn replaced in the line (past its kept characters),
 * then tabs and trailing line ends, then the window around the first range, then each range once.
 */
function maskOneByOne(text: string, ranges: Array<[number, number]>, own: Array<[number, number]>) {
  let out = text;
  const masked: Array<[number, number]> = [];
  for (const [start, end] of ranges) {
    if (start < 0 || end > out.length || end <= start) continue;
    const keep = Math.min(4, end - start);
    out = out.slice(0, start + keep) + '*'.repeat(end - start - keep) + out.slice(end);
    if (!masked.some(([s, e]) => s === start && e === end)) masked.push([start, end]);
  }
  out = out.replace(/\t/g, ' ').replace(/[\r\n]+$/, '');
  let from = 0;
  let lead = 0;
  let to = out.length;
  if (out.length > 120) {
    const first = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) : 0;
    from = Math.max(0, Math.min(first - 20, out.length - 120));
    lead = from > 0 ? 1 : 0;
    to = from + 120;
    out = (from > 0 ? '…' : '') + out.slice(from, to) + (to < out.length ? '…' : '');
  }
  const masks = masked
    .filter(([start, end]) => start < to && end > from)
    .sort((a, b) => a[0] - b[0])
    .map(([start, end]) => ({
      start: Math.max(start, from) - from + lead,
      end: Math.min(end, to) - from + lead,
      kept: Math.min(4, end - start),
      own: own.some(([s, e]) => s === start && e === end),
    }));
  return { text: out, masks };
}

describe('a masked line', () => {
  it('is the same whether its ranges are merged or replaced one by one', () => {
    const range = (n: number) =>
      fc.tuple(fc.integer({ min: -3, max: n + 3 }), fc.integer({ min: -3, max: n + 3 })) as fc.Arbitrary<
        [number, number]
      >;
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', '\t', '\r', '\n', '…'), maxLength: 400 }),
        fc.array(range(400), { maxLength: 30 }),
        fc.array(range(400), { maxLength: 3 }),
        (text, ranges, own) => {
          expect(maskSnippet(text, ranges, own)).toEqual(maskOneByOne(text, ranges, own));
        },
      ),
      { seed: 4242, numRuns: 400 },
    );
  });
});

describe('a file made of findings', () => {
  const rng = seededRandom(2121);

  it('locates each finding as it would be located on its line alone', () => {
    // Key ids on one line, several lines; one pair on a line of its own.
    const lines = Array.from({ length: 6 }, () => Array.from({ length: 40 }, () => fakeAccessKeyId(rng)).join(' '));
    lines.push(`x = ${fakeAccessKeyId(rng)},\t${fakeSecretAccessKey(rng)}\r`);
    const text = `${lines.join('\n')}\n`;
    const findings = detect(text);
    // A random id is now and then word-like or a placeholder by chance, and not reported alone.
    expect(findings.length).toBeGreaterThan(6 * 36);
    expect(findings.some((f) => f.rule === 'aws-credential-pair' && f.secretLine === f.line)).toBe(true);
    const located = locate('f.txt', text, findings);
    for (const [i, lf] of located.entries()) {
      const f = findings[i] as Finding;
      const line = (text.split('\n')[f.line - 1] as string).replace(/\r$/, '');
      const onLine: Array<[number, number]> = [];
      for (const g of findings) {
        if (g.line === f.line) onLine.push([g.column - 1, g.endColumn - 1]);
        if (g.secretLine === f.line && g.secretColumn !== undefined && g.secretEndColumn !== undefined)
          onLine.push([g.secretColumn - 1, g.secretEndColumn - 1]);
      }
      const own: Array<[number, number]> = [[f.column - 1, f.endColumn - 1]];
      if (f.secretLine === f.line && f.secretColumn !== undefined && f.secretEndColumn !== undefined)
        own.push([f.secretColumn - 1, f.secretEndColumn - 1]);
      // Lines here are short enough not to be clipped first (locate clips lines over 1024 characters).
      expect(line.length).toBeLessThan(1024);
      const alone = maskOneByOne(line, onLine, own);
      expect({ snippet: lf.snippet, masks: lf.snippetMasks }).toEqual({ snippet: alone.text, masks: alone.masks });
    }
  });

  it('pairs each key id with its own secret when there are thousands of pairs', () => {
    const pairs = Array.from({ length: 3000 }, () => ({ id: fakeAccessKeyId(rng), secret: fakeSecretAccessKey(rng) }));
    // Alternating layouts: id then secret on one line, and secret above id on the next two lines.
    const text = pairs
      .map((p, i) => (i % 2 === 0 ? `${p.id},${p.secret}` : `secret_access_key = ${p.secret}\naccess_key_id = ${p.id}`))
      .join('\n');
    const findings = detect(text);
    expect(findings).toHaveLength(pairs.length);
    for (const [i, f] of findings.entries()) {
      const p = pairs[i] as { id: string; secret: string };
      expect(f.rule).toBe('aws-credential-pair');
      expect([f.keyId, f.secret]).toEqual([p.id, p.secret]);
      expect(f.accountId).toBe(accountIdFromKeyId(p.id));
    }
  });

  it('is recorded when it holds more findings than a call takes arguments', () => {
    const n = 300_000;
    const text = 'x\n';
    const finding = { rule: 'aws-access-key-id', line: 1, column: 1, endColumn: 2, confidence: 'high' } as const;
    const findings = Array.from({ length: n }, () => ({ ...finding, masked: 'x', fingerprint: 'f' }) as Finding);
    const result: ScanResult = { source: 'files', findings: [], skipped: [], scannedFiles: 1 };
    record(result, 'f.txt', text, findings, undefined, { repoPath: 'f.txt' });
    expect(result.findings).toHaveLength(n);
  });

  it('masks every key id of one long line, once per line', () => {
    const ids = Array.from({ length: 2000 }, () => fakeAccessKeyId(rng, KEY_PREFIX.session));
    const text = `${ids.join(' ')}\n`;
    const findings = detect(text);
    expect(findings.length).toBeGreaterThan(1900);
    const located = locate('f.txt', text, findings);
    expect(located).toHaveLength(findings.length);
    // Every finding on the line shows the same snippet (the start of the line), marking only its own id.
    const first = located[0]?.snippet;
    for (const lf of located) expect(lf.snippet).toBe(first);
    expect(located[0]?.snippetMasks.filter((m) => m.own)).toHaveLength(1);
    expect(located.at(-1)?.snippetMasks.filter((m) => m.own)).toHaveLength(0);
    for (const id of ids) expect(first).not.toContain(id);
  });
});
