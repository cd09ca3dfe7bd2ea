// What keyguard says when there is nothing to do or the user asked for something it cannot do: one line
// in its own words, naming the command the user ran, with the right exit code; run as a user would.
import { describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from '../support/git-repo.js';

function withRepo(fn: (repo: TestRepo) => void): void {
  const repo = createRepo();
  try {
    fn(repo);
  } finally {
    repo.cleanup();
  }
}

describe('nothing to scan', () => {
  it('scan --history in a repository with no commits yet: exit 0 and one line', () =>
    withRepo((repo) => {
      const run = repo.keyguard(['scan', '--history']);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout.trim().split('\n')).toEqual(['✔ keyguard: no commits to scan.']);
      const json = repo.keyguard(['scan', '--history', '--format', 'json']);
      expect(json.status).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ source: 'history', commits: 0, findings: [] });
      // A range the user names is still theirs to get right.
      expect(repo.keyguard(['scan', '--history', 'nope'])).toMatchObject({ status: 2, stderr: "keyguard: git log: bad revision 'nope'\n" });
    }));
});
