// The rule catalog is the one place a prefix is written: every prefix in it must be found by the
// detector, masked in every report format, and known to the tables derived from it. Credentials are
// built at run time from the catalog's own prefixes.
import { describe, expect, it } from 'vitest';
import { ALL_PREFIXES, CATALOG, prefixesOf, REPORT_ORDER, RULE_BY_ID, RULE_IDS } from '../../../src/detect/catalog.js';
import { detect } from '../../../src/detect/index.js';
import { chainAt } from '../../../src/detect/joined-literals.js';
import { RULE_EXAMPLES } from '../../../src/detect/rules/index.js';
import { RULE_IDS as CONFIG_RULE_IDS } from '../../../src/config/config.js';
import { locate } from '../../../src/locate.js';
import { FORMATS, formatReport } from '../../../src/report/index.js';
import type { ScanResult } from '../../../src/scan-result.js';
import {
  fakeCredentialWithPrefix,
  fakeSessionTokenOf,
  KEY_PREFIXES,
  randomString,
  seededRandom,
} from '../../support/fake-credentials.js';

const PATH = 'config/settings.env';

describe('the rule catalog', () => {
  it('has one record per rule id, with examples, and the configuration accepts exactly its ids', () => {
    expect(new Set(RULE_IDS).size).toBe(CATALOG.length);
    expect(CONFIG_RULE_IDS).toEqual(RULE_IDS);
    expect(Object.keys(RULE_EXAMPLES).sort()).toEqual([...RULE_IDS].sort());
    expect([...REPORT_ORDER].sort()).toEqual([...RULE_IDS].sort());
  });

  it('knows every prefix the test fakes use', () => {
    const texts = ALL_PREFIXES.map(({ prefix }) => prefix.text);
    for (const p of Object.values(KEY_PREFIXES)) expect(texts).toContain(p);
    const rng = seededRandom(1);
    for (const generation of [0, 1, 2] as const) {
      const token = fakeSessionTokenOf(rng, generation);
      expect(prefixesOf('aws-session-token').some((p) => token.startsWith(p.text))).toBe(true);
    }
  });

  it('has no prefix twice', () => {
    const texts = ALL_PREFIXES.map(({ prefix }) => prefix.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe.each(ALL_PREFIXES.map((entry) => [`${entry.rule}: ${entry.prefix.text}`, entry] as const))('prefix %s', (_, {
  rule,
  prefix,
}) => {
  const rng = seededRandom(7);
  const value = fakeCredentialWithPrefix(rng, rule, prefix);
  const line = `export CREDENTIAL="${value}"`;
  const text = `# settings\n${line}\n`;
  const findings = detect(text, { path: PATH });

  it('is found by the detector on its own', () => {
    expect(findings.map((f) => [f.rule, f.line])).toEqual([[rule, 2]]);
    expect(findings[0]!.secret).toBe(value);
  });

  it('is masked as its rule says', () => {
    const f = findings[0]!;
    if (RULE_BY_ID[rule].mask === 'key-id') {
      expect(f.masked).toBe(`${value.slice(0, 4)}…${value.slice(-4)}`);
      expect(f.maskedKeyId).toEqual({
        masked: f.masked,
        prefix: value.slice(0, 4),
        last4: value.slice(-4),
        temporary: prefix.temporary,
      });
    } else {
      expect(f.masked).toBe(`${value.slice(0, 4)}…(${value.length} chars)`);
    }
  });

  it('carries its term when its rule says so, from the prefix', () => {
    const f = findings[0]!;
    if (RULE_BY_ID[rule].carries.term) expect(f.term).toBe(prefix.temporary ? 'short-term' : 'long-term');
    else expect(f.term).toBeUndefined();
  });

  it.each(FORMATS)('is reported masked in the %s report', (format) => {
    const result: ScanResult = {
      source: 'files',
      findings: locate(PATH, text, findings),
      skipped: [],
      scannedFiles: 1,
    };
    const out = formatReport(result, { format, color: false, version: '1.0.0' });
    expect(out).toContain(findings[0]!.masked);
    // Nothing of the value past its (public) prefix and first 4 characters, except a key id's last 4.
    const from = Math.max(4, prefix.text.length);
    expect(out).not.toContain(value.slice(from, from + 8));
    expect(out).not.toContain(value.slice(-12, -4));
    if (format === 'sarif') {
      const run = JSON.parse(out).runs[0];
      expect(run.results.map((r: { ruleId: string }) => r.ruleId)).toEqual([rule]);
      expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain(rule);
    }
    if (format === 'pretty') {
      expect(out).toContain(RULE_BY_ID[rule].kind);
      if (findings[0]!.term) expect(out).toContain(`(${findings[0]!.term})`);
    }
  });

  // A prefix a string literal can hold makes a short chain of literals worth joining.
  it.runIf(/^[A-Za-z0-9+/]+$/.test(prefix.text))('makes a short concatenation worth joining', () => {
    const head = prefix.text.slice(0, 4);
    const rest = randomString(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 16 - head.length);
    const text = `x = "${head}" + "${rest}";`;
    expect(chainAt(text, text.indexOf('"', 5))).toHaveProperty('pieces');
    const plain = `x = "${'Q'.repeat(head.length)}" + "${rest}";`;
    expect(chainAt(plain, plain.indexOf('"', 5))).not.toHaveProperty('pieces');
  });
});
