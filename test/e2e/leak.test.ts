// The promise that matters most (docs/security.md): keyguard never prints or writes a secret.
// Credentials of every kind are planted (built at run time, never stored), every way of running keyguard
// and every format is exercised, and stdout, stderr and every file keyguard wrote are searched for the
// complete values and for any 16-character run of them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeAccessKeyId,
  fakeBedrockKey,
  fakeBedrockShortTermKey,
  fakePair,
  fakeSecretAccessKey,
  fakeSessionTokenOf,
  KEY_PREFIX,
  seededRandom,
} from '../support/fake-credentials.js';
import { createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(0x1ea4);
const pair = fakePair(rng);
const loneSecret = fakeSecretAccessKey(rng);
const temporaryId = fakeAccessKeyId(rng, KEY_PREFIX.session);
const temporarySecret = fakeSecretAccessKey(rng);
const sessionToken = fakeSessionTokenOf(rng);
const bedrockLongTerm = fakeBedrockKey(rng);
const bedrockShortTerm = fakeBedrockShortTermKey(rng);

/** `bedrock-api-key-` names the kind (the rule help says it); what follows it is the secret. */
const SHORT_TERM_PREFIX = ['bedrock', 'api', 'key', ''].join('-');

/** Values that must never appear, with the part of each that must not appear even 16 characters at a time. */
const SECRETS: Array<{ name: string; value: string; privatePart: string }> = [
  { name: 'secret access key (pair)', value: pair.secret, privatePart: pair.secret },
  { name: 'secret access key (keyword)', value: loneSecret, privatePart: loneSecret },
  { name: 'secret access key (temporary)', value: temporarySecret, privatePart: temporarySecret },
  { name: 'session token', value: sessionToken, privatePart: sessionToken },
  { name: 'Bedrock long-term key', value: bedrockLongTerm, privatePart: bedrockLongTerm },
  {
    name: 'Bedrock short-term key',
    value: bedrockShortTerm,
    privatePart: bedrockShortTerm.slice(SHORT_TERM_PREFIX.length),
  },
  // Key ids are not secrets, but keyguard's choice is to show them masked only (docs/json-report.md).
  { name: 'access key id (pair)', value: pair.id, privatePart: pair.id },
  { name: 'access key id (temporary)', value: temporaryId, privatePart: temporaryId },
];

const FILES: Record<string, string> = {
  'config/.env': `# app settings\nREGION=eu-west-1\nAWS_ACCESS_KEY_ID=${pair.id}\nAWS_SECRET_ACCESS_KEY=${pair.secret}\n`,
  'deploy/terraform.tfvars': `region = "eu-west-1"\naws_secret_access_key = "${loneSecret}"\n`,
  '.aws/credentials': `[temp]\naws_access_key_id = ${temporaryId}\naws_secret_access_key = ${temporarySecret}\naws_session_token = ${sessionToken}\n`,
  'app/bedrock.ts': `export const longTerm = '${bedrockLongTerm}';\nexport const shortTerm = '${bedrockShortTerm}';\n`,
};
const PATHS = Object.keys(FILES);

/** Throws (without quoting the secret) if `text` holds a planted value or 16 characters of one. */
function assertNoLeak(where: string, raw: string): void {
  for (const text of [raw, stripVTControlCharacters(raw)]) {
    for (const { name, value, privatePart } of SECRETS) {
      if (text.includes(value)) throw new Error(`${where}: the complete ${name} appears`);
      for (let i = 0; i + 16 <= privatePart.length; i++) {
        if (text.includes(privatePart.slice(i, i + 16))) {
          throw new Error(`${where}: 16 characters of the ${name} (from offset ${i}) appear`);
        }
      }
    }
  }
}

const COLORS = {
  'FORCE_COLOR=1': { NO_COLOR: '', FORCE_COLOR: '1' },
  'NO_COLOR=1': { NO_COLOR: '1', FORCE_COLOR: '' },
} as const;
const FORMATS = ['pretty', 'json', 'sarif'] as const;
type Mode = 'files' | 'stdin' | 'staged' | 'history';
const MODES: Record<Mode, { args: string[]; input?: string }> = {
  files: { args: ['scan', ...PATHS] },
  stdin: { args: ['scan', '--stdin'], input: PATHS.map((p) => FILES[p]).join('\n') },
  staged: { args: ['scan', '--staged'] },
  // Run in `committed`, where the same files were committed.
  history: { args: ['scan', '--history'] },
};

let repo: TestRepo;
let committed: TestRepo;
let outDir: string;

beforeAll(() => {
  repo = createRepo();
  committed = createRepo();
  for (const [path, content] of Object.entries(FILES)) {
    repo.write(path, content);
    committed.write(path, content);
  }
  repo.git(['add', '-A']);
  committed.git(['add', '-A']);
  committed.git(['commit', '-q', '--no-verify', '-m', 'planted']);
  outDir = mkdtempSync(join(tmpdir(), 'keyguard-leak-out-'));
});
afterAll(() => {
  repo?.cleanup();
  committed?.cleanup();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function check(where: string, r: RunResult): void {
  assertNoLeak(`${where} stdout`, r.stdout);
  assertNoLeak(`${where} stderr`, r.stderr);
}

describe('no secret leaks through keyguard', () => {
  it('the check itself catches a complete value and a 16-character run', () => {
    expect(() => assertNoLeak('planted file', FILES['config/.env']!)).toThrow(/complete secret access key \(pair\)/);
    expect(() => assertNoLeak('a run', `x${loneSecret.slice(10, 26)}x`)).toThrow(
      /16 characters of the secret access key \(keyword\)/,
    );
    expect(() => assertNoLeak('masked', 'AKIA…7Q2X bedr…(300 chars)')).not.toThrow();
  });

  it('the planted credentials are all found (so the leak checks below are not vacuous)', () => {
    const r = repo.keyguard(['scan', '--format', 'json', ...PATHS]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; rule: string }> };
    expect(new Set(report.findings.map((f) => f.path))).toEqual(new Set(PATHS));
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of ['aws-credential-pair', 'aws-secret-access-key', 'aws-session-token', 'aws-bedrock-api-key']) {
      expect(rules, rule).toContain(rule);
    }
    expect(report.findings.filter((f) => f.rule === 'aws-bedrock-api-key')).toHaveLength(2);
  });

  for (const mode of Object.keys(MODES) as Mode[]) {
    for (const format of FORMATS) {
      for (const [colorName, colorEnv] of Object.entries(COLORS)) {
        it(`scan ${mode}, --format ${format}, ${colorName}: stdout and stderr`, () => {
          const { args, input } = MODES[mode];
          const r = (mode === 'history' ? committed : repo).keyguard([...args, '--format', format], {
            env: colorEnv,
            ...(input ? { input } : {}),
          });
          expect(r.stderr, r.stderr).toBe('');
          expect(r.status).toBe(1);
          expect(r.stdout.length).toBeGreaterThan(0);
          check(`${mode}/${format}/${colorName}`, r);
        });

        it(`scan ${mode}, --format ${format}, ${colorName}: --output file`, () => {
          const { args, input } = MODES[mode];
          const file = join(outDir, `${mode}-${format}-${colorName.replace(/\W/g, '')}.out`);
          const before = readdirSync(outDir).length;
          const r = (mode === 'history' ? committed : repo).keyguard([...args, '--format', format, '--output', file], {
            env: colorEnv,
            ...(input ? { input } : {}),
          });
          expect(r.status).toBe(1);
          expect(r.stdout).toBe('');
          expect(r.stderr.trim().split('\n')).toHaveLength(1);
          check(`${mode}/${format}/${colorName}/--output`, r);
          const written = readFileSync(file, 'utf8');
          expect(written.length).toBeGreaterThan(0);
          expect(written).not.toMatch(/\u001b\[/);
          assertNoLeak(`${mode}/${format}/${colorName} written file`, written);
          expect(readdirSync(outDir)).toHaveLength(before + 1);
        });
      }
    }
  }

  it('the installed hook blocks the commit without printing a secret', () => {
    linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
    const install = repo.keyguard(['install']);
    expect(install.status).toBe(0);
    check('install', install);
    for (const env of Object.values(COLORS)) {
      const commit = repo.tryGit(['commit', '-m', 'add config'], { env });
      expect(commit.status).not.toBe(0);
      expect(stripVTControlCharacters(commit.stdout + commit.stderr)).toContain('Commit blocked');
      check('git commit (hook)', commit);
      check('keyguard hook pre-commit', repo.keyguard(['hook', 'pre-commit'], { env }));
    }
    expect(repo.tryGit(['rev-parse', '--verify', 'HEAD']).status).not.toBe(0);
  });

  it('keyguard wrote nothing into the repository', () => {
    const status = repo.git(['status', '--porcelain', '--untracked-files=all']);
    const untracked = status.split('\n').filter((l) => l.startsWith('??'));
    expect(untracked).toEqual([]);
    assertNoLeak('git status', status);
  });
});
