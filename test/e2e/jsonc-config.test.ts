// .keyguard.json is JSON with comments and trailing commas: the README's example works as copied, by
// every gate that reads the configuration (pre-commit and commit-msg read it from the index, scan
// <paths> from disk), and a syntax error is one line with its line and column, quoting nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAccessKeyId, fakePair, seededRandom } from '../support/fake-credentials.js';
import { PROJECT_ROOT, createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1708);
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** The README's configuration example, exactly as printed there. */
function readmeExample(): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = /```jsonc\n(\/\/ \.keyguard\.json[\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no jsonc block starting with // .keyguard.json');
  return block;
}

function installed(hooks: string[] = []): { repo: TestRepo; sub: string } {
  const repo = createRepo();
  repos.push(repo);
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  const install = repo.keyguard(['install', ...hooks.flatMap((hook) => ['--hook', hook])]);
  expect(install.status, install.stderr).toBe(0);
  const sub = join(repo.dir, 'sub', 'deep');
  mkdirSync(sub, { recursive: true });
  return { repo, sub };
}

function gitIn(repo: TestRepo, cwd: string, args: readonly string[]): RunResult {
  const r = spawnSync('git', args, { cwd, env: repo.env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("the README's .keyguard.json, copied as it is", () => {
  it('configures the pre-commit check (commit from a subdirectory), and its $schema is the shipped schema', () => {
    const { repo, sub } = installed();
    const example = readmeExample();
    expect(example.startsWith('// .keyguard.json')).toBe(true);
    repo.write('.keyguard.json', example);
    const schema = /"\$schema": "([^"]+)"/.exec(example)?.[1] ?? '';
    expect(existsSync(join(repo.dir, schema))).toBe(true);
    expect(JSON.parse(readFileSync(join(repo.dir, schema), 'utf8'))).toMatchObject({
      title: 'keyguard configuration (.keyguard.json)',
    });

    // "rules": { "aws-access-key-id": "warn" }: a lone key id warns and the commit goes through;
    // "ignorePaths": ["test/fixtures/", …]: a key pair there is not read.
    const id = fakeAccessKeyId(rng);
    repo.write('sub/deep/ids.txt', `deploy with ${id}\n`);
    const pair = fakePair(rng);
    repo.write('test/fixtures/creds.ini', `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
    repo.git(['add', '-A']);
    const r = gitIn(repo, sub, ['commit', '-q', '-m', 'config']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('⚠ keyguard: 1 AWS credential in 1 file. Warnings only: not blocking.');
    expect(lines).toContain('Skipped 1 file: 1 in ignorePaths (test/fixtures/creds.ini).');
    expect(r.stderr).not.toContain(id);
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
  });

  it('configures the commit-msg check (read from the index) and scan <paths> (read from disk)', () => {
    const { repo, sub } = installed(['pre-commit', 'commit-msg']);
    repo.write('.keyguard.json', readmeExample());
    repo.write('sub/deep/a.txt', 'a\n');
    repo.git(['add', '-A']);
    const id = fakeAccessKeyId(rng);
    const r = gitIn(repo, sub, ['commit', '-q', '-m', `rotate ${id}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      '⚠ keyguard: 1 AWS credential in the commit message. Warnings only: not blocking.',
    );

    repo.write('sub/deep/ids.txt', `deploy with ${id}\n`);
    const scan = repo.keyguard(['scan', 'ids.txt'], { cwd: sub });
    expect(scan.status, scan.stderr).toBe(0);
    expect(scan.stdout.split('\n')[0]).toBe('⚠ keyguard: 1 AWS credential in 1 file. Warnings only: not blocking.');
  });
});

describe('a .keyguard.json that is not valid JSON with comments', () => {
  it('blocks the commit with one line giving the line and column, and never the text (which may hold a key)', () => {
    const { repo, sub } = installed();
    const pair = fakePair(rng);
    // A key pasted into a comment, and a missing comma on line 4.
    repo.write(
      '.keyguard.json',
      `{\n  // was ${pair.id} ${pair.secret}\n  "allow": ["FIXTURE$"]\n  "ignorePaths": ["test/"],\n}\n`,
    );
    repo.write('sub/deep/a.txt', 'a\n');
    repo.git(['add', '-A']);
    const r = gitIn(repo, sub, ['commit', '-q', '-m', 'config']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "keyguard: cannot check this commit: .keyguard.json: not valid JSON (expected ',' at line 4, column 3); fix that, or bypass once with `git commit --no-verify` (or KEYGUARD=0).\n",
    );

    const scan = repo.keyguard(['scan', 'a.txt'], { cwd: sub });
    expect(scan).toEqual({
      status: 2,
      stdout: '',
      stderr: "keyguard: .keyguard.json: not valid JSON (expected ',' at line 4, column 3)\n",
    });

    repo.write('.keyguard.json', '{\n  "allow": ["FIXTURE$"] /* not closed\n}\n');
    repo.git(['add', '.keyguard.json']);
    const open = gitIn(repo, sub, ['commit', '-q', '-m', 'config']);
    expect(open.stderr).toBe(
      'keyguard: cannot check this commit: .keyguard.json: not valid JSON (unterminated comment at line 2, column 25); fix that, or bypass once with `git commit --no-verify` (or KEYGUARD=0).\n',
    );
    for (const text of [pair.id, pair.secret]) expect(r.stderr + scan.stderr + open.stderr).not.toContain(text);
  });
});
