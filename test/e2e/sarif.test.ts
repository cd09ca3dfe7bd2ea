// The built CLI's SARIF as GitHub code scanning would receive it, and --output's contract.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, fakeSessionTokenOf, seededRandom } from '../support/fake-credentials.js';
import { createRepo, PROJECT_ROOT, type TestRepo } from '../support/git-repo.js';
import { sarifValidator } from '../unit/report/sarif-schema.js';

const validate = sarifValidator();
const rng = seededRandom(0x5a21f);
const pair = fakePair(rng);
const token = fakeSessionTokenOf(rng);
const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let repo: TestRepo;
beforeAll(() => {
  repo = createRepo();
  repo.write('config/app env/.env', `AWS_ACCESS_KEY_ID=${pair.id}\nAWS_SECRET_ACCESS_KEY=${pair.secret}\n`);
  repo.write('.aws/credentials', `[x]\naws_session_token = ${token}\n`);
  repo.write('README.md', '# nothing here\n');
  repo.git(['add', '-A']);
});
afterAll(() => repo?.cleanup());

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string }> } };
    results: Array<{
      ruleId: string;
      partialFingerprints: Record<string, string>;
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
      }>;
    }>;
  }>;
}

describe('keyguard scan --format sarif', () => {
  it('staged changes: valid SARIF 2.1.0 with relative URIs and the same fingerprints as the JSON report', () => {
    const r = repo.keyguard(['scan', '--staged', '--format', 'sarif']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'keyguard', version });
    const uris = run.results.map((res) => res.locations[0]!.physicalLocation.artifactLocation);
    expect(uris).toEqual(
      expect.arrayContaining([
        { uri: 'config/app%20env/.env', uriBaseId: '%SRCROOT%' },
        { uri: '.aws/credentials', uriBaseId: '%SRCROOT%' },
      ]),
    );
    const json = JSON.parse(repo.keyguard(['scan', '--staged', '--format', 'json']).stdout) as {
      findings: Array<{ fingerprint: string }>;
    };
    expect(run.results.map((res) => res.partialFingerprints['keyguard/v1'])).toEqual(
      json.findings.map((f) => f.fingerprint),
    );
  });

  it('absolute paths inside the working directory become relative URIs', () => {
    const r = repo.keyguard(['scan', '--format', 'sarif', join(repo.dir, '.aws', 'credentials')]);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log)).toEqual([]);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: '.aws/credentials',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('a clean scan is valid SARIF with no results, and exit code 0', () => {
    const r = repo.keyguard(['scan', '--format', 'sarif', 'README.md']);
    expect(r.status).toBe(0);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log)).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('keyguard scan --output', () => {
  it('writes the report to the file (format from the extension), nothing on stdout, one line on stderr', () => {
    const r = repo.keyguard(['scan', '--staged', '--output', 'out/../keyguard.sarif'], { cwd: repo.dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('keyguard: 2 AWS credentials found; sarif report written to out/../keyguard.sarif\n');
    const log = JSON.parse(readFileSync(join(repo.dir, 'keyguard.sarif'), 'utf8')) as SarifLog;
    expect(validate(log)).toEqual([]);
  });

  it('--format wins over the extension', () => {
    const r = repo.keyguard(['scan', 'README.md', '--format', 'json', '-o', 'report.sarif']);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.dir, 'report.sarif'), 'utf8'))).toMatchObject({
      version: 1,
      findings: [],
    });
  });

  it.each([
    [
      ['-o', 'no/such/dir/report.sarif'],
      /^keyguard: cannot write .*no\/such\/dir\/report\.sarif: its directory does not exist\n$/,
    ],
    [['-o', '.aws'], /^keyguard: cannot write .*\.aws: it is a directory\n$/],
    [['--output', ''], /^keyguard: --output needs a file name\.\n$/],
  ])('%j: one clear line, exit 2, nothing written', (args, message) => {
    const r = repo.keyguard(['scan', '--staged', ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(repo.dir, 'no'))).toBe(false);
  });
});
