// The gates after the commit, installed by `keyguard install --hook …`: pre-push (a real `git push` into a
// bare repository) and commit-msg (real `git commit -m`, `--amend`, merges, an editor, `commit -v`), with
// install's rules (chaining, idempotence, byte-exact uninstall) and `init --hook` writing prepare.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1502);
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function repo(options: Parameters<typeof createRepo>[0] = {}): TestRepo {
  const r = createRepo(options);
  repos.push(r);
  if (!options.initArgs?.includes('--bare')) linkKeyguard(r.dir, { exclude: join(r.dir, '.git', 'info', 'exclude') });
  return r;
}

function pairText(): { text: string; id: string } {
  const pair = fakePair(rng);
  return { text: `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`, id: pair.id };
}

function commitFile(r: TestRepo, path: string, content: string, args: string[] = []): RunResult {
  r.write(path, content);
  r.git(['add', '--', path]);
  return r.tryGit(['commit', '-q', '-m', `add ${path}`, ...args]);
}

function hookFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => !n.endsWith('.sample'))
      .sort()
      .map((n) => [n, `${(statSync(join(dir, n)).mode & 0o777).toString(8)} ${readFileSync(join(dir, n), 'utf8')}`]),
  );
}

describe('install --hook', () => {
  it('--hook all writes the four hooks; again changes nothing; uninstall puts back exactly what was there', () => {
    const r = repo();
    const hooks = join(r.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-push'), '#!/bin/sh\necho "user pre-push got: $(cat)" >&2\n');
    chmodSync(join(hooks, 'pre-push'), 0o755);
    const before = hookFiles(hooks);

    const first = r.keyguard(['install', '--hook', 'all']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'installed the pre-commit, pre-merge-commit, pre-push and commit-msg hooks in .git/hooks: commits, pushes and commit messages that add AWS credentials are now blocked.',
    );
    expect(first.stdout).toContain('kept your pre-push hook as pre-push.keyguard-chained');
    for (const name of ['pre-commit', 'pre-merge-commit', 'pre-push', 'commit-msg']) {
      expect(readFileSync(join(hooks, name), 'utf8')).toContain('keyguard-managed-hook');
    }
    const installed = hookFiles(hooks);
    expect(r.keyguard(['install', '--hook', 'all']).stdout).toContain('already installed; nothing changed');
    expect(hookFiles(hooks)).toEqual(installed);

    const un = r.keyguard(['uninstall']);
    expect(un.status).toBe(0);
    expect(un.stdout).toContain('removed the pre-commit, pre-merge-commit, pre-push and commit-msg hooks');
    expect(hookFiles(hooks)).toEqual(before);
  });

  it('--hook takes names, repeated or comma-separated, and refuses others in one line', () => {
    const r = repo();
    expect(r.keyguard(['install', '--hook', 'pre-push,commit-msg']).status).toBe(0);
    expect(Object.keys(hookFiles(join(r.dir, '.git', 'hooks')))).toEqual(['commit-msg', 'pre-push']);
    const bad = r.keyguard(['install', '--hook', 'post-checkout']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'keyguard: --hook takes pre-commit, pre-merge-commit, pre-push, commit-msg or all, not "post-checkout" (see `keyguard --help`).\n',
    );
  });

  it("pre-push: a real push of a commit with a key is blocked, the user's chained hook still gets git's input, a clean push goes through", () => {
    const remote = repo({ initArgs: ['--bare'] });
    const r = repo();
    r.git(['remote', 'add', 'origin', remote.dir]);
    const hooks = join(r.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-push'), '#!/bin/sh\necho "user pre-push got: $(cat)" >&2\n');
    chmodSync(join(hooks, 'pre-push'), 0o755);
    expect(r.keyguard(['install', '--hook', 'pre-push']).status).toBe(0);

    expect(commitFile(r, 'README.md', '# app\n').status).toBe(0);
    const clean = r.tryGit(['push', 'origin', 'main']);
    expect(clean.stderr).toMatch(/user pre-push got: refs\/heads\/main [0-9a-f]{40} refs\/heads\/main 0{40}/);
    expect(clean.status).toBe(0);

    const key = pairText();
    // Committed without the pre-commit gate (not installed here): the push is the gate.
    expect(commitFile(r, 'deploy/aws.ini', key.text).status).toBe(0);
    const blocked = r.tryGit(['push', 'origin', 'main']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('Push blocked.');
    expect(blocked.stdout + blocked.stderr).not.toContain(key.id);
    expect(remote.git(['rev-list', '--count', 'main']).trim()).toBe('1');
    // When it cannot run, it says so about the push, with the push's bypass.
    const failing = r.tryGit(['push', 'origin', 'main'], { env: { KEYGUARD_TIMEOUT: 'soon' } });
    expect(failing.status).not.toBe(0);
    expect(failing.stderr).toContain('keyguard: cannot check this push:');
    expect(failing.stderr).toContain('`git push --no-verify`');
  });
});

describe('the commit-msg gate', () => {
  function withCommitMsg(): TestRepo {
    const r = repo();
    expect(r.keyguard(['install', '--hook', 'commit-msg']).status).toBe(0);
    expect(commitFile(r, 'README.md', '# app\n').status).toBe(0);
    return r;
  }

  it('blocks `git commit -m` with a key in the message, and lets a clean message through', () => {
    const r = withCommitMsg();
    const key = pairText();
    r.write('notes.txt', 'notes\n');
    r.git(['add', 'notes.txt']);
    const blocked = r.tryGit(['commit', '-m', `deploy with\n\n${key.text}`]);
    expect(blocked.status).toBe(1);
    const out = blocked.stdout + blocked.stderr;
    expect(out).toContain('in the commit message. Commit blocked.');
    expect(out).not.toContain(key.id);
    expect(out).toContain('git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)"');
    expect(r.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
    expect(r.tryGit(['commit', '-q', '-m', 'add notes']).status).toBe(0);
  });

  it('the command the report prints works as printed, where the user stands', () => {
    const r = withCommitMsg();
    const key = pairText();
    r.write('src/deep/notes.txt', 'notes\n');
    r.git(['add', '.']);
    expect(r.tryGit(['commit', '-m', `subject\n\n${key.text}`]).status).toBe(1);
    // An editor that replaces the message, as the user would after reading the report.
    const editor = join(r.dir, '..', 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "subject\\n\\nthe key is gone\\n" > "$1"\n');
    chmodSync(editor, 0o755);
    const printed = 'git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)"';
    const again = spawnSync('sh', ['-c', printed], {
      cwd: join(r.dir, 'src', 'deep'),
      env: { ...r.env, GIT_EDITOR: editor },
      encoding: 'utf8',
    });
    expect(again.stdout + again.stderr).not.toContain('blocked');
    expect(again.status).toBe(0);
    expect(r.git(['log', '-1', '--format=%B']).trim()).toBe('subject\n\nthe key is gone');
  });

  it("blocks a key put into the message by --amend, and by a merge's message", () => {
    const r = withCommitMsg();
    expect(r.tryGit(['commit', '--amend', '-m', `readme\n\n${pairText().text}`]).status).toBe(1);
    expect(r.git(['log', '-1', '--format=%s']).trim()).toBe('add README.md');

    r.git(['checkout', '-q', '-b', 'feature']);
    expect(commitFile(r, 'feature.txt', 'feature\n').status).toBe(0);
    r.git(['checkout', '-q', 'main']);
    expect(commitFile(r, 'main.txt', 'main\n').status).toBe(0);
    const merge = r.tryGit(['merge', '--no-ff', '-m', `merge feature\n\n${pairText().text}`, 'feature']);
    expect(merge.status).not.toBe(0);
    expect(merge.stdout + merge.stderr).toContain('in the commit message. Commit blocked.');
    // No merge commit: main still has its own two.
    expect(r.git(['rev-list', '--count', 'HEAD']).trim()).toBe('2');
  });

  it('does not read what git strips: comment lines of an edited message, the diff below the scissors of commit -v', () => {
    const r = withCommitMsg();
    const key = pairText();
    // An editor that writes a subject and leaves a commented key, as a template or a paste would.
    const editor = join(r.dir, '..', 'editor.sh');
    const commented = key.text
      .trim()
      .split('\n')
      .map((line) => `# ${line}`)
      .join('\\n');
    writeFileSync(
      editor,
      `#!/bin/sh\n{ printf "subject\\n\\n${commented}\\n"; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n`,
    );
    chmodSync(editor, 0o755);
    r.write('notes.txt', 'notes\n');
    r.git(['add', 'notes.txt']);
    // KEYGUARD_VERBOSE=1: the hook says that it passed (a passing hook is silent otherwise).
    const edited = r.tryGit(['commit'], { env: { GIT_EDITOR: editor, KEYGUARD_VERBOSE: '1' } });
    expect(edited.stdout + edited.stderr).toContain('no AWS credentials in the commit message');
    expect(edited.status).toBe(0);
    expect(r.git(['log', '-1', '--format=%B'])).not.toContain(key.id);

    // commit -v: the staged diff (with a key in it) sits below the scissors line; only the message is read.
    const staged = pairText();
    r.write('config.ini', staged.text);
    r.git(['add', 'config.ini']);
    const plainEditor = join(r.dir, '..', 'plain-editor.sh');
    writeFileSync(plainEditor, '#!/bin/sh\n{ printf "add config\\n"; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n');
    chmodSync(plainEditor, 0o755);
    const verbose = r.tryGit(['commit', '-v'], { env: { GIT_EDITOR: plainEditor, KEYGUARD_VERBOSE: '1' } });
    expect(verbose.stdout + verbose.stderr).toContain('no AWS credentials in the commit message');
    expect(verbose.status).toBe(0);

    // With -m there is no editor: git keeps a line that starts with #, so keyguard reads it.
    r.write('more.txt', 'more\n');
    r.git(['add', 'more.txt']);
    const kept = r.tryGit(['commit', '-m', `subject\n# ${pairText().text}`]);
    expect(kept.status).toBe(1);
  });
});

describe('init --hook', () => {
  it('writes the choice into prepare, keeps it on a plain init, and replaces it when asked for other hooks', () => {
    const r = repo();
    r.write('package.json', '{\n  "name": "app",\n  "scripts": { "prepare": "husky" }\n}\n');
    const all = r.keyguard(['init', '--hook', 'all']);
    expect(all.status).toBe(0);
    const prepare = () => JSON.parse(readFileSync(join(r.dir, 'package.json'), 'utf8')).scripts.prepare;
    expect(prepare()).toBe('husky && keyguard install --hook all');
    expect(existsSync(join(r.dir, '.git', 'hooks', 'commit-msg'))).toBe(true);
    expect(r.keyguard(['init']).stdout).toContain('already runs keyguard install');
    expect(prepare()).toBe('husky && keyguard install --hook all');
    expect(r.keyguard(['init', '--hook', 'pre-push']).status).toBe(0);
    expect(prepare()).toBe('husky && keyguard install --hook pre-push');
    // What prepare runs, run as npm would: it installs the hooks it names.
    const run = spawnSync('sh', ['-c', `PATH="node_modules/.bin:$PATH" ${prepare().replace('husky && ', '')}`], {
      cwd: r.dir,
      env: r.env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    // uninstall takes the whole keyguard install command out again.
    expect(r.keyguard(['uninstall']).status).toBe(0);
    expect(prepare()).toBe('husky');
  });
});
