// Every command a report prints is run as the user would run it: pasted into a shell (`sh -c`) in the
// directory they were in when keyguard stopped them, and checked to do what the report says it does.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { createRepo, KEYGUARD_BIN, writeScanHooks, type TestRepo } from '../support/git-repo.js';

const rng = seededRandom(0x9c0de);
const pairLines = (pair: FakePair) => `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;

/** The commands of a pretty report's "What to do now": its lines indented by 7, with `\` continuations joined. */
function printedCommands(report: string): string[] {
  const from = report.indexOf('What to do now');
  if (from === -1) throw new Error(`no "What to do now" in:\n${report}`);
  const commands: string[] = [];
  let pending = '';
  for (const line of report.slice(from).split('\n')) {
    if (!/^ {7}\S/.test(line) && pending === '') continue;
    const text = pending === '' ? line.slice(7) : `${pending} ${line.trim()}`;
    if (text.endsWith('\\')) {
      pending = text.slice(0, -1).trimEnd();
      continue;
    }
    pending = '';
    commands.push(text);
  }
  return commands;
}

/** The one printed command that starts with `start`. */
function commandStarting(report: string, start: string): string {
  const found = printedCommands(report).filter((command) => command.startsWith(start));
  if (found.length === 0) throw new Error(`no command starting with ${start} in:\n${report}`);
  return found[0]!;
}

/** Runs a printed command as a user pasting it would: `sh -c` in `cwd`, with the repository's git setup. */
function sh(repo: TestRepo, command: string, cwd: string) {
  const r = spawnSync('sh', ['-c', command], { cwd, env: repo.env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A repository whose pre-commit hook runs the built `keyguard scan --staged`, with one commit. */
function hookedRepo(): TestRepo {
  const repo = createRepo();
  writeScanHooks(join(repo.dir, '.git', 'hooks'));
  repo.write('README.md', 'hello\n');
  repo.git(['add', 'README.md']);
  repo.git(['commit', '-q', '-m', 'start']);
  return repo;
}

/** `git commit` from `cwd`, as a user standing there types it. */
function commitFrom(repo: TestRepo, cwd: string) {
  const r = spawnSync('git', ['commit', '-m', 'add config'], { cwd, env: repo.env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('a commit blocked in a subdirectory', () => {
  it('prints a git restore and a KEY_ID command that work from that subdirectory', () => {
    const repo = hookedRepo();
    try {
      const pair = fakePair(rng);
      // A name with a space, a quote, `$(…)` and pattern characters, next to one a pattern would also match.
      const odd = "it's $(echo x) [a].ini";
      const lookalike = "it's $(echo x) a.ini";
      const deep = join(repo.dir, 'sub', 'deep');
      mkdirSync(deep, { recursive: true });
      repo.write(`sub/deep/${odd}`, pairLines(pair));
      repo.write(`sub/deep/${lookalike}`, 'harmless\n');
      repo.git(['add', '-A']);

      const run = commitFrom(repo, deep);
      expect(run.status).toBe(1);
      const restore = commandStarting(run.stderr, 'git restore --staged');
      const keyId = commandStarting(run.stderr, 'KEY_ID=');

      // KEY_ID is read before the restore, as a user may paste step 2 first; both from the subdirectory.
      const read = sh(repo, `${keyId} && printf '%s' "$KEY_ID"`, deep);
      expect(read).toMatchObject({ status: 0, stdout: pair.id });

      const restored = sh(repo, restore, deep);
      expect(restored.stderr).toBe('');
      expect(restored.status).toBe(0);
      // The file is out of the commit (still in the work tree, as the report says); the look-alike stays staged.
      expect(repo.git(['diff', '--cached', '--name-only', '-z']).split('\0').filter(Boolean)).toEqual([
        `sub/deep/${lookalike}`,
      ]);
      expect(repo.git(['status', '--porcelain', '-z']).split('\0')).toContain(`?? sub/deep/${odd}`);
      // And the key can still be read after the restore, as step 2 comes after step 1.
      expect(sh(repo, `${keyId} && printf '%s' "$KEY_ID"`, deep)).toMatchObject({ status: 0, stdout: pair.id });
      // Nothing is left that blocks the commit.
      expect(commitFrom(repo, deep).status).toBe(0);
    } finally {
      repo.cleanup();
    }
  });

  it('prints an echo >> .gitignore that ignores the .env file from that subdirectory', () => {
    const repo = hookedRepo();
    try {
      const pair = fakePair(rng);
      const deep = join(repo.dir, 'sub', 'deep');
      const other = join(repo.dir, 'other');
      mkdirSync(deep, { recursive: true });
      mkdirSync(other, { recursive: true });
      repo.write('sub/deep/.env', pairLines(pair));
      repo.git(['add', '-A']);
      // Committed from a directory beside the file's, where a .gitignore of its own would not cover it.
      const run = commitFrom(repo, other);
      expect(run.status).toBe(1);
      for (const command of [
        commandStarting(run.stderr, 'git restore --staged'),
        commandStarting(run.stderr, 'echo '),
      ]) {
        expect(sh(repo, command, other)).toMatchObject({ status: 0, stderr: '' });
      }
      expect(repo.tryGit(['check-ignore', '-q', 'sub/deep/.env']).status).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});

describe('a push blocked by the pre-push hook', () => {
  /** A work repository whose `origin` is an empty bare repository, with keyguard's pre-push hook. */
  function withRemote(fn: (repo: TestRepo, remote: TestRepo) => void): void {
    const remote = createRepo({ initArgs: ['--bare'] });
    const repo = createRepo();
    try {
      repo.git(['remote', 'add', 'origin', remote.dir]);
      // As install writes it: git's arguments (the remote's name and URL) passed on.
      const hook = join(repo.dir, '.git', 'hooks', 'pre-push');
      writeFileSync(
        hook,
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(KEYGUARD_BIN)} hook pre-push "$@"\n`,
      );
      chmodSync(hook, 0o755);
      fn(repo, remote);
    } finally {
      repo.cleanup();
      remote.cleanup();
    }
  }
  const commit = (repo: TestRepo, file: string, text: string): string => {
    repo.write(file, text);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', `add ${file}`]);
    return repo.git(['rev-parse', 'HEAD']).trim();
  };

  /**
   * Runs the report's `git rebase -i …` as printed, with an editor that keeps git's todo list as it is
   * (and a copy of it): the commits it lists are those the user gets to mark "edit".
   */
  const shown = (run: { stdout: string; stderr: string }) => run.stdout + run.stderr;
  function rebaseTodo(repo: TestRepo, report: string): { command: string; todo: string[] } {
    const command = /`(git rebase -i [^`]+)`/.exec(report)?.[1];
    if (command === undefined) throw new Error(`no git rebase -i in:\n${report}`);
    const copy = join(repo.dir, '.git', 'todo-copy');
    const run = spawnSync('sh', ['-c', command], {
      cwd: repo.dir,
      env: { ...repo.env, GIT_SEQUENCE_EDITOR: `cp "$1" '${copy}' #` },
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/fatal|error/);
    expect(run.status).toBe(0);
    const todo = readFileSync(copy, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('pick '))
      .map((line) => line.split(' ')[1]!);
    return { command, todo };
  }
  const short = (repo: TestRepo, oid: string) => repo.git(['rev-parse', '--short', oid]).trim();

  it('on a first push (no upstream), names the parent of the commit that added the key', () =>
    withRemote((repo) => {
      commit(repo, 'README.md', 'hello\n');
      const added = commit(repo, 'deploy.ini', pairLines(fakePair(rng)));
      const after = commit(repo, 'notes.md', 'more\n');
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      expect(shown(push)).not.toContain('@{upstream}');
      const { todo } = rebaseTodo(repo, shown(push));
      expect(todo).toEqual([short(repo, added), short(repo, after)]);
    }));

  it('when the key is in the first commit, says --root', () =>
    withRemote((repo) => {
      const added = commit(repo, 'deploy.ini', pairLines(fakePair(rng)));
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      const { command, todo } = rebaseTodo(repo, shown(push));
      expect(command).toBe('git rebase -i --root');
      expect(todo).toEqual([short(repo, added)]);
    }));

  it('when the remote has the branch, names what it has (origin/main)', () =>
    withRemote((repo) => {
      commit(repo, 'README.md', 'hello\n');
      // Pushed without -u: the branch has no upstream configured, but the remote has it.
      expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);
      const clean = commit(repo, 'notes.md', 'more\n');
      const added = commit(repo, 'deploy.ini', pairLines(fakePair(rng)));
      const push = repo.tryGit(['push', 'origin', 'main']);
      expect(push.status).not.toBe(0);
      const { command, todo } = rebaseTodo(repo, shown(push));
      expect(command).toBe('git rebase -i origin/main');
      expect(todo).toEqual([short(repo, clean), short(repo, added)]);
    }));
});

describe('scan --history', () => {
  it('after a rename, names the file that holds the key now in its .gitignore line; its KEY_ID reads the commit', () => {
    const repo = createRepo();
    try {
      const pair = fakePair(rng);
      repo.write('.env', pairLines(pair));
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'env']);
      repo.write('config/README.md', 'settings\n');
      repo.git(['add', '-A']);
      repo.git(['mv', '.env', 'config/app.env']);
      repo.git(['commit', '-q', '-m', 'moved']);

      const sub = join(repo.dir, 'config');
      const run = repo.keyguard(['scan', '--history'], { cwd: sub });
      expect(run.status).toBe(1);
      const ignore = commandStarting(run.stdout, 'echo ');
      expect(ignore).toContain('app.env');
      expect(ignore).not.toMatch(/echo \.env /);
      expect(sh(repo, ignore, sub)).toMatchObject({ status: 0, stderr: '' });
      // Ignored for good once it is out of the index (--no-index: a tracked file is never "ignored").
      expect(repo.tryGit(['check-ignore', '-q', '--no-index', 'config/app.env']).status).toBe(0);

      const keyId = commandStarting(run.stdout, 'KEY_ID=');
      expect(sh(repo, `${keyId} && printf '%s' "$KEY_ID"`, sub)).toMatchObject({ status: 0, stdout: pair.id });
    } finally {
      repo.cleanup();
    }
  });
});
