// What a staged scan covers (docs/staged-changes.md), each with a real repository and a real `git commit` through a hook that runs the
// built CLI (`scan --staged`, as the installed hook does). The hooks print the JSON report, which git
// passes on to its own stderr; one test checks the pretty report too.
import { readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { classifyBlob } from '../../src/detect/blob-text.js';
import { readStagedChanges } from '../../src/git/staged-changes.js';
import { fakeAccessKeyId, fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { createRepo, gitEnv, withRepo, writeScanHooks, type RunResult, type TestRepo } from '../support/git-repo.js';

const rng = seededRandom(0x5eed3);
const pairLines = (pair: FakePair) => `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');
const KEY_RULES = ['aws-access-key-id', 'aws-credential-pair'];

interface ReportFinding {
  path: string;
  line: number;
  secretLine?: number;
  rule: string;
}
interface Report {
  findings: ReportFinding[];
  skipped: { path: string; reason: string }[];
  binaryScanned?: { path: string }[];
}

/** A repository whose hooks run `keyguard scan --staged --format json`. */
function hookedRepo(options: Parameters<typeof createRepo>[0] = {}): TestRepo {
  const repo = createRepo(options);
  writeScanHooks(join(repo.dir, '.git', 'hooks'), { args: ['scan', '--staged', '--format', 'json'] });
  return repo;
}

function withHookedRepo(fn: (repo: TestRepo) => void | Promise<void>, options: Parameters<typeof createRepo>[0] = {}) {
  return async () => {
    const repo = hookedRepo(options);
    try {
      await fn(repo);
    } finally {
      repo.cleanup();
    }
  };
}

/** The JSON report the hook printed (git passes a hook's output on to its stderr). */
function report(run: RunResult): Report {
  const text = run.stderr;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end === -1) throw new Error(`no JSON report in git's output:\n${run.stderr}\n${run.stdout}`);
  return JSON.parse(text.slice(start, end + 1)) as Report;
}

/** Commits without the hook: to set up history that already holds a key. */
function commitQuietly(repo: TestRepo, message = 'setup'): void {
  repo.git(['commit', '-q', '--no-verify', '-m', message]);
}

function head(repo: TestRepo): string {
  const r = repo.tryGit(['rev-parse', '-q', '--verify', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : '(none)';
}

/** The commit was blocked, and the report names `path` and the key's line in the staged blob. */
function expectBlocked(run: RunResult, path: string, line: number): void {
  expect(run.status, `git commit should fail; it said:\n${run.stderr}`).not.toBe(0);
  const found = report(run).findings;
  expect(
    found.some((f) => f.path === path && KEY_RULES.includes(f.rule) && (f.line === line || f.secretLine === line)),
    JSON.stringify(found),
  ).toBe(true);
}

function expectCommitted(repo: TestRepo, run: RunResult, before: string): Report {
  expect(run.status, `git commit should pass; it said:\n${run.stderr}`).toBe(0);
  expect(head(repo)).not.toBe(before);
  return report(run);
}

describe('1. keys in new files and on added lines', () => {
  it(
    'a key in a new file blocks the commit, and nothing is committed',
    withHookedRepo((repo) => {
      repo.write('config/credentials.ini', `[default]\n${pairLines(fakePair(rng))}`);
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'add config']), 'config/credentials.ini', 2);
      expect(head(repo)).toBe('(none)');
    }),
  );

  it(
    'a key on a line added to an existing file blocks the commit',
    withHookedRepo((repo) => {
      repo.write('src/app.js', lines(10));
      repo.git(['add', '.']);
      commitQuietly(repo);
      const rows = lines(10).split('\n');
      rows.splice(4, 0, `const accessKeyId = '${fakeAccessKeyId(rng)}';`);
      repo.write('src/app.js', rows.join('\n'));
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'edit']), 'src/app.js', 5);
    }),
  );

  it(
    'a commit without keys passes',
    withHookedRepo((repo) => {
      repo.write('README.md', '# hello\n');
      repo.git(['add', '.']);
      const report = expectCommitted(repo, repo.tryGit(['commit', '-m', 'docs']), '(none)');
      expect(report.findings).toEqual([]);
    }),
  );

  it('the pretty report names the path and the line', () =>
    withRepo((repo) => {
      writeScanHooks(join(repo.dir, '.git', 'hooks'));
      repo.write('a.txt', 'one\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.write('a.txt', `one\ntwo\nkey = ${fakeAccessKeyId(rng)}\n`);
      repo.git(['add', '.']);
      const run = repo.tryGit(['commit', '-m', 'x']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('a.txt');
      expect(run.stderr).toMatch(/\b3:\d+/);
    }));
});

describe('2. git add -p: only what is staged counts', () => {
  const twoHunks = (key: string) =>
    `${lines(3)}clean addition\n${lines(12).split('\n').slice(3).join('\n')}key = ${key}\n`;

  it(
    'a key in the work tree that was not staged does not block',
    withHookedRepo((repo) => {
      repo.write('f.txt', lines(12));
      repo.git(['add', '.']);
      commitQuietly(repo);
      const before = head(repo);
      repo.write('f.txt', twoHunks(fakeAccessKeyId(rng)));
      repo.git(['add', '-p', 'f.txt'], { input: 'y\nn\n' });
      expect(repo.git(['diff', '--cached'])).toContain('clean addition');
      expect(repo.git(['diff', '--cached'])).not.toContain('key =');
      const report = expectCommitted(repo, repo.tryGit(['commit', '-m', 'partial']), before);
      expect(report.findings).toEqual([]);
    }),
  );

  it(
    'a staged key blocks even after it is removed from the work tree',
    withHookedRepo((repo) => {
      repo.write('f.txt', lines(12));
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.write('f.txt', twoHunks(fakeAccessKeyId(rng)));
      repo.git(['add', '-p', 'f.txt'], { input: 'n\ny\n' });
      repo.write('f.txt', lines(12));
      expectBlocked(repo.tryGit(['commit', '-m', 'partial']), 'f.txt', 13);
    }),
  );
});

describe('3. git commit -a and git commit <path> (a temporary GIT_INDEX_FILE)', () => {
  it(
    'git commit -a: a key only in the work tree is caught',
    withHookedRepo((repo) => {
      repo.write('settings.py', lines(4));
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.write('settings.py', `${lines(4)}AWS_ACCESS_KEY_ID = "${fakeAccessKeyId(rng)}"\n`);
      expectBlocked(repo.tryGit(['commit', '-a', '-m', 'all']), 'settings.py', 5);
    }),
  );

  it(
    'git commit <path>: the key in that path is caught',
    withHookedRepo((repo) => {
      repo.write('a.txt', 'a\n');
      repo.write('b.txt', 'b\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.write('b.txt', `b\nid ${fakeAccessKeyId(rng)}\n`);
      expectBlocked(repo.tryGit(['commit', '-m', 'only b', 'b.txt']), 'b.txt', 2);
    }),
  );

  it(
    'git commit <path>: a key staged in another path is not reported',
    withHookedRepo((repo) => {
      repo.write('clean.txt', 'a\n');
      repo.write('other.txt', 'b\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      const before = head(repo);
      repo.write('other.txt', `b\nid ${fakeAccessKeyId(rng)}\n`);
      repo.git(['add', 'other.txt']);
      repo.write('clean.txt', 'a\nclean change\n');
      const report = expectCommitted(repo, repo.tryGit(['commit', '-m', 'only clean', 'clean.txt']), before);
      expect(report.findings).toEqual([]);
      // The key is still staged for a later commit, which is blocked.
      expectBlocked(repo.tryGit(['commit', '-m', 'the rest']), 'other.txt', 2);
    }),
  );
});

describe('4. first commit, --amend, merges', () => {
  it(
    'the first commit of a repository',
    withHookedRepo((repo) => {
      repo.write('.env', `AWS_REGION=eu-west-1\n${pairLines(fakePair(rng))}`);
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'initial']), '.env', 2);
    }),
  );

  it(
    'git commit --amend that adds a key',
    withHookedRepo((repo) => {
      repo.write('a.txt', 'a\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      const before = head(repo);
      repo.write('a.txt', `a\n${fakeAccessKeyId(rng)}\n`);
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '--amend', '--no-edit']), 'a.txt', 2);
      expect(head(repo)).toBe(before);
    }),
  );

  function divergedWithKeyOnFeature(repo: TestRepo): void {
    repo.write('shared.txt', lines(5));
    repo.git(['add', '.']);
    commitQuietly(repo, 'base');
    repo.git(['checkout', '-q', '-b', 'feature']);
    repo.write('deploy/env.sh', `export REGION=us-east-1\n${pairLines(fakePair(rng))}`);
    repo.git(['add', '.']);
    commitQuietly(repo, 'feature with a key');
    repo.git(['checkout', '-q', 'main']);
    repo.write('main.txt', 'main\n');
    repo.git(['add', '.']);
    commitQuietly(repo, 'main moves on');
  }

  it(
    'git merge that makes its own commit runs pre-merge-commit, which blocks',
    withHookedRepo((repo) => {
      divergedWithKeyOnFeature(repo);
      const before = head(repo);
      expectBlocked(repo.tryGit(['merge', '--no-ff', '--no-edit', 'feature']), 'deploy/env.sh', 2);
      expect(head(repo)).toBe(before);
      repo.git(['merge', '--abort']);
    }),
  );

  it(
    'git merge --no-commit, then git commit (pre-commit) blocks',
    withHookedRepo((repo) => {
      divergedWithKeyOnFeature(repo);
      repo.git(['merge', '--no-commit', '--no-ff', '-q', 'feature']);
      expectBlocked(repo.tryGit(['commit', '--no-edit']), 'deploy/env.sh', 2);
    }),
  );
});

describe('5. only added lines are reported, in the context of the whole blob', () => {
  it(
    'a key already in HEAD on an unchanged line is not reported again',
    withHookedRepo((repo) => {
      repo.write('legacy.cfg', `title = old\n${pairLines(fakePair(rng))}footer\n`);
      repo.git(['add', '.']);
      commitQuietly(repo);
      const before = head(repo);
      repo.write(
        'legacy.cfg',
        `title = new\n${repo.git(['show', 'HEAD:legacy.cfg']).split('\n').slice(1).join('\n')}more\n`,
      );
      repo.git(['add', '.']);
      const report = expectCommitted(repo, repo.tryGit(['commit', '-m', 'edit around the old key']), before);
      expect(report.findings).toEqual([]);
    }),
  );

  it(
    'a secret added next to an unchanged aws_access_key_id line is reported',
    withHookedRepo((repo) => {
      const pair = fakePair(rng);
      repo.write('creds', `[default]\naws_access_key_id = ${pair.id}\nregion = us-east-1\n`);
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.write(
        'creds',
        `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\nregion = us-east-1\n`,
      );
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'add the secret']), 'creds', 3);
    }),
  );
});

describe('6. renames and copies', () => {
  it(
    'a renamed file with an old key and a clean new line passes',
    withHookedRepo((repo) => {
      repo.write('old.ini', `${lines(8)}${pairLines(fakePair(rng))}`);
      repo.git(['add', '.']);
      commitQuietly(repo);
      const before = head(repo);
      repo.git(['mv', 'old.ini', 'renamed.ini']);
      repo.write('renamed.ini', `${repo.git(['show', 'HEAD:old.ini'])}clean = true\n`);
      repo.git(['add', '.']);
      expect(expectCommitted(repo, repo.tryGit(['commit', '-m', 'rename']), before).findings).toEqual([]);
    }),
  );

  it(
    'a key added to a renamed file is reported at its line in the new file',
    withHookedRepo((repo) => {
      repo.write('old.txt', lines(20));
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.git(['mv', 'old.txt', 'new.txt']);
      repo.write('new.txt', `${lines(20)}key ${fakeAccessKeyId(rng)}\n`);
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'rename + key']), 'new.txt', 21);
    }),
  );

  it(
    'a copy adds its lines: a key in its source blocks at the copy',
    withHookedRepo((repo) => {
      repo.write('base.ini', `${lines(10)}${pairLines(fakePair(rng))}`);
      repo.git(['add', '.']);
      commitQuietly(repo);
      const base = repo.git(['show', 'HEAD:base.ini']);
      repo.write('copy.ini', `${base}copy = yes\n`);
      // git would call it a copy (-C) because its source changes in the same commit.
      repo.write('base.ini', `${base}source changed too\n`);
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'copy']), 'copy.ini', 11);
    }),
  );
});

describe('7. what is not scanned', () => {
  it(
    'deleting a file with a key, and deletion-only commits, pass',
    withHookedRepo((repo) => {
      repo.write('secrets.env', pairLines(fakePair(rng)));
      repo.write('other.txt', 'x\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      const before = head(repo);
      repo.git(['rm', '-q', 'secrets.env', 'other.txt']);
      expect(expectCommitted(repo, repo.tryGit(['commit', '-m', 'remove']), before).findings).toEqual([]);
    }),
  );

  it(
    'submodules are not scanned; a symlink is read as its target, never followed',
    withHookedRepo((repo) => {
      repo.write('a.txt', 'a\n');
      repo.write('targets/keys.txt', pairLines(fakePair(rng)));
      repo.git(['add', 'a.txt']);
      commitQuietly(repo);
      const before = head(repo);
      symlinkSync('targets/keys.txt', join(repo.dir, 'link'));
      repo.git(['update-index', '--add', '--cacheinfo', `160000,${before},vendor/sub`]);
      repo.git(['add', 'link']);
      const report = expectCommitted(repo, repo.tryGit(['commit', '-m', 'link and submodule']), before);
      expect(report).toMatchObject({ findings: [], skipped: [] });
    }),
  );

  it(
    'binary blobs are scanned for printable text (a lone key id is not reported), LFS pointers are skipped and listed',
    withHookedRepo((repo) => {
      const key = fakeAccessKeyId(rng);
      // The PNG signature and an IHDR chunk's length and type: control bytes, as any binary format has.
      const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];
      repo.write('image.png', Buffer.concat([Buffer.from(signature), Buffer.from(`\nkey ${key}\n`)]));
      repo.write('model.bin', `version https://git-lfs.github.com/spec/v1\noid sha256:${'0f'.repeat(32)}\nsize 4242\n`);
      repo.git(['add', '.']);
      const report = expectCommitted(repo, repo.tryGit(['commit', '-m', 'assets']), '(none)');
      expect(report.findings).toEqual([]);
      expect(report.skipped).toEqual([{ path: 'model.bin', reason: 'lfs-pointer' }]);
      expect(report.binaryScanned).toEqual([{ path: 'image.png' }]);
    }),
  );
});

describe('8. names, encodings and sizes', () => {
  it(
    'odd file names are reported verbatim',
    withHookedRepo((repo) => {
      const name = `we"ird 'name'\nwith ünïcødé.env`;
      repo.write(name, `# x\n${pairLines(fakePair(rng))}`);
      repo.git(['add', '--', name]);
      expectBlocked(repo.tryGit(['commit', '-m', 'odd']), name, 2);
    }),
  );

  it(
    'CRLF files',
    withHookedRepo((repo) => {
      repo.write('win.ini', `[default]\r\n${pairLines(fakePair(rng)).replace(/\n/g, '\r\n')}`);
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'crlf']), 'win.ini', 2);
    }),
  );

  it(
    'invalid UTF-8 around the key',
    withHookedRepo((repo) => {
      repo.write(
        'mixed.txt',
        Buffer.concat([
          Buffer.from([0xff, 0xfe, 0x41, 0x0a, 0xc3, 0x28, 0x0a]),
          Buffer.from(`id = ${fakeAccessKeyId(rng)}\n`),
        ]),
      );
      repo.git(['add', '.']);
      expectBlocked(repo.tryGit(['commit', '-m', 'bytes']), 'mixed.txt', 3);
    }),
  );

  describe('a file that is one 50 MB line', () => {
    let repo: TestRepo;
    let key: string;
    beforeAll(() => {
      repo = hookedRepo();
      key = fakeAccessKeyId(rng);
      const chunk = 'function f(a,b){return a*31+b}var x=f(1,2),y="minified";';
      const half = chunk.repeat(Math.ceil((25 * 1024 * 1024) / chunk.length));
      repo.write('dist/bundle.min.js', `${half}var awsAccessKeyId="${key}";${half}`);
      repo.git(['config', 'core.looseCompression', '0']);
      repo.git(['add', '.']);
    });
    afterAll(() => repo.cleanup());

    it('reads it as one added line', async () => {
      const seen: { path: string; added: number[]; length: number }[] = [];
      for await (const entry of readStagedChanges({ cwd: repo.dir, env: repo.env, classify: classifyBlob })) {
        if (entry.kind === 'text')
          seen.push({ path: entry.path, added: [...entry.addedLines], length: entry.text.length });
      }
      expect(seen).toEqual([{ path: 'dist/bundle.min.js', added: [1], length: expect.any(Number) }]);
      expect(seen[0]?.length).toBeGreaterThan(50 * 1024 * 1024);
    });

    it('blocks the key in it, on line 1', () => {
      expectBlocked(repo.tryGit(['commit', '-m', 'bundle']), 'dist/bundle.min.js', 1);
    });

    it('shows a short masked excerpt of the line, never the key', () => {
      const run = repo.keyguard(['scan', '--staged']);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('dist/bundle.min.js');
      expect(run.stdout).not.toContain(key);
      expect(run.stdout.length).toBeLessThan(20_000);
    });
  });
});

describe('9. repository layouts', () => {
  const stageKey = (repo: TestRepo, dir = repo.dir, path = 'k.txt') => {
    writeFileSync(join(dir, path), `x\nid ${fakeAccessKeyId(rng)}\n`);
    repo.git(['-C', dir, 'add', path]);
  };

  it(
    'a linked worktree (hooks live in the common git dir)',
    withHookedRepo((repo) => {
      repo.write('a.txt', 'a\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      const worktree = join(dirname(repo.dir), 'wt');
      repo.git(['worktree', 'add', '-q', '-b', 'side', worktree]);
      stageKey(repo, worktree);
      expectBlocked(repo.tryGit(['-C', worktree, 'commit', '-m', 'wt']), 'k.txt', 2);
    }),
  );

  it('core.hooksPath', () =>
    withRepo((repo) => {
      writeScanHooks(join(repo.dir, '.githooks'), { args: ['scan', '--staged', '--format', 'json'] });
      repo.git(['config', 'core.hooksPath', '.githooks']);
      stageKey(repo);
      expectBlocked(repo.tryGit(['commit', '-m', 'x']), 'k.txt', 2);
    }));

  it(
    'GIT_DIR and GIT_WORK_TREE set, committing from another directory',
    withHookedRepo((repo) => {
      stageKey(repo);
      const env = { GIT_DIR: join(repo.dir, '.git'), GIT_WORK_TREE: repo.dir };
      const run = repo.tryGit(['-C', dirname(repo.dir), 'commit', '-m', 'x'], { env });
      expectBlocked(run, 'k.txt', 2);
    }),
  );

  it(
    'index version 4',
    withHookedRepo((repo) => {
      repo.write('a.txt', 'a\n');
      repo.git(['add', '.']);
      repo.git(['update-index', '--index-version', '4']);
      stageKey(repo);
      expectBlocked(repo.tryGit(['commit', '-m', 'x']), 'k.txt', 2);
    }),
  );

  it(
    'a split index',
    withHookedRepo((repo) => {
      repo.write('a.txt', 'a\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.git(['config', 'core.splitIndex', 'true']);
      repo.git(['update-index', '--split-index']);
      stageKey(repo);
      expect(readdirSync(join(repo.dir, '.git')).some((f) => f.startsWith('sharedindex.'))).toBe(true);
      expectBlocked(repo.tryGit(['commit', '-a', '-m', 'x']), 'k.txt', 2);
    }),
  );

  it(
    'a SHA-256 repository',
    withHookedRepo(
      (repo) => {
        stageKey(repo);
        expectBlocked(repo.tryGit(['commit', '-m', 'x']), 'k.txt', 2);
      },
      { initArgs: ['--object-format=sha256'] },
    ),
  );

  it(
    'a sparse checkout',
    withHookedRepo((repo) => {
      repo.write('in/a.txt', 'a\n');
      repo.write('out/b.txt', 'b\n');
      repo.git(['add', '.']);
      commitQuietly(repo);
      repo.git(['sparse-checkout', 'set', 'in']);
      stageKey(repo, repo.dir, 'in/k.txt');
      expectBlocked(repo.tryGit(['commit', '-m', 'x']), 'in/k.txt', 2);
    }),
  );

  it(
    'a repository whose path has spaces',
    withHookedRepo(
      (repo) => {
        stageKey(repo);
        expectBlocked(repo.tryGit(['commit', '-m', 'x']), 'k.txt', 2);
      },
      { name: 'my projects key guard' },
    ),
  );
});

describe('10. when keyguard cannot run', () => {
  it('stopping early (a broken configuration) with megabytes still unread exits at once', () =>
    withRepo((repo) => {
      const big = lines(200_000, 'an ordinary line');
      repo.write('a.txt', big);
      repo.write('b.txt', `${big}more\n`);
      repo.write('.keyguard.json', '{ not json');
      repo.git(['add', '.']);
      const started = Date.now();
      const run = repo.keyguard(['scan', '--staged'], { timeout: 30_000 });
      expect(run.status, `took ${Date.now() - started} ms; stderr: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(/keyguard\.json/);
    }));

  it('outside a repository: exit 2, one clear line', () =>
    withRepo((repo) => {
      const outside = dirname(repo.dir);
      const run = repo.keyguard(['scan', '--staged'], {
        cwd: outside,
        env: { GIT_CEILING_DIRECTORIES: dirname(outside) },
      });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/not a git repository/);
    }));

  it('git missing from PATH: exit 2, one clear line', () =>
    withRepo((repo) => {
      rmSync(join(repo.dir, '.git', 'hooks'), { recursive: true, force: true });
      const run = repo.keyguard(['scan', '--staged'], { env: { ...gitEnv(), PATH: join(repo.dir, 'no-bin') } });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/git was not found/);
    }));
});
