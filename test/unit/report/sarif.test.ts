// SARIF 2.1.0 for GitHub code scanning, validated against the published OASIS schema.
import { describe, expect, it } from 'vitest';
import { artifactLocation, FINGERPRINT_KEY, formatSarif } from '../../../src/report/sarif.js';
import {
  bedrockLongFinding,
  bedrockShortFinding,
  keyIdFinding,
  loneSecretFinding,
  pairedSecretFinding,
  pairFinding,
  result,
  sessionTokenFinding,
  temporaryKeyIdFinding,
} from './findings.js';
import { sarifValidator } from './sarif-schema.js';

const validate = sarifValidator();
const all = () => [
  pairFinding(),
  ...pairedSecretFinding(),
  loneSecretFinding(),
  temporaryKeyIdFinding(),
  sessionTokenFinding(),
  bedrockLongFinding(),
  bedrockShortFinding(),
  keyIdFinding(),
];

function sarif(findings = all(), options: Parameters<typeof result>[1] = {}) {
  return JSON.parse(formatSarif(result(findings, options), { version: '1.2.3' }));
}

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema: every kind, skipped files, and no findings at all', () => {
    expect(validate(sarif(all(), { skipped: [{ path: 'logo.png', reason: 'binary' }] }))).toEqual([]);
    expect(validate(sarif([]))).toEqual([]);
    expect(validate(sarif([{ ...bedrockLongFinding(), path: '-' }], { source: 'stdin' }))).toEqual([]);
  });

  it('the validator does reject what the schema forbids', () => {
    const log = sarif();
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    expect(validate(log).length).toBeGreaterThan(0);
  });

  it('describes the tool and every rule the way GitHub code scanning reads them', () => {
    const { driver } = sarif().runs[0].tool;
    expect(driver).toMatchObject({
      name: 'keyguard',
      version: '1.2.3',
      informationUri: expect.stringMatching(/^https:\/\//),
    });
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'aws-credential-pair',
      'aws-secret-access-key',
      'aws-session-token',
      'aws-bedrock-api-key',
      'aws-access-key-id',
    ]);
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.fullDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
      expect(rule.help.markdown).toMatch(/aws /);
      expect(rule.defaultConfiguration.level).toBe('error');
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
    }
  });

  it('gives each result its rule, a relative location with a region, and a stable fingerprint', () => {
    const log = sarif([pairFinding()]);
    const [res] = log.runs[0].results;
    expect(res).toMatchObject({
      ruleId: 'aws-credential-pair',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'config/.env', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 19, endColumn: 39 },
          },
        },
      ],
      relatedLocations: [{ physicalLocation: { region: { startLine: 4, startColumn: 23, endColumn: 63 } } }],
      partialFingerprints: { [FINGERPRINT_KEY]: 'fp-aws-credential-pair-3' },
    });
    expect(res.message.text).toContain('h8Xq…(40 chars)');
    expect(res.message.text).toContain('account 1234-5678-9012');
    for (const r of log.runs[0].results) expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('carries masked values only', () => {
    const findings = [bedrockLongFinding()];
    const text = formatSarif(result(findings), { version: '1.2.3' });
    expect(text).not.toContain('stand-in');
  });

  it('lists skipped files as notifications, not results', () => {
    const log = sarif([], { skipped: [{ path: 'a b/logo.png', reason: 'binary' }] });
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'note',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'a%20b/logo.png', uriBaseId: '%SRCROOT%' } } }],
      }),
    ]);
  });
});

describe('artifactLocation', () => {
  it.each([
    ['src/app.ts', undefined, { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' }],
    ['./src/app.ts', undefined, { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' }],
    ['src\\win\\app.ts', undefined, { uri: 'src/win/app.ts', uriBaseId: '%SRCROOT%' }],
    ['/work/repo/src/a#b.ts', '/work/repo', { uri: 'src/a%23b.ts', uriBaseId: '%SRCROOT%' }],
    ['/elsewhere/x.env', '/work/repo', { uri: 'file:///elsewhere/x.env' }],
    ['C:\\repo\\x.env', undefined, { uri: 'file:///C:/repo/x.env' }],
    ['-', undefined, { uri: 'stdin' }],
  ])('%s (cwd %s)', (path, cwd, expected) => {
    expect(artifactLocation(path, cwd)).toEqual(expected);
  });
});
