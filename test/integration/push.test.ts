// `keyguard hook pre-push` / `scan --pre-push` with real `git push` to a real
// bare repository: git runs the hook with the remote's name and URL and writes the pushed refs to its
// standard input.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePushedRefs } from '../../src/git/push.js';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { createRepo, KEYGUARD_BIN, withRepo, type TestRepo } from '../support/git-repo.js';

const credentials = (seed: number) => {
  const pair = fakePair(seededRandom(seed));
  return `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
};
const commit = (repo: TestRepo, message: string): string => {
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', message]);
  return repo.git(['rev-parse', 'HEAD']).trim();
};

/** A work repository whose `origin` is a fresh bare repository, with the pre-push hook wired as docs say. */
function withRemote(fn: (repo: TestRepo, remote: TestRepo) => void): Promise<void> {
  return withRepo(
    (remote) =>
      withRepo((repo) => {
        repo.git(['remote', 'add', 'origin', remote.dir]);
        const hook = join(repo.dir, '.git', 'hooks', 'pre-push');
        writeFileSync(
          hook,
          `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(KEYGUARD_BIN)} hook pre-push "$@"\n`,
        );
        chmodSync(hook, 0o755);
        fn(repo, remote);
      }),
    { initArgs: ['--bare'] },
  );
}

const remoteHas = (remote: TestRepo, ref: string) =>
  remote.tryGit(['rev-parse', '--verify', '--quiet', ref]).status === 0;

describe('the pre-push hook', () => {
  it('blocks a push whose commits add a key, even if a later commit removed it; a clean push goes through', () =>
    withRemote((repo, remote) => {
      repo.write('README.md', 'hello\n');
      commit(repo, 'one');
      expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);
      expect(remoteHas(remote, 'main')).toBe(true);

      repo.write('deploy.ini', credentials(51));
      const added = commit(repo, 'key');
      repo.git(['rm', '-q', 'deploy.ini']);
      commit(repo, 'removed again, but the key is still in the commit before');
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      // git leaves a pre-push hook's standard output on the push's (unlike pre-commit's): both reach the user.
      const shown = push.stdout + push.stderr;
      expect(shown).toContain('1 AWS credential in 1 file of 1 commit. Push blocked.');
      expect(shown).toContain(`deploy.ini  in commit ${added.slice(0, 12)}`);
      expect(shown).toContain('git rebase -i origin/main');
      expect(repo.git(['rev-parse', 'origin/main']).trim()).toBe(remote.git(['rev-parse', 'main']).trim());
      expect(remote.git(['rev-list', '--count', 'main']).trim()).toBe('1');
    }));

  it('scans only what the remote does not have: a new branch off a key already on main passes', () =>
    withRemote((repo, remote) => {
      repo.write('old.ini', credentials(52));
      commit(repo, 'a key pushed before keyguard was there');
      expect(repo.tryGit(['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
      repo.git(['checkout', '-q', '-b', 'feature']);
      repo.write('feature.txt', 'clean\n');
      commit(repo, 'feature');
      const clean = repo.tryGit(['push', 'origin', 'feature']);
      expect(clean.status, clean.stderr).toBe(0);
      expect(remoteHas(remote, 'feature')).toBe(true);

      // A new branch with a key of its own is blocked, and only its own commit is reported.
      repo.git(['checkout', '-q', '-b', 'leaky', 'main']);
      repo.write('new.ini', credentials(53));
      const leaky = commit(repo, 'leak');
      const blocked = repo.tryGit(['push', 'origin', 'leaky']);
      expect(blocked.status).not.toBe(0);
      expect(blocked.stdout).toContain(`new.ini  in commit ${leaky.slice(0, 12)}`);
      expect(blocked.stdout).not.toContain('old.ini');
      expect(remoteHas(remote, 'leaky')).toBe(false);
    }));

  it('lets a branch deletion through, and a force push over commits it never fetched', () =>
    withRemote((repo, remote) => {
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      repo.git(['push', '-q', 'origin', 'main', 'main:topic']);
      const deletion = repo.tryGit(['push', 'origin', ':topic']);
      expect(deletion.status, deletion.stderr).toBe(0);
      expect(remoteHas(remote, 'topic')).toBe(false);

      // Someone else pushes to main; this clone rewrites its own main and force-pushes over it.
      const other = createRepo();
      try {
        other.git(['remote', 'add', 'origin', remote.dir]);
        other.git(['fetch', '-q', 'origin']);
        other.git(['checkout', '-q', '-b', 'work', 'origin/main']);
        other.write('b.txt', 'theirs\n');
        commit(other, 'theirs');
        other.git(['push', '-q', 'origin', 'work:main']);
      } finally {
        other.cleanup();
      }
      repo.write('a.txt', 'rewritten\n');
      repo.git(['commit', '-q', '--no-verify', '--amend', '-a', '-m', 'mine']);
      const force = repo.tryGit(['push', '--force', 'origin', 'main']);
      expect(force.status, force.stderr).toBe(0);
    }));

  it('scans what an annotated tag brings, and on moving it, only the commits that are new', () =>
    withRemote((repo, remote) => {
      repo.write('old.ini', credentials(55));
      commit(repo, 'a key pushed before keyguard was there');
      repo.git(['push', '-q', '--no-verify', 'origin', 'main']);
      repo.write('release.ini', credentials(54));
      const tagged = commit(repo, 'release with a key');
      repo.git(['tag', '-a', '-m', 'v1', 'v1']);
      const push = repo.tryGit(['push', 'origin', 'v1']);
      expect(push.status).not.toBe(0);
      expect(push.stdout).toContain(`release.ini  in commit ${tagged.slice(0, 12)}`);
      expect(push.stdout).not.toContain('old.ini');
      expect(remoteHas(remote, 'v1')).toBe(false);

      // The tag goes out anyway (--no-verify), then moves to a clean commit and is pushed again: the
      // remote's old tag object is excluded, so neither key is looked at again.
      repo.git(['push', '-q', '--no-verify', 'origin', 'v1']);
      repo.write('b.txt', 'b\n');
      commit(repo, 'clean');
      repo.git(['tag', '-f', '-a', '-m', 'v1 again', 'v1']);
      const moved = repo.tryGit(['push', '--force', 'origin', 'v1']);
      expect(moved.status, moved.stdout).toBe(0);
    }));

  it('says which push it could not check, and how to bypass it, when keyguard cannot run', () =>
    withRemote((repo) => {
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      repo.write('.keyguard.json', '{ not json');
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      expect(push.stderr).toMatch(/keyguard: cannot check this push: .*git push --no-verify/);
    }));
});

describe('parsePushedRefs', () => {
  const a = 'a'.repeat(40);
  const zero = '0'.repeat(40);
  it("reads git's pre-push lines, deletions and new refs included", () => {
    expect(
      parsePushedRefs(`refs/heads/main ${a} refs/heads/main ${zero}\n(delete) ${zero} refs/heads/old ${a}\n`),
    ).toEqual([
      { localRef: 'refs/heads/main', localOid: a, remoteRef: 'refs/heads/main', remoteOid: zero },
      { localRef: '(delete)', localOid: zero, remoteRef: 'refs/heads/old', remoteOid: a },
    ]);
    expect(parsePushedRefs('')).toEqual([]);
  });
  it('refuses anything else', () => {
    expect(() => parsePushedRefs('refs/heads/main HEAD refs/heads/main HEAD\n')).toThrow(
      /unexpected pre-push input line/,
    );
  });
});
