// The headline counts credentials and the places they are in apart: the same key in three files is
// "1 AWS credential in 3 places". A key id and its secret are one credential (one access key to
// deactivate and replace). Hooks installed with the built `keyguard install`, commits from a subdirectory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1711);
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

const pairText = (pair: FakePair) => `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;

function installed(): { repo: TestRepo; sub: string } {
  const repo = createRepo();
  repos.push(repo);
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  expect(repo.keyguard(['install']).status).toBe(0);
  const sub = join(repo.dir, 'sub', 'deep');
  mkdirSync(sub, { recursive: true });
  return { repo, sub };
}

function commitFrom(repo: TestRepo, cwd: string): RunResult {
  const r = spawnSync('git', ['commit', '-q', '-m', 'add'], { cwd, env: repo.env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The headline of a blocked commit (git passes the hook's report on its standard error). */
const headline = (r: RunResult) => r.stderr.split('\n')[0];

describe('the headline counts credentials and places', () => {
  it('the same key pair in three files: 1 credential in 3 places, in the hook, scan, JSON and --output', () => {
    const { repo, sub } = installed();
    const pair = fakePair(rng);
    for (const path of ['sub/deep/a.ini', 'sub/deep/b.ini', 'sub/c.ini']) repo.write(path, pairText(pair));
    repo.git(['add', '-A']);
    const blocked = commitFrom(repo, sub);
    expect(blocked.status).toBe(1);
    expect(headline(blocked)).toBe('✖ keyguard: 1 AWS credential in 3 places (3 files). Commit blocked.');
    // One key to deactivate: its commands are printed once.
    expect(blocked.stderr.match(/aws iam update-access-key/g)).toHaveLength(1);

    const scan = repo.keyguard(['scan', '.', '../c.ini'], { cwd: sub });
    expect(scan.stdout.split('\n')[0]).toBe('✖ keyguard: 1 AWS credential in 3 places (3 files).');
    const json = JSON.parse(repo.keyguard(['scan', '--staged', '--format', 'json'], { cwd: sub }).stdout) as {
      credentials: number;
      findings: unknown[];
    };
    expect({ credentials: json.credentials, findings: json.findings.length }).toEqual({ credentials: 1, findings: 3 });
    const written = repo.keyguard(['scan', '--staged', '--output', 'r.json'], { cwd: sub });
    expect(written).toEqual({
      status: 1,
      stdout: '',
      stderr: 'keyguard: 1 AWS credential found in 3 places; json report written to r.json\n',
    });
    expect((JSON.parse(readFileSync(join(sub, 'r.json'), 'utf8')) as { credentials: number }).credentials).toBe(1);

    // In the history: committed past the hook, then scanned.
    expect(repo.tryGit(['commit', '-q', '--no-verify', '-m', 'leak']).status).toBe(0);
    const history = repo.keyguard(['scan', '--history'], { cwd: sub });
    expect(history.stdout.split('\n')[0]).toBe('✖ keyguard: 1 AWS credential in 3 places (3 files of 1 commit).');
  });

  it('a key id in one file and its pair in another are one credential; two keys are two', () => {
    const { repo, sub } = installed();
    const pair = fakePair(rng);
    repo.write('sub/deep/ids.txt', `deploy with ${pair.id}\n`);
    repo.write('sub/deep/app.ini', pairText(pair));
    repo.git(['add', '-A']);
    expect(headline(commitFrom(repo, sub))).toBe('✖ keyguard: 1 AWS credential in 2 places (2 files). Commit blocked.');

    repo.write('sub/deep/ids.txt', pairText(fakePair(rng)));
    repo.git(['add', '-A']);
    const two = commitFrom(repo, sub);
    expect(headline(two)).toBe('✖ keyguard: 2 AWS credentials in 2 files. Commit blocked.');
    expect(two.stderr.match(/aws iam update-access-key/g)).toHaveLength(1);
    expect(two.stderr).toContain('Then the same for the other key:');
  });
});
