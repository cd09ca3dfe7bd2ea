import { describe, expect, it } from 'vitest';
import { Baseline, formatBaseline, parseBaseline, type BaselineEntry } from '../../../src/config/baseline.js';

const a: BaselineEntry = { fingerprint: 'f1', rule: 'aws-access-key-id', path: 'src/a.ts', reason: 'rotated' };
const b: BaselineEntry = { fingerprint: 'f0', rule: 'aws-secret-access-key', path: 'src/a.ts', reason: '' };
const c: BaselineEntry = { fingerprint: 'f2', rule: 'aws-session-token', path: '*', reason: '' };

describe('baseline file', () => {
  it('round-trips, sorted, one entry per line, valid JSON', () => {
    const text = formatBaseline([a, c, b, a]);
    expect(JSON.parse(text).findings).toEqual([c, b, a]);
    expect(parseBaseline(text, 'b.json')).toEqual([c, b, a]);
    expect(text.split('\n').filter((l) => l.includes('"fingerprint"'))).toHaveLength(3);
  });

  it('an empty baseline is valid JSON and parses to nothing', () => {
    const text = formatBaseline([]);
    expect(JSON.parse(text).findings).toEqual([]);
    expect(parseBaseline(text, 'b.json')).toEqual([]);
  });

  it('reads entries after a union merge left a comma out', () => {
    // What `merge=union` makes of two branches that each appended one entry after f0.
    const line = (e: BaselineEntry) => `    ${JSON.stringify(e)}`;
    const merged = [
      '{',
      '  "version": 1,',
      '  "findings": [',
      `${line(b)},`,
      line({ ...a, fingerprint: 'f9' }),
      line(a),
      '  ]',
      '}',
    ].join('\n');
    expect(() => JSON.parse(merged)).toThrow();
    expect(parseBaseline(merged, 'b.json').map((e) => e.fingerprint)).toEqual(['f0', 'f9', 'f1']);
  });

  it('rejects a file that is not a baseline', () => {
    expect(() => parseBaseline('{"hello": 1}', 'b.json')).toThrow(/not a keyguard baseline/);
    expect(() => parseBaseline('{"fingerprint": 3}', 'b.json')).toThrow(/needs "fingerprint", "rule" and "path"/);
  });

  it('matches by fingerprint and path, any path for *, and a rename source', () => {
    const baseline = new Baseline([a, c]);
    expect(baseline.covers('f1', 'src/a.ts')).toBe(true);
    expect(baseline.covers('f1', 'src/b.ts')).toBe(false);
    expect(baseline.covers('f1', 'src/b.ts', 'src/a.ts')).toBe(true);
    expect(baseline.covers('f2', 'anything/at/all')).toBe(true);
    expect(baseline.covers('f3', 'src/a.ts')).toBe(false);
  });
});
