// `keyguard hook pre-receive` / `scan --pre-receive` with a real `git push` into a real bare repository
// whose hooks/pre-receive runs the built CLI: git writes the updated refs to the hook's standard input,
// runs it with the pushed objects in its quarantine, and passes what it prints to the pusher after
// `remote: `.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReceivedRefs, receivedObjects } from '../../src/git/receive.js';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { createRepo, writeScanHooks, type RunResult, type TestRepo } from '../support/git-repo.js';

const credentials = (pair: FakePair) =>
  `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
const commit = (repo: TestRepo, message: string): string => {
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', message]);
  return repo.git(['rev-parse', 'HEAD']).trim();
};
/** What the pusher sees: git prints the hook's output on its standard error, after `remote: `. */
const shown = (push: RunResult) => push.stdout + push.stderr;
/** The hook is the server's: KEYGUARD=0 in its environment turns it off (a local push runs it with ours). */
const unchecked = { env: { KEYGUARD: '0' } };

interface Server {
  bare: TestRepo;
  repo: TestRepo;
  /** The server's value of a ref, or undefined. */
  serverHas(ref: string): string | undefined;
}

/** A bare repository with keyguard as its pre-receive hook, and a clone-like repository pushing to it. */
async function withServer(fn: (server: Server) => void | Promise<void>, objectFormat?: 'sha256'): Promise<void> {
  const formatArgs = objectFormat ? [`--object-format=${objectFormat}`] : [];
  const bare = createRepo({ initArgs: ['--bare', ...formatArgs] });
  const repo = createRepo({ initArgs: formatArgs });
  try {
    // --verbose: a clean push prints its line, which says how many commits were scanned.
    writeScanHooks(join(bare.dir, 'hooks'), { names: ['pre-receive'], args: ['hook', 'pre-receive', '--verbose'] });
    repo.git(['remote', 'add', 'origin', bare.dir]);
    const serverHas = (ref: string) => {
      const r = bare.tryGit(['rev-parse', '--verify', '--quiet', ref]);
      return r.status === 0 ? r.stdout.trim() : undefined;
    };
    await fn({ bare, repo, serverHas });
  } finally {
    repo.cleanup();
    bare.cleanup();
  }
}

describe('the pre-receive hook', () => {
  it('accepts a clean push and rejects one that adds a key: masked, no colors, no full key, the ref unchanged', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('README.md', 'hello\n');
      const clean = commit(repo, 'one');
      const first = repo.tryGit(['push', 'origin', 'main']);
      expect(first.status, shown(first)).toBe(0);
      expect(shown(first)).toContain('remote: ✔ keyguard: no AWS credentials added by the 1 commit being pushed');
      expect(serverHas('refs/heads/main')).toBe(clean);

      const pair = fakePair(seededRandom(301));
      repo.write('config/deploy.ini', credentials(pair));
      const leak = commit(repo, 'key');
      repo.write('more.txt', 'more\n');
      commit(repo, 'on top');
      // Colors asked for: a server's report never has them (git shows them as garbage after `remote: `).
      const push = repo.tryGit(['push', 'origin', 'main'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      expect(push.status).not.toBe(0);
      const out = shown(push);
      expect(out).toContain('remote: ✖ keyguard: 1 AWS credential in 1 file of 1 commit. Push rejected.');
      expect(out).toContain(`remote: config/deploy.ini  in commit ${leak.slice(0, 12)}`);
      expect(out).toMatch(new RegExp(`remote: .*key ID ${pair.id.slice(0, 4)}…${pair.id.slice(-4)}`));
      expect(out).toContain(`git rebase -i ${leak.slice(0, 12)}~`);
      expect(out).toContain('[remote rejected] main -> main (pre-receive hook declined)');
      expect(out).not.toContain('git restore --staged');
      expect(out).not.toContain('\x1b');
      expect(out).not.toContain(pair.id);
      expect(out).not.toContain(pair.secret);
      // Every line of the report fits 80 columns after git's `remote: ` (git pads each one with spaces).
      for (const line of out.split('\n').filter((l) => l.startsWith('remote: '))) {
        expect([...line.trimEnd()].length, line).toBeLessThanOrEqual(80);
      }
      expect(serverHas('refs/heads/main')).toBe(clean);
    }));

  it('scans only what the server does not have: a clean branch off an old key passes, a new key on it does not', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('old.ini', credentials(fakePair(seededRandom(302))));
      const old = commit(repo, 'a key pushed before keyguard was there');
      const bypass = repo.tryGit(['push', 'origin', 'main'], unchecked);
      expect(bypass.status, shown(bypass)).toBe(0);
      expect(shown(bypass)).toContain('remote: keyguard: KEYGUARD=0 is set, so the pre-receive check is skipped.');
      expect(serverHas('main')).toBe(old);

      repo.git(['checkout', '-q', '-b', 'feature']);
      repo.write('feature.txt', 'clean\n');
      const feature = commit(repo, 'feature');
      const clean = repo.tryGit(['push', 'origin', 'feature']);
      expect(clean.status, shown(clean)).toBe(0);
      expect(shown(clean)).toContain('the 1 commit being pushed');
      expect(serverHas('feature')).toBe(feature);

      repo.git(['checkout', '-q', '-b', 'leaky', 'main']);
      repo.write('new.ini', credentials(fakePair(seededRandom(303))));
      const leaky = commit(repo, 'leak');
      const blocked = repo.tryGit(['push', 'origin', 'leaky']);
      expect(blocked.status).not.toBe(0);
      expect(shown(blocked)).toContain(`remote: new.ini  in commit ${leaky.slice(0, 12)}`);
      expect(shown(blocked)).not.toContain('old.ini');
      expect(serverHas('leaky')).toBeUndefined();
    }));

  it('accepts a branch deletion, even of a branch that holds a key', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('old.ini', credentials(fakePair(seededRandom(304))));
      commit(repo, 'key');
      expect(repo.tryGit(['push', 'origin', 'main', 'main:topic'], unchecked).status).toBe(0);
      const deletion = repo.tryGit(['push', 'origin', ':topic']);
      expect(deletion.status, shown(deletion)).toBe(0);
      expect(shown(deletion)).toContain('remote: ✔ keyguard: no new commits.');
      expect(serverHas('refs/heads/topic')).toBeUndefined();
    }));

  it('scans what a tag brings: lightweight and annotated, on a clean commit and on a new commit with a key', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
      repo.write('b.txt', 'b\n');
      commit(repo, 'clean, only tagged');
      repo.git(['tag', 'light-clean']);
      repo.git(['tag', '-a', '-m', 'v1', 'v1']);
      const clean = repo.tryGit(['push', 'origin', 'light-clean', 'v1']);
      expect(clean.status, shown(clean)).toBe(0);
      expect(serverHas('refs/tags/light-clean')).toBeDefined();
      expect(serverHas('refs/tags/v1')).toBeDefined();

      repo.write('release.ini', credentials(fakePair(seededRandom(305))));
      const leak = commit(repo, 'release with a key');
      repo.git(['tag', 'light-leak']);
      repo.git(['tag', '-a', '-m', 'v2', 'v2']);
      for (const tag of ['light-leak', 'v2']) {
        const push = repo.tryGit(['push', 'origin', tag]);
        expect(push.status, tag).not.toBe(0);
        expect(shown(push)).toContain(`remote: release.ini  in commit ${leak.slice(0, 12)}`);
        expect(shown(push)).toContain(`[remote rejected] ${tag} -> ${tag} (pre-receive hook declined)`);
        expect(serverHas(`refs/tags/${tag}`)).toBeUndefined();
      }
    }));

  it('accepts a force push that takes a key out, and rejects one that puts a key in', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('a.txt', 'a\n');
      const base = commit(repo, 'one');
      repo.write('deploy.ini', credentials(fakePair(seededRandom(306))));
      const leaked = commit(repo, 'key');
      expect(repo.tryGit(['push', 'origin', 'main'], unchecked).status).toBe(0);
      expect(serverHas('main')).toBe(leaked);

      // The key commit rewritten without the key: only the new commit is scanned.
      repo.git(['rm', '-q', 'deploy.ini']);
      repo.write('deploy.ini', '[default]\nregion = eu-west-1\n');
      repo.git(['add', 'deploy.ini']);
      repo.git(['commit', '-q', '--no-verify', '--amend', '-m', 'no key']);
      const rewritten = repo.git(['rev-parse', 'HEAD']).trim();
      const fixed = repo.tryGit(['push', '--force', 'origin', 'main']);
      expect(fixed.status, shown(fixed)).toBe(0);
      expect(shown(fixed)).toContain('the 1 commit being pushed');
      expect(serverHas('main')).toBe(rewritten);

      // History rewritten the other way: a force push from `one` that brings a key.
      repo.git(['reset', '-q', '--hard', base]);
      repo.write('other.ini', credentials(fakePair(seededRandom(307))));
      const bad = commit(repo, 'a new key');
      const push = repo.tryGit(['push', '--force', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      expect(shown(push)).toContain(`remote: other.ini  in commit ${bad.slice(0, 12)}`);
      expect(serverHas('main')).toBe(rewritten);
    }));

  it('rejects the whole push when one of its refs brings a key', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
      repo.git(['checkout', '-q', '-b', 'clean']);
      repo.write('clean.txt', 'clean\n');
      commit(repo, 'clean');
      repo.git(['checkout', '-q', '-b', 'leaky', 'main']);
      repo.write('leak.ini', credentials(fakePair(seededRandom(308))));
      commit(repo, 'leak');
      const push = repo.tryGit(['push', 'origin', 'clean', 'leaky']);
      expect(push.status).not.toBe(0);
      expect(shown(push)).toContain('remote: leak.ini  in commit');
      expect(shown(push)).toContain('[remote rejected] clean -> clean (pre-receive hook declined)');
      expect(serverHas('clean')).toBeUndefined();
      expect(serverHas('leaky')).toBeUndefined();
    }));

  it('rejects a push it cannot check, in one line that says how the admin can let pushes through', () =>
    withServer(({ bare, repo, serverHas }) => {
      // The configuration is the server's: the one in the directory the hook runs in.
      bare.write('.keyguard.json', '{ not json');
      repo.write('a.txt', 'a\n');
      commit(repo, 'one');
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      const lines = push.stderr.split('\n').filter((l) => l.startsWith('remote: keyguard:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^remote: keyguard: cannot check this push, so the server rejected it: .*KEYGUARD=0 in the hook's environment\./,
      );
      expect(push.stderr).not.toMatch(/^remote: +at /m);
      expect(serverHas('main')).toBeUndefined();
    }));

  it("honours the server's configuration: an allow pattern in the bare repository lets a key through", () =>
    withServer(({ bare, repo, serverHas }) => {
      const pair = fakePair(seededRandom(309));
      bare.write('.keyguard.json', JSON.stringify({ allow: [pair.id.slice(-8)] }));
      repo.write('deploy.ini', credentials(pair));
      const allowed = commit(repo, 'allowed by the server');
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status, shown(push)).toBe(0);
      expect(shown(push)).toContain('remote: Not reported: 1 finding allowed');
      expect(serverHas('main')).toBe(allowed);

      // The admin's options in the hook file: --no-allow reports it anyway.
      writeScanHooks(join(bare.dir, 'hooks'), { names: ['pre-receive'], args: ['hook', 'pre-receive', '--no-allow'] });
      repo.write('copy.ini', credentials(pair));
      const copy = commit(repo, 'the same key again');
      const strict = repo.tryGit(['push', 'origin', 'main']);
      expect(strict.status).not.toBe(0);
      expect(shown(strict)).toContain(`remote: copy.ini  in commit ${copy.slice(0, 12)}`);
      expect(serverHas('main')).toBe(allowed);
    }));

  it('works in a SHA-256 repository', () =>
    withServer(({ repo, serverHas }) => {
      repo.write('a.txt', 'a\n');
      const clean = commit(repo, 'one');
      expect(clean).toHaveLength(64);
      const first = repo.tryGit(['push', 'origin', 'main']);
      expect(first.status, shown(first)).toBe(0);
      expect(serverHas('main')).toBe(clean);
      repo.write('deploy.ini', credentials(fakePair(seededRandom(310))));
      const leak = commit(repo, 'key');
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      expect(shown(push)).toContain(`remote: deploy.ini  in commit ${leak.slice(0, 12)}`);
      expect(serverHas('main')).toBe(clean);
    }, 'sha256'));

  it('scan --pre-receive reads the same input, and says "pre-receive" in JSON', () =>
    withServer(({ bare, repo }) => {
      repo.write('deploy.ini', credentials(fakePair(seededRandom(311))));
      const leak = commit(repo, 'key');
      // On the server without the check, then the branch is deleted: its objects stay, reached by no ref.
      expect(repo.tryGit(['push', 'origin', 'main:gone'], unchecked).status).toBe(0);
      expect(repo.tryGit(['push', 'origin', ':gone']).status).toBe(0);
      const zero = '0'.repeat(40);
      const run = bare.keyguard(['scan', '--pre-receive', '--format', 'json'], {
        input: `${zero} ${leak} refs/heads/again\n`,
      });
      expect(run.status, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout) as { source: string; commits: number; findings: Array<{ commit: string }> };
      expect(report.source).toBe('pre-receive');
      expect(report.commits).toBe(1);
      expect(report.findings[0]?.commit).toBe(leak);
    }));
});

describe('parseReceivedRefs', () => {
  const a = 'a'.repeat(40);
  const zero = '0'.repeat(40);
  it("reads git's pre-receive lines: updates, creations and deletions", () => {
    const refs = parseReceivedRefs(
      `${zero} ${a} refs/heads/new\n${a} ${zero} refs/heads/old\n${a} ${a} refs/tags/v1\n`,
      40,
    );
    expect(refs).toEqual([
      { oldOid: zero, newOid: a, refName: 'refs/heads/new' },
      { oldOid: a, newOid: zero, refName: 'refs/heads/old' },
      { oldOid: a, newOid: a, refName: 'refs/tags/v1' },
    ]);
    expect(receivedObjects(refs)).toEqual([a]);
    expect(parseReceivedRefs('', 40)).toEqual([]);
    const b = 'b'.repeat(64);
    expect(parseReceivedRefs(`${'0'.repeat(64)} ${b} refs/heads/main\n`, 64)).toEqual([
      { oldOid: '0'.repeat(64), newOid: b, refName: 'refs/heads/main' },
    ]);
  });
  it('refuses anything else: ids of the wrong length or not hex, a ref name like an option, extra fields', () => {
    for (const line of [
      `${zero} ${a} --all`,
      `${zero} ${a} -refs/heads/x`,
      `${zero} ${a}`,
      `${zero} ${a} refs/heads/x extra`,
      `${zero} ${'a'.repeat(64)} refs/heads/x`,
      `${zero} ${'A'.repeat(40)} refs/heads/x`,
      `${zero} HEAD refs/heads/x`,
      `${zero} --all refs/heads/x`,
    ]) {
      expect(() => parseReceivedRefs(`${line}\n`, 40), line).toThrow(/unexpected pre-receive input line/);
    }
  });
});
