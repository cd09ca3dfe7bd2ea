// `keyguard scan --history` in a shallow clone (what CI checkouts are by default): a range older than
// what was fetched is refused in one line that says the clone is shallow and which fetch brings it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { gitEnv, KEYGUARD_BIN, withRepo, type TestRepo } from '../support/git-repo.js';

const commit = (repo: TestRepo, message: string): string => {
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', message]);
  return repo.git(['rev-parse', 'HEAD']).trim();
};

describe('keyguard scan --history in a shallow clone', () => {
  it('names the fetch to run; after it, the same range is scanned', () =>
    withRepo((origin) => {
      const pair = fakePair(seededRandom(91));
      origin.write('README.md', 'one\n');
      const first = commit(origin, 'first');
      origin.write('aws.ini', `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
      const leak = commit(origin, 'leak');
      origin.write('README.md', 'one\ntwo\n');
      commit(origin, 'last');
      const dir = join(origin.dir, '..', 'shallow');
      const env = gitEnv();
      const run = (command: string, args: readonly string[]) =>
        spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
      expect(
        spawnSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, dir], { env, encoding: 'utf8' })
          .status,
      ).toBe(0);

      const refused = run(process.execPath, [KEYGUARD_BIN, 'scan', '--history', `${first}..HEAD`]);
      expect(refused.status).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(
        `keyguard: git log: Invalid revision range ${first}..HEAD; this clone is shallow (only part of the history was fetched): if the range is older, run \`git fetch --unshallow origin\` and scan again.\n`,
      );

      // A clone without a remote has nothing to fetch from: it says so instead.
      run('git', ['remote', 'remove', 'origin']);
      expect(run(process.execPath, [KEYGUARD_BIN, 'scan', '--history', `${first}..HEAD`]).stderr).toBe(
        `keyguard: git log: Invalid revision range ${first}..HEAD; this clone is shallow (only part of the history was fetched) and has no remote to fetch the rest from.\n`,
      );
      run('git', ['remote', 'add', 'origin', `file://${origin.dir}`]);

      expect(run('git', ['fetch', '-q', '--unshallow', 'origin']).status).toBe(0);
      const scanned = run(process.execPath, [KEYGUARD_BIN, 'scan', '--history', '--format', 'json', `${first}..HEAD`]);
      expect(scanned.status).toBe(1);
      expect(
        (JSON.parse(scanned.stdout) as { findings: Array<{ commit: string }> }).findings.map((f) => f.commit),
      ).toEqual([leak]);
    }));

  it("a repository that is not shallow keeps git's line alone", () =>
    withRepo((repo) => {
      repo.write('a', '1\n');
      commit(repo, 'one');
      const r = repo.keyguard(['scan', '--history', 'nope..HEAD']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^keyguard: git log: [^\n]*nope[^\n]*\n$/);
      expect(r.stderr).not.toContain('shallow');
    }));
});
